package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceStartTest {

    private static List<List<String>> changes(RecordingCommandRunner runner) {
        return runner.commands().stream().map(Command::argv)
                .filter(a -> a.get(0).equals("systemctl") && !a.get(1).startsWith("is-")).toList();
    }

    @Test
    void withSystemdEnablesAndStartsOnlyWhatIsNotAndItsUndoTakesBackExactlyThat() {
        RecordingCommandRunner runner = new RecordingCommandRunner()
                .answer(0, "", "test", "-d", "/run/systemd/system")
                .answer(1, "", "systemctl", "is-enabled", "--quiet", "postfix")
                .answer(3, "", "systemctl", "is-active", "--quiet", "postfix")
                .answer(0, "", "systemctl", "is-enabled", "--quiet", "dovecot")
                .answer(3, "", "systemctl", "is-active", "--quiet", "dovecot")
                .answer(0, "", "systemctl", "is-enabled", "--quiet", "opendkim")
                .answer(0, "", "systemctl", "is-active", "--quiet", "opendkim");
        Step step = ServiceStart.step(List.of("postfix", "dovecot", "opendkim"));

        step.action().run(new StepContext(runner));

        assertThat(changes(runner)).containsExactly(List.of("systemctl", "enable", "--now", "postfix"),
                List.of("systemctl", "enable", "--now", "dovecot"));

        RecordingCommandRunner undoRunner = new RecordingCommandRunner();
        step.undo().action().orElseThrow().run(new StepContext(undoRunner));

        // dovecot was enabled before: only stopped; postfix neither: disabled and stopped; opendkim untouched
        assertThat(changes(undoRunner)).containsExactly(List.of("systemctl", "stop", "dovecot"),
                List.of("systemctl", "disable", "--now", "postfix"));
    }

    @Test
    void withoutSystemdItChangesNothingTheConfiguringStepsStartTheServices() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer(1, "", "test", "-d", "/run/systemd/system");
        Step step = ServiceStart.step(List.of("postfix"));

        step.action().run(new StepContext(runner));
        step.undo().action().orElseThrow().run(new StepContext(runner));

        assertThat(runner.commands()).extracting(Command::argv)
                .containsExactly(List.of("test", "-d", "/run/systemd/system"));
        assertThat(step.probe().check(new StepContext(runner)).ok()).isTrue();
    }

    @Test
    void thePlanShowsEveryCommandEitherBranchMayRun() {
        Step step = ServiceStart.step(List.of("postfix"));

        assertThat(step.action().commands()).extracting(Command::argv).containsExactly(
                List.of("test", "-d", "/run/systemd/system"),
                List.of("systemctl", "is-enabled", "--quiet", "postfix"),
                List.of("systemctl", "is-active", "--quiet", "postfix"),
                List.of("systemctl", "enable", "--now", "postfix"));
        assertThat(step.undo().action().orElseThrow().commands()).extracting(Command::argv)
                .containsExactly(List.of("systemctl", "disable", "--now", "postfix"));
    }
}
