package dev.portcullis.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.examples.cli.Cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's lockout guard, confirmation window and confirm command. */
class SafetyCommandsTest {

    @TempDir
    Path dir;

    private String spec(String text) throws IOException {
        Path file = dir.resolve("fw.yaml");
        Files.writeString(file, text);
        return file.toString();
    }

    private String closesSsh() throws IOException {
        return spec("kind: port-policy\nname: web\nrules:\n  - {action: allow, protocol: tcp, ports: [\"80\"]}\n"
                + "  - {action: deny, protocol: tcp, ports: [\"22\"]}\n");
    }

    @Test
    void planAndApplyRefuseALockoutWithExitTwoNamingTheRuleAndChangeNothing() throws IOException {
        FakeHosts root = FakeHosts.root();

        Run plan = Cli.run(Cli.fakes(root), "plan", "--live", "--spec", closesSsh());
        Run apply = Cli.run(Cli.fakes(root), "apply", "--spec", closesSsh());

        assertThat(plan.exitCode()).isEqualTo(2);
        assertThat(plan.err()).contains("rules[1]: would block tcp/22").contains("allowLockout");
        assertThat(apply.exitCode()).isEqualTo(2);
        assertThat(root.changes()).isEmpty();
    }

    @Test
    void allowLockoutOnTheCommandLineOrInTheSpecLetsItThrough() throws IOException {
        assertThat(Cli.run(Cli.fakes(FakeHosts.root()), "plan", "--live", "--allow-lockout", "--spec", closesSsh())
                .exitCode()).isZero();
        String allowed = spec("kind: port-policy\nname: web\nallowLockout: true\nrules:\n"
                + "  - {action: deny, protocol: tcp, ports: [\"22\"]}\n");
        assertThat(Cli.run(Cli.fakes(FakeHosts.root()), "plan", "--live", "--spec", allowed).exitCode()).isZero();
    }

    @Test
    void confirmWithinTakesSecondsMinutesHoursOrADayAndRefusesTheRest() throws IOException {
        String web = spec("kind: port-policy\nname: web\nrules:\n  - {action: allow, protocol: tcp, ports: [\"80\"]}\n");
        for (String bad : new String[] {"0s", "2w", "abc", "25h"}) {
            Run run = Cli.run(Cli.fakes(FakeHosts.root()), "apply", "--confirm-within", bad, "--spec", web);
            assertThat(run.exitCode()).as(bad).isEqualTo(64);
        }
        assertThat(new ApplyCommand.WindowConverter().convert("120s")).hasSeconds(120);
        assertThat(new ApplyCommand.WindowConverter().convert("5m")).hasMinutes(5);
        assertThat(new ApplyCommand.WindowConverter().convert("90")).hasSeconds(90);
        assertThat(new ApplyCommand.WindowConverter().convert("1d")).hasDays(1);
    }

    @Test
    void confirmWithinOnABackendThatCannotRevertFailsBeforeAnyChange() throws IOException {
        FakeHosts root = FakeHosts.root();
        String web = spec("kind: port-policy\nname: web\nrules:\n  - {action: allow, protocol: tcp, ports: [\"80\"]}\n");

        Run run = Cli.run(Cli.fakes(root), "apply", "--confirm-within", "120s", "--spec", web);

        assertThat(run.exitCode()).isEqualTo(70);
        assertThat(run.err()).contains("cannot restore its state on the host").contains("nothing was changed");
        assertThat(root.changes()).isEmpty();
    }

    @Test
    void confirmDisarmsEveryPendingRevertAndExitsZero() {
        FakeHosts host = FakeHosts.root();
        CommandRunner withPending = c -> c.program().equals("find")
                ? CommandResult.of(c, 0, "/var/lib/portcullis/confirm/revert-1-ab/armed:policy=web\n"
                        + "/var/lib/portcullis/confirm/revert-1-ab/armed:deadline=1800000005\n"
                        + "/var/lib/portcullis/confirm/revert-1-ab/armed:mechanism=DETACHED_PROCESS\n")
                : host.execute(c);

        Run run = Cli.run(Cli.fakes(withPending), "confirm");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("confirm: kept policy web (revert revert-1-ab disarmed)");
        assertThat(host.ran).extracting(Command::argv).anySatisfy(argv -> assertThat(argv)
                .containsExactly("rm", "--", "/var/lib/portcullis/confirm/revert-1-ab/armed"));
    }

    @Test
    void confirmWithNothingPendingOrTooLateExitsSeven() {
        Run none = Cli.run(Cli.fakes(FakeHosts.root()), "confirm");
        assertThat(none.exitCode()).isEqualTo(7);
        assertThat(none.out()).contains("no revert is pending");

        FakeHosts host = FakeHosts.root().failing("rm", "--", "/var/lib/portcullis/confirm/revert-1-ab/armed");
        CommandRunner fired = c -> c.program().equals("find")
                ? CommandResult.of(c, 0, "/var/lib/portcullis/confirm/revert-1-ab/armed:policy=web\n"
                        + "/var/lib/portcullis/confirm/revert-1-ab/armed:deadline=1800000005\n"
                        + "/var/lib/portcullis/confirm/revert-1-ab/armed:mechanism=DETACHED_PROCESS\n")
                : host.execute(c);
        Run late = Cli.run(Cli.fakes(fired), "confirm", "--json");
        assertThat(late.exitCode()).isEqualTo(7);
        assertThat(late.json().at("/reverts/0/confirmed").asBoolean()).isFalse();
    }

    @Test
    void helpListsTheNewOptionsAndExitCode() {
        assertThat(Cli.run(Cli.fakes(FakeHosts.root()), "apply", "--help").out()).contains("--confirm-within")
                .contains("--allow-lockout");
        assertThat(Cli.run(Cli.fakes(FakeHosts.root()), "--help").out()).contains("confirm").contains("7");
    }
}
