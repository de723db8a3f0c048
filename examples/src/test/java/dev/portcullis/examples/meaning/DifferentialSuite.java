package dev.portcullis.examples.meaning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.portcullis.Connection;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.RateLimit;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.spec.SpecFormat;
import dev.portcullis.spec.Specs;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One policy, one meaning: a backend's firewall, applied on a live host, must do to every
 * connection exactly what {@link PortPolicy#decide} says. Each backend's subclass shares ONE test
 * host and three client containers across all its cases (one test instance per class); for each case the policy is applied,
 * every client knocks on every port (TCP and UDP, IPv4 and IPv6), the observed matrix is compared
 * cell by cell with the evaluator's, and then the policy is removed and the host proven as before.
 *
 * <p>Generated policies come from a seeded generator: the seed is printed, and
 * {@code -Dportcullis.meaning.seed=N} replays a run; {@code -Dportcullis.meaning.cases=N} sets how
 * many policies each backend checks (default 25).
 *
 * <p>A connection no rule matches is "not decided by this policy"; on the wire it meets what the
 * test host does with unmatched traffic, which each subclass states as {@link #unmatched()} and
 * which {@link #unmatchedTrafficMeetsTheHostsStatedDefault()} checks before any policy exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DifferentialSuite {

    /** How long a knock waits before it counts as dropped. */
    static final Duration KNOCK = Duration.ofMillis(1200);
    /** How long a second knock waits on a cell the first saw dropped against expectation (a busy host). */
    static final Duration PATIENT_KNOCK = Duration.ofSeconds(4);

    /** One backend on one live host with its clients, shared by every case of the subclass. */
    static final class Live {
        final LinuxTestHost host;
        final List<TestClient> clients;
        final WireProbe probe;
        final PolicyGenerator generator;
        final String hostBefore;
        final Provisioner provisioner;
        /** Counts the processes the backend spawns on the host: the cost of a case, whatever the load. */
        final CountingCommandRunner spawns;

        Live(LinuxTestHost host, String backend, java.util.function.Function<LinuxTestHost, String> state) {
            this.host = host;
            this.spawns = new CountingCommandRunner(host.runner());
            Provisioner p = Provisioner.on(spawns).firewall(backend);
            this.provisioner = p.facts(p.facts()); // gathered once, not once per case
            List<TestClient> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                started.add(host.newClient());
            }
            this.clients = List.copyOf(started);
            this.probe = new WireProbe(host, clients, PolicyGenerator.PORTS);
            probe.startResponder();
            this.generator = PolicyGenerator.around(host.network(), clients);
            this.hostBefore = state.apply(host);
            if (host.ipv6Address().isEmpty() || clients.stream().anyMatch(c -> c.ipv6Address().isEmpty())) {
                throw new AssertionError("the test network has no IPv6: the suite must cover both families");
            }
        }
    }

    private Live live;

    /** @return the backend's id */
    abstract String backend();

    /** @return what the test host does with traffic no rule of a policy matches */
    abstract Observed unmatched();

    /**
     * Readies a fresh test host for the backend and states its handling of unmatched traffic.
     *
     * @param host the host, before any client exists
     */
    abstract void prepare(LinuxTestHost host);

    /**
     * @param host the test host
     * @return the host's firewall state as text, to prove removal left it as before
     */
    abstract String state(LinuxTestHost host);

    /**
     * Checks that the plan says how this backend counts a rate limit (per source or per rule).
     *
     * @param plan the plan of a rate-limited policy
     */
    abstract void assertRateLimitScopeIsSaid(Plan plan);

    @BeforeAll
    void startHost() {
        LinuxTestHost host = LinuxTestHost.start();
        try {
            prepare(host);
            live = new Live(host, backend(), this::state);
        } catch (RuntimeException | Error e) {
            host.close();
            throw e;
        }
    }

    @AfterAll
    void stopHost() {
        if (live != null) {
            live.host.close();
        }
    }

    String hostState() {
        return state(live.host);
    }

    Provisioner provisioner() {
        return live.provisioner;
    }

    @Test
    void unmatchedTrafficMeetsTheHostsStatedDefault() {
        Map<Cell, Observed> seen = live.probe.knock(KNOCK);

        assertThat(seen).hasSize(live.probe.cells().size());
        assertThat(seen.values()).as("every cell without a policy: %s", seen).containsOnly(unmatched());
    }

    @Test
    void allowlistThenDenyLetsTheOfficeInAndDropsEveryoneElse() {
        // The office: clients .20 and .21 (and ::20, ::21); client .22 is everyone else.
        String prefix6 = live.host.network().ipv6Subnet().orElseThrow();
        prefix6 = prefix6.substring(0, prefix6.indexOf('/'));
        PortPolicy policy = PortPolicy.named("office-only")
                .allow(Protocol.TCP, 25).from(live.host.network().address(20) + "/31", prefix6 + "20/127")
                .deny(Protocol.TCP, 25)
                .build();

        Map<Cell, Observed> seen = check(policy, "allowlist then deny", -1);

        for (TestClient c : live.clients) {
            Observed want = c == live.clients.get(2) ? Observed.DROPPED : Observed.OPEN;
            assertThat(seen.get(new Cell(c.address(), dev.portcullis.IpFamily.IPV4, Protocol.TCP, 25))).isEqualTo(want);
            assertThat(seen.get(new Cell(c.ipv6Address().orElseThrow(), dev.portcullis.IpFamily.IPV6, Protocol.TCP, 25)))
                    .isEqualTo(want);
        }
    }

    @Test
    void anEarlierDenyWinsOverALaterAllowFromAnywhere() {
        PortPolicy policy = PortPolicy.named("deny-first")
                .reject(Protocol.UDP, 26).from(live.clients.get(0).address(), live.clients.get(1).ipv6Address().orElseThrow())
                .deny(Protocol.TCP, 587).from(live.host.network().subnet())
                .allow(Protocol.UDP, 26)
                .allow(Protocol.TCP, 25, 587)
                .build();

        check(policy, "deny before allow", -1);
    }

    @Test
    void anIpv4MappedSourceIsRefusedNamingTheFieldBeforeAnythingRuns() {
        String mapped = "::ffff:" + live.clients.get(0).address();
        String before = hostState();

        InvalidSpecException refused = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidSpecException.class,
                () -> PortPolicy.named("mapped").deny(Protocol.TCP, 25).from(mapped).build());

        assertThat(refused).isNotNull();
        assertThat(refused.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("rules[0].sources[0]");
            assertThat(p.reason()).contains("write the IPv4 form " + live.clients.get(0).address());
        });
        assertThat(hostState()).isEqualTo(before);
    }

    @Test
    void planSaysHowTheRateLimitIsCounted() {
        PortPolicy limited = PortPolicy.named("limited").allow(Protocol.TCP, 25).from(live.host.network().subnet())
                .rateLimit(RateLimit.perMinute(600)).build();

        assertRateLimitScopeIsSaid(provisioner().plan(limited));
        assertThat(limited.decide(Connection.inbound(live.clients.get(0).address(), Protocol.TCP, 25)).caveats())
                .singleElement().asString().contains("per source address", "for the whole rule");
    }

    @Test
    void generatedPoliciesMeanOnTheWireWhatTheEvaluatorSays() {
        long seed = Long.getLong("portcullis.meaning.seed", System.nanoTime());
        int cases = Integer.getInteger("portcullis.meaning.cases", 25);
        System.out.printf("%s: %d generated policies from seed %d (replay: -Dportcullis.meaning.seed=%d)%n",
                backend(), cases, seed, seed);
        Random random = new Random(seed);
        long started = System.nanoTime();
        int probes = 0;
        for (int i = 0; i < cases; i++) {
            PortPolicy policy = live.generator.next(random);
            if (random.nextBoolean()) {
                // Two sources of a family make a set: the same meaning must hold through sets.
                policy = policy.toBuilder().sourceSetThreshold(2).build();
            }
            probes += check(policy, "seed " + seed + ", policy " + (i + 1) + " of " + cases, seed).size();
        }
        System.out.printf("%s: %d generated policies, %d probes, all equal to the evaluator, in %d s%n",
                backend(), cases, probes, Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /**
     * Applies a policy, knocks on every cell, compares with the evaluator, removes the policy and
     * proves the host as before.
     *
     * @return what the clients saw
     */
    Map<Cell, Observed> check(PortPolicy policy, String which, long seed) {
        Provisioner p = provisioner();
        live.spawns.reset();
        long t0 = System.nanoTime();
        ApplyReport applied = p.apply(policy);
        long t1 = System.nanoTime();
        assertThat(applied.succeeded()).as("%s: apply of\n%s\n%s", which, yaml(policy), applied).isTrue();
        Map<Cell, Observed> expected = new LinkedHashMap<>();
        for (Cell cell : live.probe.cells()) {
            expected.put(cell, Observed.expected(
                    policy.decide(Connection.inbound(cell.client(), cell.protocol(), cell.port())).verdict(), unmatched()));
        }
        Map<Cell, Observed> seen = new LinkedHashMap<>(live.probe.knock(KNOCK));
        boolean slowDrops = expected.keySet().stream()
                .anyMatch(c -> seen.get(c) == Observed.DROPPED && expected.get(c) != Observed.DROPPED);
        if (slowDrops) {
            // A busy 2-core host can miss the short timeout: ask once more, patiently, before calling it a mismatch.
            Map<Cell, Observed> again = live.probe.knock(PATIENT_KNOCK);
            expected.keySet().stream().filter(c -> seen.get(c) == Observed.DROPPED && expected.get(c) != Observed.DROPPED)
                    .forEach(c -> seen.put(c, again.get(c)));
        }
        List<String> differ = new ArrayList<>();
        expected.forEach((cell, want) -> {
            if (seen.get(cell) != want) {
                differ.add("  " + cell + ": evaluator says " + want + " (" + explain(policy, cell) + "), the wire says "
                        + seen.get(cell));
            }
        });
        long t2 = System.nanoTime();
        ApplyReport removed = p.remove(policy);
        long t3 = System.nanoTime();
        if (!differ.isEmpty()) {
            fail("%s: %s differs from the evaluator in %d of %d cells%s\npolicy:\n%s\ndiffering cells:\n%s", backend(), which,
                    differ.size(), expected.size(), seed < 0 ? "" : " (replay: -Dportcullis.meaning.seed=" + seed + ")",
                    yaml(policy), String.join("\n", differ));
        }
        assertThat(removed.succeeded()).as("%s: removal of\n%s\n%s", which, yaml(policy), removed).isTrue();
        assertThat(hostState()).as("%s: the host after removal", which).isEqualTo(live.hostBefore);
        System.out.printf("%s: %s: apply and remove %d processes; apply %d ms, knock %d ms%s, remove %d ms, host check"
                + " %d ms%n", backend(), which, live.spawns.spawns(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                slowDrops ? " (asked twice)" : "", (t3 - t2) / 1_000_000, (System.nanoTime() - t3) / 1_000_000);
        return seen;
    }

    private static String explain(PortPolicy policy, Cell cell) {
        return policy.decide(Connection.inbound(cell.client(), cell.protocol(), cell.port())).rule()
                .map(i -> "rules[" + i + "]").orElse("no rule matches");
    }

    private static String yaml(PortPolicy policy) {
        return Specs.writeString(policy, SpecFormat.YAML);
    }
}
