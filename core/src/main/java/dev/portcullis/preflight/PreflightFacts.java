package dev.portcullis.preflight;

/**
 * The host fact attributes preflight adds before it asks the backends whether they apply, so a
 * backend's {@link dev.portcullis.spi.Backend#supports(dev.portcullis.spi.HostFacts)} can use them
 * (for example: prefer firewalld only when it runs).
 */
public final class PreflightFacts {

    /** "running" or "not running", from {@code firewall-cmd --state}. */
    public static final String FIREWALLD_STATE = "firewalld.state";
    /** "active" or "inactive", from {@code ufw status}. */
    public static final String UFW_STATUS = "ufw.status";
    /** Comma-separated "family name" of every nftables table, from {@code nft list ruleset}. */
    public static final String NFT_TABLES = "nftables.tables";
    /** The Postfix version, from {@code postconf mail_version}. */
    public static final String POSTFIX_VERSION = "postfix.version";
    /** "true" or "false", from {@code postfix status}. */
    public static final String POSTFIX_RUNNING = "postfix.running";
    /** Comma-separated lookup table types, from {@code postconf -m}. */
    public static final String POSTFIX_MAP_TYPES = "postfix.mapTypes";

    private PreflightFacts() {
    }

    /**
     * @param family "iptables" or "ip6tables"
     * @return the attribute holding how many rules {@code <family>-save} printed
     */
    public static String iptablesRules(String family) {
        return family + ".rules";
    }
}
