package dev.portcullis.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.PendingRevert;
import dev.portcullis.plan.RevertTimer;
import dev.portcullis.spi.RestorePoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The argv a revert is armed and disarmed with, on hosts with and without systemd. */
class RevertTimerTest {

    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
    static final String FOLDER = "/var/lib/portcullis/confirm/revert-1-ab";
    static final RestorePoint POINT = new RestorePoint(
            List.of(Command.builder("dd").args("of=" + FOLDER + "/ipv4.rules", "status=none").stdin("*filter\nCOMMIT\n").build()),
            List.of(List.of("iptables-restore", FOLDER + "/ipv4.rules"), List.of("ip6tables-restore", FOLDER + "/ipv6.rules")));

    /** Answers every command with success, except those the function answers otherwise. */
    static final class Host implements CommandRunner {
        final List<Command> ran = new ArrayList<>();
        final Function<Command, Integer> exit;

        Host(Function<Command, Integer> exit) {
            this.exit = exit;
        }

        @Override
        public CommandResult execute(Command c) {
            ran.add(c);
            return CommandResult.of(c, exit.apply(c), c.program().equals("cat") ? "4242\n" : "");
        }

        List<String> rendered() {
            return ran.stream().map(c -> String.join(" ", c.argv())).toList();
        }
    }

    static int noSystemd(Command c) {
        return c.program().equals("test") ? 1 : 0;
    }

    @Test
    void withoutSystemdArmsADetachedArgvOnlyChainThatSleepsThenPassesTheGateThenRestores() {
        Host host = new Host(RevertTimerTest::noSystemd);

        PendingRevert r = RevertTimer.arm(host, POINT, "revert-1-ab", "web", Duration.ofSeconds(5), CLOCK);

        assertThat(r.mechanism()).isEqualTo(PendingRevert.Mechanism.DETACHED_PROCESS);
        assertThat(r.deadline()).isEqualTo(CLOCK.instant().plusSeconds(5));
        assertThat(host.rendered()).containsSubsequence(
                "mkdir -p -m 0700 /var/lib/portcullis/confirm",
                "mkdir -m 0700 " + FOLDER,
                "dd of=" + FOLDER + "/ipv4.rules status=none",
                "dd of=" + FOLDER + "/armed status=none",
                "chmod -R u=rwX,go= " + FOLDER,
                "start-stop-daemon --start --background --make-pidfile --pidfile " + FOLDER + "/pid --exec /usr/bin/find -- "
                        + FOLDER + " -maxdepth 0 -exec sleep 5 ; -exec rm -- " + FOLDER + "/armed ;"
                        + " -exec iptables-restore " + FOLDER + "/ipv4.rules ; -exec ip6tables-restore " + FOLDER
                        + "/ipv6.rules ; -exec rm -rf -- " + FOLDER + " ;");
        assertThat(new String(host.ran.get(host.rendered().indexOf("dd of=" + FOLDER + "/armed status=none")).stdin()
                .orElseThrow())).isEqualTo("policy=web\ndeadline=1800000005\nmechanism=DETACHED_PROCESS\n");
    }

    @Test
    void withSystemdArmsATransientTimerRunningTheChainWithoutSleep() {
        Host host = new Host(c -> 0);

        PendingRevert r = RevertTimer.arm(host, POINT, "revert-1-ab", "web", Duration.ofSeconds(120), CLOCK);

        assertThat(r.mechanism()).isEqualTo(PendingRevert.Mechanism.SYSTEMD_TIMER);
        assertThat(host.rendered()).anySatisfy(line -> assertThat(line).startsWith("systemd-run --unit=portcullis-revert-1-ab"
                + " --description=Portcullis: revert policy web unless confirmed --on-active=120s"
                + " --timer-property=AccuracySec=1s -- /usr/bin/find " + FOLDER + " -maxdepth 0 -exec rm -- " + FOLDER
                + "/armed ; -exec iptables-restore"));
    }

    @Test
    void refusesToArmWhereNothingWouldOutliveTheJvmAndCreatesNothing() {
        Host host = new Host(c -> c.program().equals("test") || c.program().equals("start-stop-daemon") ? 127 : 0);

        assertThatThrownBy(() -> RevertTimer.arm(host, POINT, "revert-1-ab", "web", Duration.ofSeconds(5), CLOCK))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing was changed");
        assertThat(host.rendered()).noneMatch(l -> l.startsWith("mkdir"));
    }

    @Test
    void aFailedArmingRemovesItsFolderAgain() {
        Host host = new Host(c -> c.program().equals("start-stop-daemon") && c.argv().contains("--start") ? 1
                : noSystemd(c));

        assertThatThrownBy(() -> RevertTimer.arm(host, POINT, "revert-1-ab", "web", Duration.ofSeconds(5), CLOCK));
        assertThat(host.rendered()).last().isEqualTo("rm -rf -- " + FOLDER);
    }

    @Test
    void disarmTakesTheGateThenStopsTheChainAndItsSleepThenDeletesTheState() {
        Host host = new Host(c -> 0);
        PendingRevert r = new PendingRevert("revert-1-ab", "web", CLOCK.instant(), PendingRevert.Mechanism.DETACHED_PROCESS);

        assertThat(RevertTimer.disarm(host, r)).isTrue();
        assertThat(host.rendered()).containsExactly("rm -- " + FOLDER + "/armed", "cat " + FOLDER + "/pid",
                "start-stop-daemon --stop --quiet --pidfile " + FOLDER + "/pid --exec /usr/bin/find",
                "pkill --session 4242", "rm -rf -- " + FOLDER);
    }

    @Test
    void disarmOfATimerStopsTheTimerUnit() {
        Host host = new Host(c -> 0);
        PendingRevert r = new PendingRevert("revert-1-ab", "web", CLOCK.instant(), PendingRevert.Mechanism.SYSTEMD_TIMER);

        assertThat(RevertTimer.disarm(host, r)).isTrue();
        assertThat(host.rendered()).containsExactly("rm -- " + FOLDER + "/armed",
                "systemctl stop portcullis-revert-1-ab.timer", "rm -rf -- " + FOLDER);
    }

    @Test
    void aConfirmationThatLosesTheGateLeavesTheRevertToFinish() {
        Host host = new Host(c -> c.program().equals("rm") ? 1 : 0);
        PendingRevert r = new PendingRevert("revert-1-ab", "web", CLOCK.instant(), PendingRevert.Mechanism.DETACHED_PROCESS);

        assertThat(RevertTimer.disarm(host, r)).isFalse();
        assertThat(host.rendered()).containsExactly("rm -- " + FOLDER + "/armed");
    }

    @Test
    void pendingReadsTheGateFilesAndSkipsFoldersItCannotRead() {
        CommandRunner host = c -> CommandResult.of(c, 0, String.join("\n",
                "/var/lib/portcullis/confirm/revert-9-cd/armed:policy=mail",
                "/var/lib/portcullis/confirm/revert-9-cd/armed:deadline=1800000100",
                "/var/lib/portcullis/confirm/revert-9-cd/armed:mechanism=DETACHED_PROCESS",
                "/var/lib/portcullis/confirm/revert-1-ab/armed:policy=web",
                "/var/lib/portcullis/confirm/revert-1-ab/armed:deadline=1800000005",
                "/var/lib/portcullis/confirm/revert-1-ab/armed:mechanism=SYSTEMD_TIMER",
                "/var/lib/portcullis/confirm/half-written/armed:policy=x") + "\n");

        assertThat(RevertTimer.pending(host)).extracting(PendingRevert::id).containsExactly("revert-1-ab", "revert-9-cd");
    }

    @Test
    void aRestoreArgumentThatWouldBreakTheChainIsRefused() {
        assertThatThrownBy(() -> new RestorePoint(List.of(), List.of(List.of("echo", ";"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RestorePoint(List.of(), List.of(List.of("cp", "{}", "/x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newIdsAreFolderNamesAndUnique() {
        String a = RevertTimer.newId(CLOCK);
        assertThat(a).matches("revert-1800000000-[0-9a-f]{8}");
        assertThat(RevertTimer.newId(CLOCK)).isNotEqualTo(a);
    }
}
