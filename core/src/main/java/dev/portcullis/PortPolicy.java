package dev.portcullis;

import dev.portcullis.internal.Problems;
import dev.portcullis.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A named set of firewall rules that Portcullis owns on a host: which ports are open, to whom.
 * The name tags everything a backend creates for the policy, so that several policies coexist and
 * {@code remove} takes away exactly what the policy added.
 *
 * <pre>{@code
 * PortPolicy smtp = PortPolicy.named("smtp-inbound")
 *     .allow(Protocol.TCP, 25).from("203.0.113.0/24", "2001:db8::/48").rateLimit(RateLimit.perMinute(60))
 *     .allow(Protocol.TCP, 587, 465)
 *     .build();
 * }</pre>
 *
 * <h2>What a policy means</h2>
 * The rules are read in the order they are written, and the first rule that matches a connection
 * decides it ({@link #decide(Connection)}, the reference every Linux backend is tested against
 * over the wire). A connection that no rule matches is not decided by the policy: the rest of the
 * host's firewall handles it as it would without the policy. So the allowlist pattern reads as
 * it is written:
 *
 * <pre>{@code
 * PortPolicy office = PortPolicy.named("office-only")
 *     .allow(Protocol.TCP, 25).from("192.0.2.0/24")   // rules[0]: the office gets in
 *     .deny(Protocol.TCP, 25)                          // rules[1]: everyone else is dropped
 *     .build();
 * office.decide(Connection.inbound("192.0.2.7", Protocol.TCP, 25)).verdict();    // ACCEPT by rules[0]
 * office.decide(Connection.inbound("198.51.100.7", Protocol.TCP, 25)).verdict(); // DROP by rules[1]
 * office.decide(Connection.inbound("192.0.2.7", Protocol.TCP, 587)).verdict();   // NOT_DECIDED
 * }</pre>
 *
 * <p>Exact on linux-iptables, linux-firewalld and the example nftables backend: which rule decides
 * and its verdict, by direction, protocol, port, IP family and source. Not exact: a rate-limited
 * allow rule accepts only within its rate, and iptables counts that rate per source address where
 * firewalld and nftables count it for the whole rule (each plan says so); the Windows firewall
 * applies block rules before allow rules whatever their order ({@link Decision#caveats()} names
 * both when they touch a decision). Several policies on one host each decide alone; where two
 * decide the same connection differently, which one wins is not defined.
 */
public final class PortPolicy implements Spec {

    /** The {@link #sourceSetThreshold()} of a policy that does not set one. */
    public static final int DEFAULT_SOURCE_SET_THRESHOLD = 8;

    /** The smallest {@link #sourceSetThreshold()} allowed: a set of one network is just a rule. */
    public static final int MIN_SOURCE_SET_THRESHOLD = 2;

    private final String name;
    private final String zone;
    private final String description;
    private final List<PortRule> rules;
    private final int sourceSetThreshold;
    private final boolean allowLockout;

    private PortPolicy(String name, String zone, String description, List<PortRule> rules, int sourceSetThreshold,
            boolean allowLockout) {
        this.name = name;
        this.zone = zone;
        this.description = description;
        this.rules = List.copyOf(rules);
        this.sourceSetThreshold = sourceSetThreshold;
        this.allowLockout = allowLockout;
    }

    /**
     * Starts a policy.
     *
     * @param name 1-32 characters of a-z, 0-9 and inner '-'; tags everything the policy owns
     * @return a builder
     */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** @return a builder holding this policy */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.zone = zone;
        b.description = description;
        b.sourceSetThreshold = sourceSetThreshold;
        b.allowLockout = allowLockout;
        rules.forEach(r -> b.rules.add(r.toBuilder()));
        return b;
    }

    /** @return the policy name */
    @Override
    public String name() {
        return name;
    }

    /** @return the firewall zone (firewalld), if set; backends otherwise use the default zone */
    public Optional<String> zone() {
        return Optional.ofNullable(zone);
    }

    /** @return the description, if any */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** @return the rules in order */
    public List<PortRule> rules() {
        return rules;
    }

    /**
     * How many sources make a set. A rule with at least this many sources of one IP family is
     * written as one set of networks plus one rule matching it (an ipset on iptables, a firewalld
     * ipset, a named nftables set) instead of one rule per source; below it, each source is its own
     * rule. The choice changes how a backend writes the rule, never what the policy decides.
     *
     * @return the threshold, at least {@value #MIN_SOURCE_SET_THRESHOLD}; {@value #DEFAULT_SOURCE_SET_THRESHOLD}
     *     unless set
     */
    public int sourceSetThreshold() {
        return sourceSetThreshold;
    }

    /**
     * Whether this policy may block the operator's own login. By default planning refuses a policy
     * that would block the SSH port of the session running Portcullis, or every TCP port from the
     * operator's address ({@link LockoutGuard}); a policy that means to do so says so here.
     *
     * @return true when the lockout guard is switched off for this policy
     */
    public boolean allowLockout() {
        return allowLockout;
    }

    /**
     * Decides a connection attempt by this policy's reference semantics: the first rule, in
     * written order, that {@linkplain PortRule#matches(Connection) matches} decides; ALLOW accepts,
     * DENY drops, REJECT rejects; when no rule matches, the verdict is {@link Verdict#NOT_DECIDED}.
     *
     * @param connection the connection attempt
     * @return the verdict, the deciding rule, why each earlier rule did not match, and caveats
     */
    public Decision decide(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            PortRule rule = rules.get(i);
            Optional<String> mismatch = rule.mismatch(connection);
            if (mismatch.isPresent()) {
                skipped.add("rules[" + i + "] (" + rule + ") does not match: " + mismatch.get());
                continue;
            }
            Verdict verdict = switch (rule.action()) {
                case ALLOW -> Verdict.ACCEPT;
                case DENY -> Verdict.DROP;
                case REJECT -> Verdict.REJECT;
            };
            return new Decision(connection, verdict, i, skipped, caveats(i, connection));
        }
        return new Decision(connection, Verdict.NOT_DECIDED, -1, skipped, List.of());
    }

    /**
     * The rule {@link #decide(Connection)} would name, without its explanations: the lockout guard
     * asks this once per source, and an explanation renders every skipped rule in full.
     *
     * @param connection the connection attempt
     * @return the index of the first rule that matches it, or -1 when none does
     */
    int decidingRule(Connection connection) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).matches(connection)) {
                return i;
            }
        }
        return -1;
    }

    private List<String> caveats(int decider, Connection connection) {
        PortRule rule = rules.get(decider);
        List<String> caveats = new ArrayList<>();
        rule.rateLimit().ifPresent(limit -> caveats.add("accepted only within the rate limit " + limit
                + ": linux-iptables counts it per source address and drops what exceeds it; linux-firewalld and"
                + " the example nftables backend count it for the whole rule and pass what exceeds it on to later"
                + " rules"));
        if (rule.action() == RuleAction.ALLOW) {
            for (int j = decider + 1; j < rules.size(); j++) {
                if (rules.get(j).action() != RuleAction.ALLOW && rules.get(j).matches(connection)) {
                    caveats.add("windows-firewall blocks it instead: Windows applies block rules such as rules[" + j
                            + "] before allow rules, whatever their order");
                    break;
                }
            }
        }
        return caveats;
    }

    /** Calls the {@code policy} function with this spec. */
    @Override
    public <R> R match(Function<? super PortPolicy, ? extends R> policy,
            Function<? super MailServerSpec, ? extends R> mailServer) {
        return policy.apply(this);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PortPolicy)) {
            return false;
        }
        PortPolicy p = (PortPolicy) o;
        return name.equals(p.name) && Objects.equals(zone, p.zone) && Objects.equals(description, p.description)
                && rules.equals(p.rules) && sourceSetThreshold == p.sourceSetThreshold && allowLockout == p.allowLockout;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, zone, description, rules, sourceSetThreshold, allowLockout);
    }

    @Override
    public String toString() {
        return "PortPolicy " + name + (zone == null ? "" : " zone " + zone) + (allowLockout ? " allowLockout" : "")
                + " " + rules;
    }

    /**
     * Builds a {@link PortPolicy}. {@code allow}, {@code deny} and {@code reject} start a rule;
     * {@code from}, {@code rateLimit}, {@code logged}, {@code outbound}, {@code families} and
     * {@code describedAs} refine the rule started last. Everything is validated in
     * {@link #build()}, which reports every problem at once.
     */
    public static final class Builder {
        private final String name;
        private String zone;
        private String description;
        private int sourceSetThreshold = DEFAULT_SOURCE_SET_THRESHOLD;
        private boolean allowLockout;
        private final List<PortRule.Builder> rules = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Lets this policy block the operator's own login (the SSH port of the session running
         * Portcullis, or every TCP port from its address), which planning otherwise refuses.
         *
         * @return this builder
         */
        public Builder allowLockout() {
            return allowLockout(true);
        }

        /**
         * @param allow whether this policy may block the operator's own login (default false: planning
         *     refuses such a policy)
         * @return this builder
         */
        public Builder allowLockout(boolean allow) {
            this.allowLockout = allow;
            return this;
        }

        /**
         * @param zone firewall zone (firewalld); default: the host's default zone
         * @return this builder
         */
        public Builder zone(String zone) {
            this.zone = zone;
            return this;
        }

        /**
         * @param description what the policy is for
         * @return this builder
         */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * Sets how many sources make a set: a rule with at least this many sources of one IP family
         * is written as one set of networks plus one rule matching it.
         *
         * @param threshold at least {@value PortPolicy#MIN_SOURCE_SET_THRESHOLD}; default
         *     {@value PortPolicy#DEFAULT_SOURCE_SET_THRESHOLD}
         * @return this builder
         * @see PortPolicy#sourceSetThreshold()
         */
        public Builder sourceSetThreshold(int threshold) {
            this.sourceSetThreshold = threshold;
            return this;
        }

        /**
         * Starts a rule that allows traffic to these ports.
         *
         * @param protocol TCP or UDP
         * @param ports the ports
         * @return this builder
         */
        public Builder allow(Protocol protocol, int... ports) {
            start(RuleAction.ALLOW, protocol).ports(ports);
            return this;
        }

        /**
         * Starts a rule that allows traffic to a port range.
         *
         * @param protocol TCP or UDP
         * @param range the ports
         * @return this builder
         */
        public Builder allow(Protocol protocol, PortRange range) {
            start(RuleAction.ALLOW, protocol).range(range.from(), range.to());
            return this;
        }

        /**
         * Starts a rule that drops traffic to these ports.
         *
         * @param protocol TCP or UDP
         * @param ports the ports
         * @return this builder
         */
        public Builder deny(Protocol protocol, int... ports) {
            start(RuleAction.DENY, protocol).ports(ports);
            return this;
        }

        /**
         * Starts a rule that drops traffic to a port range.
         *
         * @param protocol TCP or UDP
         * @param range the ports
         * @return this builder
         */
        public Builder deny(Protocol protocol, PortRange range) {
            start(RuleAction.DENY, protocol).range(range.from(), range.to());
            return this;
        }

        /**
         * Starts a rule that refuses traffic to a port range with an error.
         *
         * @param protocol TCP or UDP
         * @param range the ports
         * @return this builder
         */
        public Builder reject(Protocol protocol, PortRange range) {
            start(RuleAction.REJECT, protocol).range(range.from(), range.to());
            return this;
        }

        /**
         * Starts a rule that refuses traffic to these ports with an error.
         *
         * @param protocol TCP or UDP
         * @param ports the ports
         * @return this builder
         */
        public Builder reject(Protocol protocol, int... ports) {
            start(RuleAction.REJECT, protocol).ports(ports);
            return this;
        }

        /**
         * Adds a rule configured by a consumer (a Groovy closure works here).
         *
         * @param spec configures the rule builder
         * @return this builder
         */
        public Builder rule(Consumer<PortRule.Builder> spec) {
            PortRule.Builder b = PortRule.builder();
            spec.accept(b);
            rules.add(b);
            return this;
        }

        /**
         * Adds a finished rule.
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder rule(PortRule rule) {
            rules.add(rule.toBuilder());
            return this;
        }

        /**
         * Limits the last rule to these source networks.
         *
         * @param cidrs IPv4 or IPv6 networks
         * @return this builder
         */
        public Builder from(String... cidrs) {
            last().sources(cidrs);
            return this;
        }

        /**
         * Limits the last rule to these source networks.
         *
         * @param cidrs networks
         * @return this builder
         */
        public Builder from(Cidr... cidrs) {
            last().sources(cidrs);
            return this;
        }

        /**
         * @param limit per-source connection rate limit for the last rule
         * @return this builder
         */
        public Builder rateLimit(RateLimit limit) {
            last().rateLimit(limit);
            return this;
        }

        /**
         * Logs traffic matching the last rule, prefixed with the policy name.
         *
         * @return this builder
         */
        public Builder logged() {
            last().logged(true);
            return this;
        }

        /**
         * Logs traffic matching the last rule with this prefix.
         *
         * @param prefix up to 20 characters
         * @return this builder
         */
        public Builder logged(String prefix) {
            last().logPrefix(prefix);
            return this;
        }

        /**
         * Makes the last rule govern outgoing traffic (its "sources" are then destinations).
         *
         * @return this builder
         */
        public Builder outbound() {
            last().direction(Direction.OUTBOUND);
            return this;
        }

        /**
         * Restricts the last rule to these IP families.
         *
         * @param families the families
         * @return this builder
         */
        public Builder families(IpFamily... families) {
            last().families(families);
            return this;
        }

        /**
         * @param description what the last rule is for
         * @return this builder
         */
        public Builder describedAs(String description) {
            last().description(description);
            return this;
        }

        private PortRule.Builder start(RuleAction action, Protocol protocol) {
            PortRule.Builder b = PortRule.builder().action(action).protocol(Objects.requireNonNull(protocol, "protocol"));
            rules.add(b);
            return b;
        }

        private PortRule.Builder last() {
            if (rules.isEmpty()) {
                throw new IllegalStateException("start a rule with allow(), deny() or reject() first");
            }
            return rules.get(rules.size() - 1);
        }

        /**
         * @return the policy
         * @throws InvalidSpecException listing every problem, each with its field path
         */
        public PortPolicy build() {
            Problems p = Problems.create();
            p.parse("name", name, Text::name);
            if (zone != null) {
                p.parse("zone", zone, Text::name);
            }
            if (description != null) {
                p.parse("description", description, Text::description);
            }
            if (sourceSetThreshold < MIN_SOURCE_SET_THRESHOLD) {
                p.add("sourceSetThreshold", sourceSetThreshold + " is too small: a set needs at least "
                        + MIN_SOURCE_SET_THRESHOLD + " sources");
            }
            List<PortRule> built = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                built.add(rules.get(i).build(p.at("rules", i)));
            }
            p.throwIfAny();
            return new PortPolicy(name, zone, description, built, sourceSetThreshold, allowLockout);
        }
    }
}
