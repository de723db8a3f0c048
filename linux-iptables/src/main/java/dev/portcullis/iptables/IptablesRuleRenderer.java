package dev.portcullis.iptables;

import dev.portcullis.Cidr;
import dev.portcullis.Direction;
import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRange;
import dev.portcullis.PortRule;
import dev.portcullis.Protocol;
import dev.portcullis.RuleAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a {@link PortPolicy} as the rules of one IP family, word for word as
 * {@code iptables-save} prints them back, so that planning and verifying compare like with like.
 * Pure: the same policy always gives the same lines.
 *
 * <p>Each {@link PortRule} becomes, per source network (or once, when from anywhere):
 * <ol>
 * <li>with a rate limit, a DROP of new connections above the per-source rate (hashlimit);</li>
 * <li>when logged, a LOG rule whose prefix names the policy;</li>
 * <li>the verdict: ACCEPT, DROP, or REJECT with a TCP reset (TCP) or port-unreachable (UDP).</li>
 * </ol>
 * Every line carries the comment {@code portcullis:<policy>:<rule number>[:limit|:log]}.
 *
 * <p>When sets are in use, a rule with at least {@link PortPolicy#sourceSetThreshold()} sources of
 * the family matches them all with one {@code -m set --match-set <set> src} (dst for outbound
 * rules) instead of one line per source; {@link #sets} gives those sets.
 */
final class IptablesRuleRenderer {

    /** iptables limits a LOG prefix to 29 characters; the last one is the space before the message. */
    static final int LOG_PREFIX_MAX = 28;

    private IptablesRuleRenderer() {
    }

    /**
     * @param policy the policy
     * @param family the family whose table the lines go to
     * @return the policy's lines for that family, in policy order, across both owned chains
     */
    static List<IptablesRuleLine> render(PortPolicy policy, IpFamily family) {
        return render(policy, family, List.of());
    }

    /**
     * @param policy the policy
     * @param family the family whose table the lines go to
     * @param interfaces the interfaces that stand for the policy's zone ({@code -i}, {@code -o} for
     *     outbound rules): every line is repeated per interface; empty: every interface
     * @return the policy's lines for that family, in policy order, across both owned chains
     */
    static List<IptablesRuleLine> render(PortPolicy policy, IpFamily family, List<String> interfaces) {
        return render(policy, family, interfaces, false);
    }

    /**
     * @param policy the policy
     * @param family the family whose table the lines go to
     * @param interfaces the interfaces that stand for the policy's zone; empty: every interface
     * @param useSets whether a rule with many sources matches them through its ipset
     * @return the policy's lines for that family, in policy order, across both owned chains
     */
    static List<IptablesRuleLine> render(PortPolicy policy, IpFamily family, List<String> interfaces, boolean useSets) {
        List<IptablesRuleLine> lines = new ArrayList<>();
        List<PortRule> rules = policy.rules();
        for (int i = 0; i < rules.size(); i++) {
            String set = useSets && inSet(policy, rules.get(i), family)
                    ? OwnedIpset.nameFor(policy.name(), i + 1, family) : null;
            lines.addAll(render(policy.name(), i + 1, rules.get(i), family, interfaces, set));
        }
        return lines;
    }

    /**
     * @param policy the policy
     * @param family a family
     * @return the sets its rules with many sources of that family match, by name
     */
    static Map<String, OwnedIpset> sets(PortPolicy policy, IpFamily family) {
        Map<String, OwnedIpset> sets = new TreeMap<>();
        List<PortRule> rules = policy.rules();
        for (int i = 0; i < rules.size(); i++) {
            if (inSet(policy, rules.get(i), family)) {
                String name = OwnedIpset.nameFor(policy.name(), i + 1, family);
                sets.put(name, OwnedIpset.of(name, family, new TreeSet<>(rules.get(i).sources(family))));
            }
        }
        return sets;
    }

    // hash:net cannot hold a /0; a rule from everywhere needs no set.
    private static boolean inSet(PortPolicy policy, PortRule rule, IpFamily family) {
        List<Cidr> sources = rule.sources(family);
        return rule.families().contains(family) && sources.size() >= policy.sourceSetThreshold()
                && sources.stream().noneMatch(Cidr::isAny);
    }

    /**
     * @param policyName the policy's name
     * @param number the rule's 1-based number in the policy
     * @param rule the rule
     * @param family the family
     * @return its lines for that family (none when the rule does not apply to it)
     */
    static List<IptablesRuleLine> render(String policyName, int number, PortRule rule, IpFamily family) {
        return render(policyName, number, rule, family, List.of(), null);
    }

    private static List<IptablesRuleLine> render(String policyName, int number, PortRule rule, IpFamily family,
            List<String> interfaces, String set) {
        if (!rule.families().contains(family)) {
            return List.of();
        }
        List<Cidr> addresses = rule.fromAnywhere() || set != null ? Arrays.asList((Cidr) null) : rule.sources(family);
        String chain = OwnedChains.chainFor(rule.direction());
        String tag = OwnedChains.POLICY_TAG + policyName + ":" + number;
        List<IptablesRuleLine> lines = new ArrayList<>();
        List<String> through = interfaces.isEmpty() ? Arrays.asList((String) null) : interfaces;
        List<List<String>> matches = new ArrayList<>();
        for (Cidr address : addresses) {
            for (String iface : through) {
                matches.add(match(rule, address, iface, set));
            }
        }
        for (List<String> match : matches) {
            rule.rateLimit().ifPresent(limit -> {
                List<String> w = new ArrayList<>(match);
                w.addAll(List.of("-m", "conntrack", "--ctstate", "NEW", "-m", "hashlimit"));
                w.addAll(HashlimitRate.words(limit, rule.direction() == Direction.OUTBOUND ? "dstip" : "srcip",
                        hashlimitName(policyName, number, rule)));
                w.addAll(List.of("-m", "comment", "--comment", tag + ":limit", "-j", "DROP"));
                lines.add(IptablesRuleLine.of(chain, w));
            });
            if (rule.logged()) {
                List<String> w = new ArrayList<>(match);
                w.addAll(List.of("-m", "comment", "--comment", tag + ":log", "-j", "LOG", "--log-prefix",
                        logPrefix(policyName, rule) + " "));
                lines.add(IptablesRuleLine.of(chain, w));
            }
            List<String> w = new ArrayList<>(match);
            w.addAll(List.of("-m", "comment", "--comment", tag));
            w.addAll(verdict(rule, family));
            lines.add(IptablesRuleLine.of(chain, w));
        }
        return lines;
    }

    /**
     * @param policyName the policy
     * @param rule the rule
     * @return the LOG prefix: the rule's own, or one naming the policy, cut to fit
     */
    static String logPrefix(String policyName, PortRule rule) {
        String prefix = rule.logPrefix().orElse("portcullis:" + policyName);
        return prefix.length() > LOG_PREFIX_MAX ? prefix.substring(0, LOG_PREFIX_MAX) : prefix;
    }

    private static List<String> match(PortRule rule, Cidr address, String iface, String set) {
        List<String> w = new ArrayList<>();
        if (address != null && !address.isAny()) {
            // iptables-save omits a match on every address, so the rule is written without it too.
            w.add(rule.direction() == Direction.OUTBOUND ? "-d" : "-s");
            w.add(address.toCidrString());
        }
        if (iface != null) {
            // iptables-save prints the interface after the addresses and before the protocol.
            w.add(rule.direction() == Direction.OUTBOUND ? "-o" : "-i");
            w.add(iface);
        }
        w.add("-p");
        w.add(rule.protocol().id());
        if (set != null) {
            // iptables-save prints modules in the order they were given: the set comes before the port.
            w.addAll(List.of("-m", "set", "--match-set", set, rule.direction() == Direction.OUTBOUND ? "dst" : "src"));
        }
        List<PortRange> ports = rule.ports();
        if (ports.size() == 1) {
            w.addAll(List.of("-m", rule.protocol().id(), "--dport", ports.get(0).format(":")));
        } else {
            w.addAll(List.of("-m", "multiport", "--dports",
                    String.join(",", ports.stream().map(p -> p.format(":")).toList())));
        }
        return w;
    }

    private static List<String> verdict(PortRule rule, IpFamily family) {
        if (rule.action() == RuleAction.ALLOW) {
            return List.of("-j", "ACCEPT");
        }
        if (rule.action() == RuleAction.DENY) {
            return List.of("-j", "DROP");
        }
        String with = rule.protocol() == Protocol.TCP ? "tcp-reset"
                : family == IpFamily.IPV6 ? "icmp6-port-unreachable" : "icmp-port-unreachable";
        return List.of("-j", "REJECT", "--reject-with", with);
    }

    // One hash table per rule and limit: a changed limit gets a fresh table rather than
    // inheriting the old one's settings. 14 characters fit every hashlimit revision.
    private static String hashlimitName(String policyName, int number, PortRule rule) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((policyName + ":" + number + ":" + rule.rateLimit().orElseThrow())
                    .getBytes(StandardCharsets.UTF_8));
            return "pc" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
