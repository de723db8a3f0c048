package dev.portcullis.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Interceptors wrap every command in order: sudo, logging and auditing compose. */
class InterceptingCommandRunnerTest {

    @Test
    void sudoPrefixesTheArgvAndKeepsStdinTimeoutAndSensitivity() {
        RecordingCommandRunner recorder = new RecordingCommandRunner();
        CommandRunner runner = InterceptingCommandRunner.wrap(recorder, CommandInterceptor.sudo());
        runner.run(Command.builder("install").args("/dev/stdin", "/etc/x").sensitiveStdin("secret").build());
        Command sent = recorder.commands().get(0);
        assertThat(sent.argv()).containsExactly("sudo", "-n", "--", "install", "/dev/stdin", "/etc/x");
        assertThat(sent.stdinSensitive()).isTrue();
        assertThat(sent.render()).doesNotContain("secret");
    }

    @Test
    void interceptorsRunInOrderAndSeeTheResult() {
        List<String> seen = new ArrayList<>();
        RecordingCommandRunner recorder = new RecordingCommandRunner().answer(3, "", "false");
        CommandRunner runner = InterceptingCommandRunner.wrap(recorder,
                (c, next) -> {
                    seen.add("outer " + c.program());
                    CommandResult r = next.execute(c);
                    seen.add("outer saw exit " + r.exitCode());
                    return r;
                },
                (c, next) -> {
                    seen.add("inner " + c.program());
                    return next.execute(c);
                },
                CommandInterceptor.logging());
        assertThat(runner.execute(Command.of("false")).exitCode()).isEqualTo(3);
        assertThat(seen).containsExactly("outer false", "inner false", "outer saw exit 3");
    }
}
