package dev.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.ssh.HostReport.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import dev.portcullis.Provisioner;
import org.junit.jupiter.api.Test;

/** The fleet's schedule: canary, rolling batches, parallel hosts and the failure limit, on stand-in hosts. */
class FleetTest {

    private final List<String> started = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> connected = ConcurrentHashMap.newKeySet();

    private List<FleetMember> hosts(int n) {
        List<FleetMember> members = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String name = "h" + i;
            members.add(new FleetMember(name, () -> {
                connected.add(name);
                return new NamedRunner(name);
            }));
        }
        return members;
    }

    /** Fails on the named hosts, converges elsewhere, and records the order hosts started in. */
    private Function<Provisioner, HostReport> failingOn(String... failing) {
        Set<String> bad = Set.of(failing);
        return p -> {
            String name = p.runner().target();
            started.add(name);
            return new HostReport(name, bad.contains(name) ? Status.FAILED : Status.CONVERGED, "", List.of());
        };
    }

    @Test
    void stopsStartingHostsAfterMaxFailuresAndReportsTheRestNotAttempted() {
        FleetReport r = Fleet.of(hosts(4)).maxFailures(1).run(failingOn("h2"));

        assertThat(r.hostsWith(Status.CONVERGED)).containsExactly("h1");
        assertThat(r.hostsWith(Status.FAILED)).containsExactly("h2");
        assertThat(r.hostsWith(Status.NOT_ATTEMPTED)).containsExactly("h3", "h4");
        assertThat(connected).as("a host not attempted is never connected to").containsExactlyInAnyOrder("h1", "h2");
        assertThat(r.allConverged()).isFalse();
        assertThat(r.summaryTable()).contains("h2    FAILED").contains("h4    NOT_ATTEMPTED")
                .contains("1 converged, 1 failed, 2 not attempted");
    }

    @Test
    void aFailedCanaryStopsTheFleet() {
        FleetReport r = Fleet.of(hosts(3)).canary(1).parallel(3).run(failingOn("h1"));

        assertThat(started).containsExactly("h1");
        assertThat(r.hostsWith(Status.NOT_ATTEMPTED)).containsExactly("h2", "h3");
        assertThat(r.hosts().get(1).detail()).contains("canary");
    }

    @Test
    void aPassingCanaryRunsAloneBeforeTheRest() {
        FleetReport r = Fleet.of(hosts(4)).canary(1).parallel(4).run(failingOn());

        assertThat(started.get(0)).isEqualTo("h1");
        assertThat(r.allConverged()).isTrue();
        assertThat(r.hosts()).extracting(HostReport::host).containsExactly("h1", "h2", "h3", "h4");
    }

    @Test
    void withoutALimitEveryHostIsAttempted() {
        FleetReport r = Fleet.of(hosts(4)).run(failingOn("h1", "h3"));

        assertThat(r.hostsWith(Status.FAILED)).containsExactly("h1", "h3");
        assertThat(r.hostsWith(Status.CONVERGED)).containsExactly("h2", "h4");
    }

    @Test
    void parallelRunsThatManyHostsAtOnceAndSerialBatchesThem() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        Function<Provisioner, HostReport> slow = p -> {
            int now = running.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            started.add(p.runner().target());
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return new HostReport("", Status.CONVERGED, "", List.of());
        };

        long start = System.nanoTime();
        Fleet.of(hosts(4)).parallel(4).run(slow);
        assertThat(most.get()).isEqualTo(4);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(790));

        most.set(0);
        started.clear();
        Fleet.of(hosts(4)).parallel(4).serial(2).run(p -> {
            HostReport r = slow.apply(p);
            batches.add(List.of(p.runner().target(), Integer.toString(running.get())));
            return r;
        });
        assertThat(most.get()).as("a batch of two at a time").isEqualTo(2);
        assertThat(started.subList(0, 2)).containsExactlyInAnyOrder("h1", "h2");
        assertThat(started.subList(2, 4)).containsExactlyInAnyOrder("h3", "h4");
    }

    @Test
    void aHostThatCannotBeReachedFailsWithTheReason() {
        List<FleetMember> members = new ArrayList<>(hosts(2));
        members.add(1, new FleetMember("unreachable", () -> {
            throw new dev.portcullis.exec.CommandRunnerException("could not log in to root@192.0.2.1:22: timeout", null);
        }));
        FleetReport r = Fleet.of(members).run(failingOn());

        assertThat(r.hostsWith(Status.FAILED)).containsExactly("unreachable");
        assertThat(r.hosts().get(1).detail()).contains("could not log in");
        assertThat(r.hostsWith(Status.CONVERGED)).containsExactly("h1", "h2");
    }

    @Test
    void refusesNonsenseSettings() {
        Fleet fleet = Fleet.of(hosts(2));
        assertThatThrownBy(() -> fleet.parallel(0)).hasMessageStartingWith("parallel:");
        assertThatThrownBy(() -> fleet.serial(0)).hasMessageStartingWith("serial:");
        assertThatThrownBy(() -> fleet.maxFailures(0)).hasMessageStartingWith("maxFailures:");
        assertThatThrownBy(() -> fleet.canary(-1)).hasMessageStartingWith("canary:");
        assertThatThrownBy(() -> Fleet.of(List.of(hosts(1).get(0), hosts(1).get(0)))).hasMessageContaining("own name");
    }

    /** A stand-in host: it only has a name. */
    private record NamedRunner(String name) implements CommandRunner {
        @Override
        public CommandResult execute(dev.portcullis.exec.Command command) {
            throw new UnsupportedOperationException("no commands in the schedule tests");
        }

        @Override
        public String target() {
            return name;
        }
    }
}
