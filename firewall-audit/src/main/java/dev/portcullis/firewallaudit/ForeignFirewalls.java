package dev.portcullis.firewallaudit;

import dev.portcullis.iptables.IptablesFacts;
import dev.portcullis.iptables.IptablesPreflight;
import dev.portcullis.iptables.IptablesSave;
import dev.portcullis.iptables.IptablesVariant;
import dev.portcullis.preflight.ActiveFirewall;
import dev.portcullis.preflight.Findings;
import dev.portcullis.preflight.FirewallFindings;
import dev.portcullis.preflight.PreflightContext;
import dev.portcullis.preflight.PreflightContributor;
import dev.portcullis.preflight.Reading;
import dev.portcullis.spi.FactKey;
import dev.portcullis.spi.HostFactsContributor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Audits the firewalls Portcullis does not manage, whichever backends are installed: nftables
 * tables of their own ({@code nft list ruleset}), ufw ({@code ufw status verbose}), and the
 * iptables variant the plain {@code iptables} does not run ({@code iptables-legacy-save} beside
 * nf_tables). Then judges the firewalls together: rules in both iptables-legacy and nf_tables,
 * firewalld beside ufw; and names the neighbours Portcullis coexists with ({@link Neighbours}:
 * fail2ban and its jails, Docker's chains, ban chains, ipsets). What it learns becomes host facts
 * the backends may use.
 */
public final class ForeignFirewalls implements PreflightContributor, HostFactsContributor {

    /** Whether ufw filters, from {@code ufw status}. */
    public static final FactKey<UfwState> UFW_STATUS = FactKey.choice("ufw.status", UfwState.class);
    /** Every nftables table as "family name", comma-separated, from {@code nft list ruleset}. */
    public static final FactKey<String> NFT_TABLES = FactKey.text("nftables.tables");

    /** What {@code ufw status} says. */
    public enum UfwState {
        /** "Status: active": ufw's rules are loaded. */
        ACTIVE,
        /** "Status: inactive". */
        INACTIVE
    }

    /** The tables iptables-nft keeps in nftables (families ip and ip6), reported once, as iptables shows them. */
    private static final Set<String> IPTABLES_TABLES = Set.of("filter", "nat", "mangle", "raw", "security");

    @Override
    public Set<String> tools() {
        return Set.of("nft", "ufw", "iptables-legacy", "iptables-legacy-save", "ip6tables-legacy-save");
    }

    @Override
    public void auditFirewalls(PreflightContext host, FirewallFindings findings) {
        if (host.isWindows()) {
            return;
        }
        IptablesVariant variant = IptablesFacts.variantOrDefault(host.facts());
        if (variant != IptablesVariant.LEGACY && host.facts().hasTool("iptables-legacy")) {
            legacy(host, findings);
        }
        if (host.mayHaveTool("nft")) {
            nftables(host, findings, variant == IptablesVariant.NF_TABLES ? iptablesNftTables(host) : Set.of());
        }
        if (host.mayHaveTool("ufw")) {
            ufw(host, findings);
        }
    }

    @Override
    public void judgeFirewalls(PreflightContext host, FirewallFindings findings) {
        List<ActiveFirewall> active = findings.active();
        if (active.stream().anyMatch(a -> a.tool().equals("firewalld")) && active.stream().anyMatch(a -> a.tool().equals("ufw"))) {
            findings.findings().warn("firewalld and ufw are both active: each rewrites rules the other relies on; keep one");
        }
        if (active.stream().anyMatch(a -> a.layer() == ActiveFirewall.Layer.IPTABLES_LEGACY)
                && active.stream().anyMatch(a -> a.layer() == ActiveFirewall.Layer.NF_TABLES)) {
            findings.findings().warn("rules exist in both iptables-legacy and nf_tables: packets pass both, so a port"
                    + " opened in one can still be dropped by the other");
        }
        if (!host.isWindows()) {
            neighbours(host, findings.findings());
        }
    }

    /**
     * Names what already guards the host (fail2ban and its jails, Docker's chains, ban chains,
     * ipsets): Portcullis coexists with them, and the report says so before anything changes.
     */
    private static void neighbours(PreflightContext host, Findings f) {
        Map<String, IptablesSave> saves = iptablesSaves(host);
        Reading fail2ban = host.read("fail2ban-client", "status");
        Reading ipsets = host.read("ipset", "list", "-n");
        Neighbours n = Neighbours.of(saves.values(),
                fail2ban.ok() ? Optional.of(fail2ban.stdout()) : Optional.empty(),
                ipsets.ok() ? Optional.of(ipsets.stdout()) : Optional.empty());
        if (fail2ban.ok()) {
            f.read(fail2ban);
        }
        if (ipsets.ok()) {
            f.read(ipsets);
        }
        f.detail("neighbours", n.toDetail());
        n.notes().forEach(f::note);
    }

    /** The legacy x_tables on a host whose iptables runs nf_tables: rules there still filter every packet. */
    private static void legacy(PreflightContext host, FirewallFindings findings) {
        for (String family : List.of("iptables", "ip6tables")) {
            Reading save = host.read(family + "-legacy-save");
            findings.findings().read(save);
            if (!save.ok()) {
                continue;
            }
            IptablesSave parsed = IptablesPreflight.parse(save, findings, family + "-legacy-save");
            if (parsed != null && parsed.filtersAnything()) {
                findings.active(new ActiveFirewall(family + "-legacy", parsed.filterRules() + " filter rules",
                        ActiveFirewall.Layer.IPTABLES_LEGACY));
                findings.blocking(parsed.blocking(family + "-legacy", findings.query()));
            }
        }
    }

    /**
     * The tables iptables-nft keeps in nftables, which the iptables audit has already reported as
     * iptables shows them.
     */
    private static Set<String> iptablesNftTables(PreflightContext host) {
        Set<String> reported = new HashSet<>();
        iptablesSaves(host).forEach((family, save) -> save.tableNames().stream().filter(IPTABLES_TABLES::contains)
                .forEach(t -> reported.add((family.equals("iptables") ? "ip" : "ip6") + " " + t)));
        return reported;
    }

    /**
     * What {@code iptables-save} and {@code ip6tables-save} print, parsed, by family. Read through
     * the preflight's memo: the same outputs the iptables audit read, no second process. An output
     * that cannot be read is left out: the iptables audit reports it.
     */
    private static Map<String, IptablesSave> iptablesSaves(PreflightContext host) {
        Map<String, IptablesSave> saves = new LinkedHashMap<>();
        for (String family : List.of("iptables", "ip6tables")) {
            if (!host.mayHaveTool(family + "-save")) {
                continue;
            }
            Reading save = host.read(family + "-save");
            if (!save.ok()) {
                continue;
            }
            try {
                saves.put(family, IptablesSave.parse(save.stdout()));
            } catch (IllegalArgumentException e) {
                // the iptables audit reports what it cannot read
            }
        }
        return saves;
    }

    private static void nftables(PreflightContext host, FirewallFindings findings, Set<String> reportedByIptables) {
        Reading nft = host.read("nft", "list", "ruleset");
        findings.findings().read(nft);
        if (!nft.ok()) {
            return;
        }
        NftRuleset ruleset = NftRuleset.parse(nft.stdout());
        List<String> own = ruleset.tableNames().stream().filter(t -> !reportedByIptables.contains(t)).toList();
        host.learn(NFT_TABLES, String.join(",", ruleset.tableNames()));
        if (!own.isEmpty()) {
            findings.active(new ActiveFirewall("nftables", "tables: " + String.join(", ", own),
                    ActiveFirewall.Layer.NF_TABLES));
        }
        findings.blocking(ruleset.blocking(findings.query(), reportedByIptables));
        for (String table : own) {
            ruleset.chains(table).values().stream()
                    .filter(c -> "input".equals(c.hook()) && "drop".equals(c.policy()))
                    .forEach(c -> findings.findings().note("nftables table " + table + " chain " + c.name()
                            + " drops what no rule accepts (policy drop)"));
        }
    }

    private static void ufw(PreflightContext host, FirewallFindings findings) {
        Reading ufw = host.read("ufw", "status", "verbose");
        findings.findings().read(ufw);
        if (!ufw.ok()) {
            return;
        }
        UfwStatus status = UfwStatus.parse(ufw.stdout());
        host.learn(UFW_STATUS, status.active() ? UfwState.ACTIVE : UfwState.INACTIVE);
        if (status.active()) {
            // ufw drives whichever iptables the host runs; its rules are reported as ufw's
            findings.active(new ActiveFirewall("ufw", "", ActiveFirewall.Layer.OTHER));
            findings.blocking(status.blocking(findings.query()));
            if (!status.defaults().isEmpty()) {
                findings.findings().detail("ufwDefaults", status.defaults());
            }
        }
    }
}
