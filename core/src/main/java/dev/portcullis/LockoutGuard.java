package dev.portcullis;

import dev.portcullis.exec.OperatorSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Refuses a policy that would lock out the operator who runs Portcullis: one that blocks the SSH
 * port of the operator's session, or every TCP port from the operator's address. When the session
 * is not known (no {@code SSH_CONNECTION}, a runner that cannot tell), tcp/22 stands for it, from
 * any address.
 *
 * <p>"Would block" is the reference semantics, {@link PortPolicy#decide(Connection)}: the rules in
 * written order, the first match deciding. An earlier rule that allows the operator's address
 * therefore makes a later deny of everyone else fine:
 *
 * <pre>{@code
 * PortPolicy.named("ssh-office").allow(Protocol.TCP, 22).from("192.0.2.0/24").deny(Protocol.TCP, 22).build();
 * // fine for an operator at 192.0.2.7; refused for one at 198.51.100.7: rules[1] would block tcp/22
 * }</pre>
 *
 * <p>A policy that means to block the operator says so with {@link PortPolicy#allowLockout()};
 * a caller can also switch the guard off for one call ({@code ApplyOptions.allowLockout()}).
 */
public final class LockoutGuard {

    /**
     * Addresses that stand for "anyone" when the operator's address is not known: documentation,
     * private and shared ranges of both families, so that an allow of one of them leaves others.
     */
    private static final List<String> ANYONE = List.of("192.0.2.1", "198.51.100.1", "203.0.113.1", "10.0.0.1",
            "172.16.0.1", "192.168.0.1", "100.64.0.1", "2001:db8::1", "fd00::1", "2001:db8:ffff::1");
    private static final int SSH_PORT = 22;
    private static final String HOW_TO_PROCEED = "; add allowLockout to the policy (or the call) to proceed";

    private LockoutGuard() {
    }

    /**
     * Checks a policy against the operator's session.
     *
     * @param policy the policy about to be planned
     * @param session the operator's session on the host, or empty when it is not known
     * @throws InvalidSpecException naming each rule that would lock the operator out (the field is the
     *     rule's path, {@code rules[2]}), unless the policy says {@link PortPolicy#allowLockout()}
     */
    public static void check(PortPolicy policy, Optional<OperatorSession> session) {
        List<SpecProblem> problems = problems(policy, session);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
    }

    /**
     * Finds the rules that would lock the operator out.
     *
     * @param policy the policy about to be planned
     * @param session the operator's session on the host, or empty when it is not known
     * @return one problem per rule that would lock the operator out, in rule order; empty when none
     *     would or the policy says {@link PortPolicy#allowLockout()}
     */
    public static List<SpecProblem> problems(PortPolicy policy, Optional<OperatorSession> session) {
        if (policy.allowLockout()) {
            return List.of();
        }
        Optional<Connection> login = session.flatMap(LockoutGuard::login);
        if (login.isEmpty()) {
            int port = session.map(OperatorSession::serverPort).orElse(SSH_PORT);
            return blockedForAnyone(policy, port, session.isPresent());
        }
        Connection c = login.get();
        Decision ssh = policy.decide(c);
        String from = c.peer().address();
        if (blocks(ssh)) {
            return List.of(SpecProblem.of(rule(ssh), "would block tcp/" + c.port() + ", the SSH port of the session"
                    + " running this (from " + from + ")" + HOW_TO_PROCEED));
        }
        return blockedOnEveryPort(policy, from);
    }

    /** The session as a connection, or empty when its address is not one the model reads. */
    private static Optional<Connection> login(OperatorSession session) {
        String address = session.clientAddress();
        // sshd on a dual-stack socket may report an IPv4 client as ::ffff:a.b.c.d.
        if (address.regionMatches(true, 0, "::ffff:", 0, 7) && address.indexOf('.') > 0) {
            address = address.substring(7);
        }
        try {
            return Optional.of(Connection.inbound(address, Protocol.TCP, session.serverPort()));
        } catch (InvalidSpecException e) {
            return Optional.empty();
        }
    }

    /** Whether some address (any the policy names, or one of {@link #ANYONE}) would be blocked on the port. */
    private static List<SpecProblem> blockedForAnyone(PortPolicy policy, int port, boolean portKnown) {
        List<String> witnesses = new ArrayList<>();
        for (PortRule r : policy.rules()) {
            // Only a rule for this port can decide it: the sources of other rules witness nothing more (and a
            // 5,000-source allowlist for port 25 would cost 5,000 decisions, each describing that rule in full).
            if (r.protocol() == Protocol.TCP && r.direction() == Direction.INBOUND
                    && r.ports().stream().anyMatch(p -> p.from() <= port && port <= p.to())) {
                r.sources().forEach(s -> witnesses.add(s.address()));
            }
        }
        witnesses.addAll(ANYONE);
        Map<Integer, String> blocked = new LinkedHashMap<>();
        for (String address : witnesses) {
            Connection c;
            try {
                c = Connection.inbound(address, Protocol.TCP, port);
            } catch (InvalidSpecException e) {
                continue;   // an IPv4-mapped source: no packet carries it
            }
            int rule = policy.decidingRule(c);
            if (blocks(policy, rule)) {
                blocked.putIfAbsent(rule, address);
            }
        }
        String why = portKnown ? "the SSH port of the session running this, whose address is not known"
                : "the SSH port: the session running this is not known, so tcp/22 is kept open for every address";
        List<SpecProblem> problems = new ArrayList<>();
        new TreeSet<>(blocked.keySet()).forEach(i -> problems.add(SpecProblem.of("rules[" + i + "]",
                "would block tcp/" + port + " (from " + blocked.get(i) + "), " + why + HOW_TO_PROCEED)));
        return problems;
    }

    /**
     * Whether every TCP port is blocked from the address. Decisions only change at the ends of the
     * rules' port ranges, so the first port and each range's start and end + 1 stand for all.
     */
    private static List<SpecProblem> blockedOnEveryPort(PortPolicy policy, String address) {
        TreeSet<Integer> ports = new TreeSet<>(List.of(PortRange.MIN));
        for (PortRule r : policy.rules()) {
            for (PortRange range : r.ports()) {
                ports.add(range.from());
                if (range.to() < PortRange.MAX) {
                    ports.add(range.to() + 1);
                }
            }
        }
        TreeSet<Integer> deciders = new TreeSet<>();
        for (int port : ports) {
            int rule = policy.decidingRule(Connection.inbound(address, Protocol.TCP, port));
            if (!blocks(policy, rule)) {
                return List.of();
            }
            deciders.add(rule);
        }
        String others = deciders.size() == 1 ? "" : " (together with " + String.join(", ",
                deciders.tailSet(deciders.first(), false).stream().map(i -> "rules[" + i + "]").toList()) + ")";
        return List.of(SpecProblem.of("rules[" + deciders.first() + "]", "would block every tcp port from " + address
                + ", the address of the session running this" + others + HOW_TO_PROCEED));
    }

    private static boolean blocks(Decision d) {
        return d.verdict() == Verdict.DROP || d.verdict() == Verdict.REJECT;
    }

    /** {@link #blocks(Decision)} for the rule {@link PortPolicy#decidingRule} found (-1: none, so not blocked). */
    private static boolean blocks(PortPolicy policy, int rule) {
        return rule >= 0 && policy.rules().get(rule).action() != RuleAction.ALLOW;
    }

    private static String rule(Decision d) {
        return "rules[" + d.ruleIndex() + "]";
    }
}
