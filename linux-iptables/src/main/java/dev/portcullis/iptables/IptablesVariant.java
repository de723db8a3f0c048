package dev.portcullis.iptables;

import java.util.Locale;

/**
 * Which kernel layer the host's {@code iptables} program writes to, as {@code iptables -V} says:
 * {@code iptables v1.8.9 (nf_tables)} or {@code iptables v1.8.9 (legacy)}.
 */
public enum IptablesVariant {
    /** iptables-nft: the rules live in nftables tables of family ip and ip6. */
    NF_TABLES,
    /** iptables-legacy: the rules live in the kernel's x_tables. */
    LEGACY;

    /**
     * @param versionLine what {@code iptables -V} printed
     * @return the variant it names; an iptables too old to say is legacy
     */
    public static IptablesVariant fromVersion(String versionLine) {
        return versionLine.contains("nf_tables") ? NF_TABLES : LEGACY;
    }

    /** @return the name iptables itself uses: "nf_tables" or "legacy" */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
