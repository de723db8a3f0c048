package dev.portcullis;

import dev.portcullis.internal.Problems;
import dev.portcullis.internal.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One rule of a {@link PortPolicy}: which ports of which protocol, in which direction, from which
 * sources (none: any), for which IP families, with what action, and optionally rate-limited and
 * logged. Immutable; build with {@link #builder()} or through {@link PortPolicy.Builder}.
 */
public final class PortRule {

    private final RuleAction action;
    private final Protocol protocol;
    private final List<PortRange> ports;
    private final Direction direction;
    private final List<Cidr> sources;
    private final Set<IpFamily> families;
    private final boolean familiesExplicit;
    private final RateLimit rateLimit;
    private final boolean logged;
    private final String logPrefix;
    private final String description;

    private PortRule(RuleAction action, Protocol protocol, List<PortRange> ports, Direction direction,
            List<Cidr> sources, Set<IpFamily> families, boolean familiesExplicit, RateLimit rateLimit,
            boolean logged, String logPrefix, String description) {
        this.action = action;
        this.protocol = protocol;
        this.ports = List.copyOf(ports);
        this.direction = direction;
        this.sources = List.copyOf(sources);
        this.families = Collections.unmodifiableSet(EnumSet.copyOf(families));
        this.familiesExplicit = familiesExplicit;
        this.rateLimit = rateLimit;
        this.logged = logged;
        this.logPrefix = logPrefix;
        this.description = description;
    }

    /** @return a builder for one rule */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this rule */
    public Builder toBuilder() {
        Builder b = new Builder().action(action).protocol(protocol).direction(direction);
        ports.forEach(r -> b.range(r.from(), r.to()));
        sources.forEach(s -> b.sources.add(s.toCidrString()));
        if (familiesExplicit) {
            b.families(families.toArray(new IpFamily[0]));
        }
        b.rateLimit = rateLimit;
        b.logged = logged;
        b.logPrefix = logPrefix;
        b.description = description;
        return b;
    }

    /** @return allow, deny or reject */
    public RuleAction action() {
        return action;
    }

    /** @return TCP or UDP */
    public Protocol protocol() {
        return protocol;
    }

    /** @return the ports and ranges, sorted, at least one */
    public List<PortRange> ports() {
        return ports;
    }

    /** @return inbound or outbound */
    public Direction direction() {
        return direction;
    }

    /** @return source networks (for outbound rules: destination networks); empty means any */
    public List<Cidr> sources() {
        return sources;
    }

    /**
     * @param family an IP family
     * @return the sources of that family
     */
    public List<Cidr> sources(IpFamily family) {
        return sources.stream().filter(c -> c.family() == family).toList();
    }

    /** @return whether any source may connect */
    public boolean fromAnywhere() {
        return sources.isEmpty();
    }

    /** @return the IP families the rule applies to, derived from its sources unless set */
    public Set<IpFamily> families() {
        return families;
    }

    /** @return whether the families were set explicitly rather than derived */
    public boolean familiesExplicit() {
        return familiesExplicit;
    }

    /** @return the per-source rate limit, if any */
    public Optional<RateLimit> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /** @return whether matching traffic is logged */
    public boolean logged() {
        return logged;
    }

    /** @return the log prefix chosen by the user, if any (backends default to the policy name) */
    public Optional<String> logPrefix() {
        return Optional.ofNullable(logPrefix);
    }

    /** @return the description, if any */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /**
     * Whether this rule matches a connection attempt: same direction and protocol, a port among
     * {@link #ports()}, the connection's family among {@link #families()}, and its peer inside one
     * of {@link #sources()} (or any peer when there are none). Logging and rate limits do not
     * change what matches.
     *
     * @param connection the connection attempt
     * @return whether the rule matches it
     */
    public boolean matches(Connection connection) {
        return firstMismatch(connection) == null;
    }

    /**
     * @param connection the connection attempt
     * @return why this rule does not match it (the first reason found), or empty when it matches
     */
    public Optional<String> mismatch(Connection connection) {
        Mismatch m = firstMismatch(connection);
        if (m == null) {
            return Optional.empty();
        }
        return Optional.of(switch (m) {
            case DIRECTION -> "it governs " + direction.name().toLowerCase(java.util.Locale.ROOT) + " traffic";
            case PROTOCOL -> "it is for " + protocol.id() + ", not " + connection.protocol().id();
            case PORT -> "port " + connection.port() + " is not among its ports "
                    + ports.stream().map(PortRange::toString).toList();
            case FAMILY -> "it is limited to " + families + ", the connection is " + connection.family();
            case PEER -> connection.peer().address() + " is not in its "
                    + (direction == Direction.INBOUND ? "sources " : "destinations ") + sources;
        });
    }

    /** What of a connection a rule does not match, in the order checked. */
    private enum Mismatch { DIRECTION, PROTOCOL, PORT, FAMILY, PEER }

    // Without words: matches() is asked once per source by the lockout guard, and the words name
    // every source (a 10,000-source rule rendered 10,000 times took 40 s of CPU).
    private Mismatch firstMismatch(Connection connection) {
        if (direction != connection.direction()) {
            return Mismatch.DIRECTION;
        }
        if (protocol != connection.protocol()) {
            return Mismatch.PROTOCOL;
        }
        if (ports.stream().noneMatch(r -> r.contains(connection.port()))) {
            return Mismatch.PORT;
        }
        if (!families.contains(connection.family())) {
            return Mismatch.FAMILY;
        }
        if (!sources.isEmpty() && sources.stream().noneMatch(c -> c.contains(connection.peer()))) {
            return Mismatch.PEER;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PortRule)) {
            return false;
        }
        PortRule r = (PortRule) o;
        return action == r.action && protocol == r.protocol && ports.equals(r.ports) && direction == r.direction
                && sources.equals(r.sources) && families.equals(r.families) && familiesExplicit == r.familiesExplicit
                && Objects.equals(rateLimit, r.rateLimit) && logged == r.logged
                && Objects.equals(logPrefix, r.logPrefix) && Objects.equals(description, r.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, protocol, ports, direction, sources, families, familiesExplicit, rateLimit,
                logged, logPrefix, description);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(action.name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                .append(direction == Direction.OUTBOUND ? "outbound " : "")
                .append(protocol.id()).append(' ').append(ports.stream().map(PortRange::toString).toList())
                .append(" from ").append(sources.isEmpty() ? "any" : sources.toString())
                .append(' ').append(families);
        if (rateLimit != null) {
            sb.append(" limit ").append(rateLimit);
        }
        if (logged) {
            sb.append(" logged").append(logPrefix == null ? "" : " '" + logPrefix + "'");
        }
        if (description != null) {
            sb.append(" (").append(description).append(')');
        }
        return sb.toString();
    }

    /**
     * Builds a {@link PortRule}. Collects raw input and validates it all in {@link #build()}, so
     * every problem is reported at once with its field.
     */
    public static final class Builder {
        private RuleAction action = RuleAction.ALLOW;
        private Protocol protocol = Protocol.TCP;
        private final List<int[]> ports = new ArrayList<>();
        private Direction direction = Direction.INBOUND;
        private final List<String> sources = new ArrayList<>();
        private final Set<IpFamily> families = EnumSet.noneOf(IpFamily.class);
        private RateLimit rateLimit;
        private boolean logged;
        private String logPrefix;
        private String description;

        private Builder() {
        }

        /**
         * @param action allow, deny or reject
         * @return this builder
         */
        public Builder action(RuleAction action) {
            this.action = Objects.requireNonNull(action, "action");
            return this;
        }

        /**
         * @param protocol TCP or UDP
         * @return this builder
         */
        public Builder protocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /**
         * @param ports single ports to add
         * @return this builder
         */
        public Builder ports(int... ports) {
            for (int p : ports) {
                this.ports.add(new int[] {p, p});
            }
            return this;
        }

        /**
         * @param port a single port to add
         * @return this builder
         */
        public Builder port(int port) {
            return ports(port);
        }

        /**
         * @param from first port
         * @param to last port
         * @return this builder
         */
        public Builder range(int from, int to) {
            ports.add(new int[] {from, to});
            return this;
        }

        /**
         * @param range a port range to add
         * @return this builder
         */
        public Builder range(PortRange range) {
            return range(range.from(), range.to());
        }

        /**
         * @param direction inbound (default) or outbound
         * @return this builder
         */
        public Builder direction(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /**
         * @param cidrs source networks to add, e.g. "203.0.113.0/24", "2001:db8::/48"
         * @return this builder
         */
        public Builder sources(String... cidrs) {
            sources.addAll(Arrays.asList(cidrs));
            return this;
        }

        /**
         * @param cidrs source networks to add
         * @return this builder
         */
        public Builder sources(Cidr... cidrs) {
            for (Cidr c : cidrs) {
                sources.add(c.toCidrString());
            }
            return this;
        }

        /**
         * Restricts the rule to these IP families (default: derived from the sources, or both).
         *
         * @param families the families
         * @return this builder
         */
        public Builder families(IpFamily... families) {
            this.families.clear();
            this.families.addAll(Arrays.asList(families));
            return this;
        }

        /**
         * @param limit per-source connection rate limit, or null for none
         * @return this builder
         */
        public Builder rateLimit(RateLimit limit) {
            this.rateLimit = limit;
            return this;
        }

        /**
         * @param logged whether matching traffic is logged
         * @return this builder
         */
        public Builder logged(boolean logged) {
            this.logged = logged;
            return this;
        }

        /**
         * Logs matching traffic with this prefix.
         *
         * @param prefix up to 20 characters of letters, digits and . _ : -
         * @return this builder
         */
        public Builder logPrefix(String prefix) {
            this.logged = true;
            this.logPrefix = prefix;
            return this;
        }

        /**
         * @param description what the rule is for
         * @return this builder
         */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /**
         * @return the rule
         * @throws InvalidSpecException listing every problem
         */
        public PortRule build() {
            Problems problems = Problems.create();
            PortRule rule = build(problems);
            problems.throwIfAny();
            return rule;
        }

        PortRule build(Problems p) {
            TreeSet<PortRange> ranges = new TreeSet<>();
            if (ports.isEmpty()) {
                p.add("ports", "a rule needs at least one port");
            }
            for (int i = 0; i < ports.size(); i++) {
                int[] r = ports.get(i);
                String problem = PortRange.problem(r[0], r[1]);
                if (problem != null) {
                    p.at("ports", i).add(problem);
                } else {
                    ranges.add(PortRange.of(r[0], r[1]));
                }
            }
            int multiportSlots = ranges.stream().mapToInt(r -> r.isSingle() ? 1 : 2).sum();
            if (multiportSlots > 15) {
                // iptables multiport takes 15 slots (a range uses two): keep every plan portable.
                p.add("ports", "too many ports for one rule (" + multiportSlots
                        + " slots, a range counts 2, at most 15); split the rule");
            }
            // A set, not a list search: an allowlist of 10,000 networks must not cost 50 million comparisons.
            Set<Cidr> distinct = new java.util.LinkedHashSet<>();
            for (int i = 0; i < sources.size(); i++) {
                Cidr c = p.parse("sources[" + i + "]", sources.get(i), Cidr::parse);
                if (c != null && c.ipv4MappedProblem().isPresent()) {
                    p.add("sources[" + i + "]", c.ipv4MappedProblem().get());
                } else if (c != null) {
                    distinct.add(c);
                }
            }
            List<Cidr> parsed = new ArrayList<>(distinct);
            Set<IpFamily> fams = EnumSet.noneOf(IpFamily.class);
            boolean explicit = !families.isEmpty();
            if (explicit) {
                fams.addAll(families);
                for (Cidr c : parsed) {
                    if (!fams.contains(c.family())) {
                        p.add("families", "source " + c + " is " + c.family() + " but the rule is limited to " + fams);
                    }
                }
            } else if (parsed.isEmpty()) {
                fams.addAll(EnumSet.allOf(IpFamily.class));
            } else {
                parsed.forEach(c -> fams.add(c.family()));
            }
            if (fams.isEmpty()) {
                fams.addAll(EnumSet.allOf(IpFamily.class));
            }
            if (logPrefix != null) {
                p.parse("logPrefix", logPrefix, v -> Text.require(v, Text.LOG_PREFIX, "a log prefix",
                        "1-20 characters of letters, digits and . _ : -"));
            }
            if (description != null) {
                p.parse("description", description, Text::description);
            }
            if (rateLimit != null && action != RuleAction.ALLOW) {
                p.add("rateLimit", "only allow rules can be rate-limited");
            }
            return new PortRule(action, protocol, new ArrayList<>(ranges), direction, parsed, fams, explicit,
                    rateLimit, logged, logPrefix, description);
        }
    }
}
