package dev.portcullis.hoststate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.LocalCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host lock, on this machine's own file system through a local runner: real {@code ln -s}, real races. */
class HostLockTest {

    @TempDir
    Path dir;

    private final CommandRunner runner = LocalCommandRunner.create();

    private HostLock lock() {
        return HostLock.at(dir.resolve("run/portcullis/lock").toString());
    }

    @Test
    void takesAFreeLockCreatingItsFolderAndNamesTheHolderInIt() throws Exception {
        LockHolder me = LockHolder.thisProcess("apply port policy smtp");
        try (HostLock.Held held = lock().acquire(runner, me)) {
            Path link = Path.of(lock().path());
            assertThat(Files.isSymbolicLink(link)).isTrue();
            assertThat(LockHolder.parse(Files.readSymbolicLink(link).toString())).contains(me);
            assertThat(held.takeoverWarning()).isEmpty();
        }
        assertThat(Files.exists(Path.of(lock().path()), java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("released").isFalse();
    }

    @Test
    void aSecondRunFailsFastNamingTheHolderHostPidStartAndCommand() {
        LockHolder first = LockHolder.thisProcess("apply mail server mail");
        try (HostLock.Held held = lock().acquire(runner, first)) {
            assertThatThrownBy(() -> lock().acquire(runner, LockHolder.thisProcess("apply port policy smtp")))
                    .isInstanceOfSatisfying(HostLockedException.class, e -> assertThat(e.holder()).contains(first))
                    .hasMessageContaining("another Portcullis run holds the lock")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid() + " on " + LockHolder.thisMachine())
                    .hasMessageContaining("started " + first.started())
                    .hasMessageContaining("running: apply mail server mail")
                    .hasMessageContaining("Nothing was changed");
        }
    }

    @Test
    void takesOverWithAWarningALockWhoseHolderNoLongerRunsOnThisMachine() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        LockHolder dead = new LockHolder(LockHolder.thisMachine(), gone.pid(), Instant.parse("2026-11-30T10:00:00Z"), "apply x");
        Files.createDirectories(Path.of(lock().path()).getParent());
        Files.createSymbolicLink(Path.of(lock().path()), Path.of(dead.render()));

        LockHolder me = LockHolder.thisProcess("apply port policy smtp");
        try (HostLock.Held held = lock().acquire(runner, me)) {
            assertThat(held.takeoverWarning()).get().asString().contains("took over a stale lock")
                    .contains("pid " + gone.pid()).contains("no longer runs");
            assertThat(LockHolder.parse(Files.readSymbolicLink(Path.of(lock().path())).toString())).contains(me);
        }
        try (var left = Files.list(Path.of(lock().path()).getParent())) {
            assertThat(left).as("no stale copy left aside").isEmpty();
        }
    }

    @Test
    void neverTakesOverALockHeldFromAnotherMachineButSaysHowToClearIt() throws Exception {
        LockHolder remote = new LockHolder("installer-7.example.net", 1, Instant.parse("2026-11-30T10:00:00Z"), "apply y");
        Files.createDirectories(Path.of(lock().path()).getParent());
        Files.createSymbolicLink(Path.of(lock().path()), Path.of(remote.render()));

        assertThatThrownBy(() -> lock().acquire(runner, LockHolder.thisProcess("apply z")))
                .hasMessageContaining("pid 1 on installer-7.example.net")
                .hasMessageContaining("runs on another machine, so it cannot be checked from here")
                .hasMessageContaining("remove " + lock().path() + " on the host");
        assertThat(LockHolder.parse(Files.readSymbolicLink(Path.of(lock().path())).toString())).contains(remote);
    }

    @Test
    void ofEightThreadsStartedAtTheSameInstantExactlyOneHoldsTheLock() throws Exception {
        int n = 8;
        CyclicBarrier start = new CyclicBarrier(n);
        CountDownLatch allTried = new CountDownLatch(n);
        List<Object> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    HostLock.Held held = lock().acquire(runner, LockHolder.thisProcess("thread " + id));
                    outcomes.add(held);
                    allTried.countDown();
                    allTried.await(); // hold it until every other thread has tried
                    held.close();
                } catch (HostLockedException e) {
                    outcomes.add(e);
                    allTried.countDown();
                } catch (Exception e) {
                    outcomes.add(e);
                    allTried.countDown();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(outcomes).filteredOn(o -> o instanceof HostLock.Held).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof HostLockedException).hasSize(n - 1)
                .allSatisfy(e -> assertThat(((HostLockedException) e).getMessage()).contains("running: thread "));
    }

    @Test
    void theHolderSurvivesARoundTripThroughTheLockTextWhateverItsCommandHolds() {
        LockHolder h = new LockHolder("web-1", 4242, Instant.parse("2026-11-30T14:00:01.5Z"), "apply 'a b'&c=d/e\nf%");
        assertThat(LockHolder.parse(h.render())).contains(h);
        assertThat(LockHolder.parse("some other link target")).isEmpty();
    }
}
