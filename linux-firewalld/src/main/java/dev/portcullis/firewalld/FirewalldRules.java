package dev.portcullis.firewalld;

import dev.portcullis.Cidr;
import dev.portcullis.Direction;
import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRule;
import dev.portcullis.RateLimit;
import dev.portcullis.RuleAction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link PortPolicy} becomes in one firewalld zone: the owned services it needs, the owned
 * services the zone allows outright (plain open ports), and the rich rules (sources, rate limits,
 * logging, deny and reject), each rich rule written exactly as firewalld prints it back so that
 * desired and live state compare as strings. A pure function of the policy.
 *
 * <p>Written order wins, as {@link PortPolicy#decide} says. Without a {@code priority} firewalld
 * evaluates rich rules by action class (log, then deny, then allow), so an allow written before a
 * deny would lose to it. Each rich rule therefore carries {@code priority="N"}, N being its rule's
 * 1-based number in the policy: firewalld evaluates positive priorities in ascending order, after
 * the zone's own services, ports and priority-0 rich rules (so an administrator's rules and a
 * fail2ban ban still come first). A plain open port (any source, both families, no limit, no
 * log) stays an allowed service, which firewalld evaluates before every positive-priority rule;
 * that is only the same when no earlier rule could drop or reject its traffic, so a plain rule
 * after such a rule becomes a prioritised rich rule too.
 *
 * <p>An empty policy (no rules) is what {@code remove} plans towards.
 */
public final class FirewalldRules {

    private final String policy;
    private final Map<String, OwnedService> services;
    private final Set<String> zoneServices;
    private final Set<String> richRules;
    private final List<String> notes;
    private final Map<String, FirewalldIpset> ipsets;

    private FirewalldRules(String policy, Map<String, OwnedService> services, Set<String> zoneServices,
            Set<String> richRules, List<String> notes, Map<String, FirewalldIpset> ipsets) {
        this.policy = policy;
        this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        this.zoneServices = Collections.unmodifiableSet(new LinkedHashSet<>(zoneServices));
        this.richRules = Collections.unmodifiableSet(new LinkedHashSet<>(richRules));
        this.notes = List.copyOf(notes);
        this.ipsets = Collections.unmodifiableMap(new TreeMap<>(ipsets));
    }

    /**
     * The policy's firewalld form with sets: a rule with at least
     * {@link PortPolicy#sourceSetThreshold()} sources of one family matches them through one owned
     * ipset of that family ({@link FirewalldIpset}) and one rich rule {@code source ipset="NAME"}.
     *
     * @param policy the policy
     * @return its firewalld form
     * @throws UnsupportedOperationException for outbound rules: firewalld zones filter incoming
     *     traffic only
     */
    public static FirewalldRules of(PortPolicy policy) {
        return of(policy, true);
    }

    /**
     * @param policy the policy
     * @param withSets whether a rule with many sources matches them through an owned ipset; without,
     *     each source is its own rich rule (what {@code firewall-offline-cmd} writes)
     * @return its firewalld form
     * @throws UnsupportedOperationException for outbound rules: firewalld zones filter incoming
     *     traffic only
     */
    public static FirewalldRules of(PortPolicy policy, boolean withSets) {
        String name = policy.name();
        Map<String, FirewalldIpset> ipsets = new TreeMap<>();
        Map<String, OwnedService> services = new LinkedHashMap<>();
        Set<String> zoneServices = new LinkedHashSet<>();
        Set<String> rich = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        List<PortRule> rules = policy.rules();
        for (int i = 0; i < rules.size(); i++) {
            PortRule rule = rules.get(i);
            int index = i;
            if (rule.direction() == Direction.OUTBOUND) {
                throw new UnsupportedOperationException("rules[" + i + "] of policy " + name
                        + " is outbound; firewalld zones filter incoming traffic only (use the linux-iptables backend"
                        + " for outbound rules)");
            }
            OwnedService service = new OwnedService(name, rule.protocol(), rule.ports());
            services.putIfAbsent(service.name(), service);
            if (isPlain(rule) && !blockedEarlier(rules, i)) {
                zoneServices.add(service.name());
                continue;
            }
            rule.rateLimit().filter(l -> l.burst() > 0).ifPresent(l -> notes.add("rules[" + index
                    + "]: firewalld rich rules take no burst; the burst of " + l.burst() + " is not applied"));
            if (rule.rateLimit().isPresent()) {
                notes.add("rules[" + index + "]: firewalld applies the rate limit " + rule.rateLimit().get()
                        + " to all sources of the rule together, not per source address");
            }
            if (rule.fromAnywhere()) {
                if (rule.families().containsAll(EnumSet.allOf(IpFamily.class))) {
                    rich.add(richRule(name, index + 1, rule, null, (String) null, service));
                } else {
                    for (IpFamily f : rule.families()) {
                        rich.add(richRule(name, index + 1, rule, f, (String) null, service));
                    }
                }
            } else {
                for (IpFamily f : IpFamily.values()) {
                    List<Cidr> sources = rule.sources(f);
                    if (withSets && sources.size() >= policy.sourceSetThreshold() && sources.stream().noneMatch(Cidr::isAny)) {
                        FirewalldIpset set = FirewalldIpset.of(name, index + 1, f, sources);
                        ipsets.put(set.name(), set);
                        rich.add(richRule(name, index + 1, rule, f, "ipset=\"" + set.name() + "\"", service));
                    } else {
                        for (Cidr source : sources) {
                            rich.add(richRule(name, index + 1, rule, f, source, service));
                        }
                    }
                }
            }
        }
        return new FirewalldRules(name, services, zoneServices, rich, new ArrayList<>(new LinkedHashSet<>(notes)), ipsets);
    }

    /**
     * @param policy a policy name
     * @return the firewalld form of a policy without rules: what removal converges to
     */
    public static FirewalldRules none(String policy) {
        return new FirewalldRules(policy, Map.of(), Set.of(), Set.of(), List.of(), Map.of());
    }

    /** A rule firewalld can express as an allowed service: any source, both families, no extras. */
    private static boolean isPlain(PortRule rule) {
        return rule.action() == RuleAction.ALLOW && rule.fromAnywhere()
                && rule.families().containsAll(EnumSet.allOf(IpFamily.class))
                && rule.rateLimit().isEmpty() && !rule.logged();
    }

    /**
     * Whether a rule before {@code index} drops or rejects some traffic of the same protocol and
     * ports: then a plain allow at {@code index}, if written as a zone service (evaluated before
     * every prioritised rich rule), would wrongly overtake it.
     */
    private static boolean blockedEarlier(List<PortRule> rules, int index) {
        PortRule plain = rules.get(index);
        for (int j = 0; j < index; j++) {
            PortRule earlier = rules.get(j);
            if (earlier.action() != RuleAction.ALLOW && earlier.protocol() == plain.protocol()
                    && earlier.ports().stream().anyMatch(a -> plain.ports().stream()
                            .anyMatch(b -> a.from() <= b.to() && b.from() <= a.to()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes one rich rule in firewalld's own normalised spelling (attribute order and quoting as
     * {@code --list-rich-rules} prints them).
     *
     * @param priority the rule's 1-based number in the policy: firewalld's order of evaluation
     */
    static String richRule(String policy, int priority, PortRule rule, IpFamily family, Cidr source,
            OwnedService service) {
        return richRule(policy, priority, rule, family, source == null ? null : "address=\"" + source.toCidrString() + "\"",
                service);
    }

    private static String richRule(String policy, int priority, PortRule rule, IpFamily family, String source,
            OwnedService service) {
        StringBuilder sb = new StringBuilder("rule priority=\"").append(priority).append('"');
        if (family != null) {
            sb.append(" family=\"").append(family == IpFamily.IPV4 ? "ipv4" : "ipv6").append('"');
        }
        if (source != null) {
            sb.append(" source ").append(source);
        }
        sb.append(" service name=\"").append(service.name()).append('"');
        if (rule.logged()) {
            sb.append(" log prefix=\"").append(rule.logPrefix().orElse(policy)).append("\" level=\"info\"");
        }
        switch (rule.action()) {
            case ALLOW -> sb.append(" accept");
            case DENY -> sb.append(" drop");
            case REJECT -> sb.append(" reject");
            default -> throw new IllegalStateException("unknown action " + rule.action());
        }
        rule.rateLimit().ifPresent(l -> sb.append(" limit value=\"").append(limitValue(l)).append('"'));
        return sb.toString();
    }

    private static String limitValue(RateLimit limit) {
        String unit = switch (limit.unit()) {
            case SECOND -> "s";
            case MINUTE -> "m";
            case HOUR -> "h";
            case DAY -> "d";
        };
        return limit.count() + "/" + unit;
    }

    /**
     * @param zoneServices the owned services the zone allows outright
     * @param richRules the rich rules
     * @return the same policy, services and notes with these zone entries (the runtime form)
     */
    FirewalldRules withEntries(Set<String> zoneServices, Set<String> richRules) {
        return new FirewalldRules(policy, services, zoneServices, richRules, notes, ipsets);
    }

    /**
     * @param note a remark for the plan
     * @return the same rules with the remark added
     */
    FirewalldRules withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new FirewalldRules(policy, services, zoneServices, richRules, more, ipsets);
    }

    /** @return the owned ipsets the rich rules match, by name (none without sets) */
    public Map<String, FirewalldIpset> ipsets() {
        return ipsets;
    }

    /** @return the policy name */
    public String policy() {
        return policy;
    }

    /** @return every owned service the policy needs, by name */
    public Map<String, OwnedService> services() {
        return services;
    }

    /** @return the owned services the zone allows outright (plain open ports) */
    public Set<String> zoneServices() {
        return zoneServices;
    }

    /** @return the rich rules, in firewalld's spelling */
    public Set<String> richRules() {
        return richRules;
    }

    /** @return remarks for the plan (limits firewalld cannot express exactly) */
    public List<String> notes() {
        return notes;
    }
}
