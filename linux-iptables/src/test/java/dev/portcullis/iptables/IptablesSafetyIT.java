package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.hoststate.HostLockedException;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.testing.ChildJvm;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One writer per host and crash-safe applies, on a live iptables host: two applies started at the
 * same instant (two threads, then two JVMs) leave exactly one applied and one jump; an apply
 * killed with {@code kill -9} at the start of each step is recovered by the next, which serves the
 * policy over the wire, and remove then restores every table line for line.
 */
class IptablesSafetyIT {

    static final Duration QUICK = Duration.ofSeconds(2);

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;
    static String allowed;
    static String allowed6;
    static dev.portcullis.spi.HostFacts facts;

    @BeforeAll
    static void startHost() {
        host = LinuxTestHost.start().listenOn(25);
        client = host.newClient();
        allowed = host.network().address(130);
        allowed6 = host.network().ipv6Address(130).orElse("2001:db8:130::1");
        facts = dev.portcullis.spi.HostFactsGatherer.gather(host.runner());
    }

    @BeforeEach
    void foreignRulesOnly() {
        LiveHost.resetToForeignRules(host);
    }

    static PortPolicy smtp() {
        return PortPolicy.named("smtp-inbound").allow(Protocol.TCP, 25).from(allowed + "/32", allowed6 + "/128").build();
    }

    static Provisioner provisioner() {
        return Provisioner.on(host.runner()).facts(facts).firewall("linux-iptables");
    }

    static long jumps() {
        return LiveHost.allLines(LiveHost.tables(host)).stream().filter(l -> l.contains("-j " + OwnedChains.INPUT_CHAIN)).count();
    }

    @Test
    void ofTwoApplyThreadsStartedAtTheSameInstantExactlyOneRunsAndTheHostHasOneJumpPerFamily() throws Exception {
        long jumpsBefore = jumps();
        host.readyForConcurrentCommands(2);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    outcomes.add(provisioner().apply(smtp()));
                } catch (Exception e) {
                    outcomes.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(outcomes).as("%s", outcomes)
                .filteredOn(o -> o instanceof ApplyReport r && r.outcome() == ApplyReport.Outcome.APPLIED).hasSize(1);
        assertThat(outcomes).as("%s", outcomes).filteredOn(o -> o instanceof HostLockedException).singleElement()
                .satisfies(e -> assertThat(((HostLockedException) e).getMessage()).contains("another Portcullis run holds the lock")
                        .contains("pid " + ProcessHandle.current().pid()).contains("apply port policy smtp-inbound"));
        assertThat(jumps() - jumpsBefore).as("one jump into %s per family", OwnedChains.INPUT_CHAIN).isEqualTo(2);
        assertThat(provisioner().verify(smtp()).converged()).isTrue();
        assertThat(host.runner().execute(dev.portcullis.exec.Command.of("test", "-L", "/run/portcullis.lock")).exitCode())
                .as("the lock is released").isEqualTo(1);
    }

    @Test
    void ofTwoJvmsStartingTheirAppliesAtTheSameInstantExactlyOneRunsAndTheOtherNamesIt() {
        long jumpsBefore = jumps();
        long at = System.currentTimeMillis() + 4000;
        ChildJvm first = ChildJvm.apply(host, smtp(), "linux-iptables", -1, at, Map.of());
        ChildJvm second = ChildJvm.apply(host, smtp(), "linux-iptables", -1, at, Map.of());

        List<String> verdicts = List.of(first.awaitVerdict(), second.awaitVerdict());

        assertThat(verdicts).filteredOn(v -> v.equals("DONE APPLIED")).hasSize(1);
        String locked = verdicts.stream().filter(v -> v.startsWith("LOCKED ")).findFirst().orElseThrow(
                () -> new AssertionError("neither JVM was refused: " + verdicts));
        long winner = verdicts.get(0).startsWith("DONE") ? first.pid() : second.pid();
        assertThat(locked).contains("pid " + winner + " on ").contains("running: apply port policy smtp-inbound");
        assertThat(jumps() - jumpsBefore).isEqualTo(2);
        assertThat(provisioner().verify(smtp()).converged()).isTrue();
    }

    static IntStream everyStep() {
        return IntStream.range(0, 2);
    }

    @ParameterizedTest(name = "kill -9 at the start of step {0}")
    @MethodSource("everyStep")
    void anApplyKilledAtAnyStepIsRecoveredByTheNextWhichServesAndRemoveRestoresEveryLine(int k) {
        List<String> before = LiveHost.allLines(LiveHost.tables(host));
        List<String> steps = provisioner().plan(smtp()).steps().stream().map(Step::description).toList();
        assertThat(steps).as("the plan this test walks").hasSize(2);
        ChildJvm child = ChildJvm.apply(host, smtp(), "linux-iptables", k, 0, Map.of());
        assertThat(child.awaitVerdict()).startsWith("HALTED " + k);
        child.kill9();

        VerifyReport interrupted = provisioner().verify(smtp());
        assertThat(interrupted.converged()).isFalse();
        assertThat(interrupted.drifts().get(0).actual()).contains("step " + (k + 1) + "/2 \"" + steps.get(k) + "\" had started");

        ApplyReport recovered = provisioner().apply(smtp());

        assertThat(recovered.outcome()).as(recovered.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(recovered.findings()).anyMatch(f -> f.startsWith("WARNING: recovered an interrupted apply"));
        assertThat(recovered.findings()).anyMatch(f -> f.startsWith("WARNING: took over a stale lock"));
        assertThat(client.canConnect(allowed, host.address(), 25, QUICK)).as("allowed source to 25").isTrue();
        assertThat(client.canConnect(client.address(), host.address(), 25, QUICK)).as("other source to 25").isFalse();
        assertThat(jumps()).isEqualTo(2);

        assertThat(provisioner().remove(smtp()).outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(LiveHost.allLines(LiveHost.tables(host))).isEqualTo(before);
    }
}
