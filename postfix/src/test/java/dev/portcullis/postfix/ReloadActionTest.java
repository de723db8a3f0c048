package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.StepContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Serving the new configuration: the common case (Postfix running) costs two processes. (Later answers win.) */
class ReloadActionTest {

    static List<List<String>> argv(RecordingCommandRunner runner) {
        return runner.commands().stream().map(Command::argv).toList();
    }

    /** @return a host whose Postfix is stopped: reload refused, status says not running */
    static RecordingCommandRunner stoppedPostfix() {
        return new RecordingCommandRunner().answer("", "postfix")
                .answer(1, "", "postfix", "reload").answer(1, "", "postfix", "status");
    }

    @Test
    void aRunningPostfixIsCheckedAndReloadedWithoutAskingItsStatus() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer("", "postfix");

        new ReloadAction(false, true).run(new StepContext(runner));

        assertThat(argv(runner)).containsExactly(List.of("postfix", "check"), List.of("postfix", "reload"));
    }

    @Test
    void aStoppedPostfixIsStartedByApply() {
        RecordingCommandRunner runner = stoppedPostfix();

        new ReloadAction(false, true).run(new StepContext(runner));

        assertThat(argv(runner)).containsExactly(List.of("postfix", "check"), List.of("postfix", "reload"),
                List.of("postfix", "status"), List.of("postfix", "start"));
    }

    @Test
    void aStoppedPostfixIsLeftStoppedByRemove() {
        RecordingCommandRunner runner = stoppedPostfix();

        new ReloadAction(false, false).run(new StepContext(runner));

        assertThat(argv(runner)).containsExactly(List.of("postfix", "check"), List.of("postfix", "reload"),
                List.of("postfix", "status"));
    }

    @Test
    void aReloadThatFailsWhilePostfixRunsFailsTheStep() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer("", "postfix")
                .answer(1, "", "postfix", "reload").answer(0, "", "postfix", "status");

        assertThatThrownBy(() -> new ReloadAction(false, true).run(new StepContext(runner)))
                .hasMessageContaining("postfix reload failed although Postfix runs");
        assertThat(argv(runner)).doesNotContain(List.of("postfix", "start"));
    }

    @Test
    void aRestartStopsAndStartsARunningPostfix() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer("", "postfix");

        new ReloadAction(true, true).run(new StepContext(runner));

        assertThat(argv(runner)).containsExactly(List.of("postfix", "check"), List.of("postfix", "stop"),
                List.of("postfix", "start"));
    }
}
