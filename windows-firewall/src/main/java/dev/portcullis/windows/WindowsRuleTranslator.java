package dev.portcullis.windows;

import dev.portcullis.Cidr;
import dev.portcullis.Direction;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRange;
import dev.portcullis.PortRule;
import dev.portcullis.RuleAction;
import dev.portcullis.SpecProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link PortPolicy} into the Windows Firewall rules that express it, one rule per policy
 * rule, all in the group {@code Portcullis <policy>}. What Windows Firewall cannot express is refused
 * with an {@link InvalidSpecException} naming the field, never silently dropped: per-source rate
 * limits, reject (Windows only blocks silently) and per-rule logging. Each refusal has an explicit
 * option that applies the rule without the feature and says so in a plan note.
 */
public final class WindowsRuleTranslator {

    /** Remote address that stands for every IPv4 address (Windows takes ranges as well as subnets). */
    static final String ALL_IPV4 = "0.0.0.0-255.255.255.255";
    /** Remote address that stands for every IPv6 address. */
    static final String ALL_IPV6 = "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";

    private WindowsRuleTranslator() {
    }

    /**
     * The rules a policy needs, and the notes about what was knowingly left out.
     *
     * @param rules the rules, in policy order
     * @param notes remarks for the plan
     */
    public record Translation(List<WindowsRule> rules, List<String> notes) {
        /** @param rules r @param notes n */
        public Translation {
            rules = List.copyOf(rules);
            notes = List.copyOf(notes);
        }
    }

    /**
     * @param policy the name tagging the policy's rules
     * @return the rule group, {@code Portcullis <policy>}
     */
    public static String group(String policy) {
        return "Portcullis " + policy;
    }

    /**
     * @param policy the policy name
     * @param index the rule's 0-based position in the policy
     * @return the rule's unique name, {@code portcullis-<policy>-<n>}
     */
    public static String ruleName(String policy, int index) {
        return "portcullis-" + policy + "-" + (index + 1);
    }

    /**
     * @param policy the policy
     * @param options the backend options
     * @return the rules and notes
     * @throws InvalidSpecException listing everything Windows Firewall cannot do, each with its field
     */
    public static Translation translate(PortPolicy policy, WindowsFirewallOptions options) {
        List<SpecProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<WindowsRule> rules = new ArrayList<>();
        if (policy.zone().isPresent()) {
            problems.add(SpecProblem.of("zone", "Windows Firewall has profiles, not zones, so zone '" + policy.zone().get()
                    + "' cannot be honoured and ignoring it would open the policy's ports on every interface; leave the"
                    + " zone out and choose the profiles with " + WindowsFirewallOptions.PROFILES));
        }
        for (int i = 0; i < policy.rules().size(); i++) {
            PortRule r = policy.rules().get(i);
            String field = "rules[" + i + "]";
            if (r.rateLimit().isPresent()) {
                if (options.ignoreRateLimits()) {
                    notes.add(field + ": rate limit " + r.rateLimit().get() + " NOT applied: Windows Firewall cannot"
                            + " rate-limit connections (" + WindowsFirewallOptions.IGNORE_RATE_LIMITS + "=true)");
                } else {
                    problems.add(SpecProblem.of(field + ".rateLimit", "Windows Firewall cannot rate-limit connections;"
                            + " remove the limit, or set " + WindowsFirewallOptions.IGNORE_RATE_LIMITS
                            + "=true to apply the rule without it"));
                }
            }
            String action = switch (r.action()) {
                case ALLOW -> "Allow";
                case DENY -> "Block";
                case REJECT -> "Block";
            };
            if (r.action() == RuleAction.REJECT) {
                if (options.rejectAsBlock()) {
                    notes.add(field + ": reject applied as block (silent drop): Windows Firewall cannot reject ("
                            + WindowsFirewallOptions.REJECT_AS_BLOCK + "=true)");
                } else {
                    problems.add(SpecProblem.of(field + ".action", "Windows Firewall cannot reject with an error, only"
                            + " block silently; use deny(), or set " + WindowsFirewallOptions.REJECT_AS_BLOCK + "=true"));
                }
            }
            if (r.logged()) {
                if (options.ignoreLogging()) {
                    notes.add(field + ": not logged per rule: Windows Firewall logs per profile ("
                            + WindowsFirewallOptions.IGNORE_LOGGING + "=true)");
                } else {
                    problems.add(SpecProblem.of(field + ".logged", "Windows Firewall logs per profile, not per rule;"
                            + " enable logging in the profile (Set-NetFirewallProfile), or set "
                            + WindowsFirewallOptions.IGNORE_LOGGING + "=true"));
                }
            }
            List<String> ports = r.ports().stream().map(p -> p.format("-")).toList();
            boolean inbound = r.direction() == Direction.INBOUND;
            rules.add(new WindowsRule(ruleName(policy.name(), i), displayName(policy.name(), i, r),
                    r.description().or(policy::description).orElse(""), group(policy.name()), true,
                    inbound ? "Inbound" : "Outbound", action, r.protocol() == dev.portcullis.Protocol.TCP ? "TCP" : "UDP",
                    inbound ? ports : List.of("Any"), inbound ? List.of("Any") : ports, remoteAddresses(r),
                    options.profiles()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return new Translation(rules, notes);
    }

    private static List<String> remoteAddresses(PortRule r) {
        if (!r.sources().isEmpty()) {
            return r.sources().stream().map(Cidr::toCidrString).toList();
        }
        if (r.families().size() == IpFamily.values().length) {
            return List.of("Any");
        }
        // A rule limited to one family but open to every source of it: Windows has no family
        // switch, so the whole address space of that family is the remote address.
        return List.of(r.families().contains(IpFamily.IPV4) ? ALL_IPV4 : ALL_IPV6);
    }

    private static String displayName(String policy, int index, PortRule r) {
        String ports = String.join(",", r.ports().stream().map(PortRange::toString).toList());
        return "Portcullis " + policy + " #" + (index + 1) + ": " + r.action().name().toLowerCase(java.util.Locale.ROOT) + " "
                + (r.direction() == Direction.OUTBOUND ? "outbound " : "") + r.protocol().id() + " " + ports;
    }
}
