package dev.portcullis.iptables;

import dev.portcullis.preflight.ActiveFirewall;
import dev.portcullis.preflight.FirewallFindings;
import dev.portcullis.preflight.PreflightContext;
import dev.portcullis.preflight.PreflightContributor;
import dev.portcullis.preflight.Reading;
import dev.portcullis.spi.FactKey;
import java.util.List;

/**
 * The iptables module's part of the firewall audit: reads {@code iptables-save} and
 * {@code ip6tables-save} (the variant the plain names run), says whether they filter anything,
 * names the rules that drop or reject the spec's ports, and notes a filter INPUT policy that
 * drops. How many filter rules each family holds is recorded as a host fact for the backends.
 */
public final class IptablesPreflight implements PreflightContributor {

    /** How many rules the IPv4 filter table holds, as {@code iptables-save} printed them. */
    public static final FactKey<Long> RULES_V4 = FactKey.count("iptables.rules");
    /** How many rules the IPv6 filter table holds, as {@code ip6tables-save} printed them. */
    public static final FactKey<Long> RULES_V6 = FactKey.count("ip6tables.rules");

    @Override
    public void auditFirewalls(PreflightContext host, FirewallFindings findings) {
        if (host.isWindows()) {
            return;
        }
        IptablesVariant variant = IptablesFacts.variantOrDefault(host.facts());
        for (String family : List.of("iptables", "ip6tables")) {
            if (!host.mayHaveTool(family + "-save")) {
                continue;
            }
            Reading save = host.read(family + "-save");
            findings.findings().read(save);
            if (!save.ok()) {
                continue;
            }
            IptablesSave parsed = parse(save, findings, family + "-save");
            if (parsed == null) {
                continue;
            }
            host.learn(family.equals("iptables") ? RULES_V4 : RULES_V6, parsed.filterRules());
            if (parsed.filtersAnything()) {
                findings.active(new ActiveFirewall(family, variant + ", " + parsed.filterRules() + " filter rules",
                        variant == IptablesVariant.NF_TABLES ? ActiveFirewall.Layer.NF_TABLES
                                : ActiveFirewall.Layer.IPTABLES_LEGACY));
            }
            findings.blocking(parsed.blocking(family, findings.query()));
            String input = parsed.filterPolicy("INPUT").orElse("ACCEPT");
            if (!input.equals("ACCEPT")) {
                findings.findings().note(family + " filter INPUT policy is " + input
                        + ": only what a rule accepts gets in");
            }
        }
    }

    /**
     * Parses a save output for the audit, which reports what it cannot read instead of failing.
     *
     * @param save the reading
     * @param findings where a parse failure is reported
     * @param program the program that printed it, for the warning
     * @return the parsed output, or null when it is not iptables-save output
     */
    public static IptablesSave parse(Reading save, FirewallFindings findings, String program) {
        try {
            return IptablesSave.parse(save.stdout());
        } catch (IllegalArgumentException e) {
            findings.findings().warn("could not read what " + program + " printed: " + e.getMessage());
            return null;
        }
    }
}
