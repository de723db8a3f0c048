package dev.portcullis.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Interceptors wrap every command in order: sudo, logging and auditing compose. */
class InterceptingCommandRunnerTest {

    @Test
    void sudoPrefixesTheArgvAndKeepsStdinTimeoutAndSensitivity() {
        RecordingCommandRunner recorder = new RecordingCommandRunner();
        CommandRunner runner = InterceptingCommandRunner.wrap(recorder, CommandInterceptor.sudo());
        Command original = Command.builder("install").args("/dev/stdin", "/etc/x").sensitiveStdin("secret")
                .timeout(Duration.ofSeconds(7)).successExitCodes(0, 3).build();

        runner.run(original);

        Command sent = recorder.commands().get(0);
        assertThat(sent.argv()).containsExactly("sudo", "-n", "--", "install", "/dev/stdin", "/etc/x");
        assertThat(sent.stdin()).hasValueSatisfying(b -> assertThat(b).isEqualTo("secret".getBytes()));
        assertThat(sent.stdinSensitive()).isTrue();
        assertThat(sent.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(sent.successExitCodes()).containsExactly(0, 3);
        assertThat(sent.render()).doesNotContain("secret");
    }

    @Test
    void sudoPassesBinaryStandardInputByteForByte() {
        RecordingCommandRunner recorder = new RecordingCommandRunner();
        CommandRunner runner = InterceptingCommandRunner.wrap(recorder, CommandInterceptor.sudo());
        byte[] notUtf8 = {(byte) 0xff, 0, (byte) 0xc3, 0x28, (byte) 0x80, '\n'};

        runner.run(Command.builder("tee").arg("/etc/blob").stdin(notUtf8).build());

        assertThat(recorder.commands().get(0).stdin()).hasValueSatisfying(b -> assertThat(b).containsExactly(notUtf8));
        assertThat(recorder.commands().get(0).stdinSensitive()).isFalse();
    }

    @Test
    void sudoKeepsTheCommandsEnvironmentByNameNeverInTheArgv() {
        RecordingCommandRunner recorder = new RecordingCommandRunner();
        CommandRunner runner = InterceptingCommandRunner.wrap(recorder, CommandInterceptor.sudo());

        runner.run(Command.builder("mysql").arg("-e").arg("select 1").env("MYSQL_PWD", "hunter2").env("LC_ALL", "C").build());

        Command sent = recorder.commands().get(0);
        assertThat(sent.argv()).containsExactly("sudo", "-n", "--preserve-env=MYSQL_PWD,LC_ALL", "--", "mysql", "-e", "select 1");
        assertThat(sent.environment()).isEqualTo(Map.of("MYSQL_PWD", "hunter2", "LC_ALL", "C"));
        assertThat(String.join(" ", sent.argv())).doesNotContain("hunter2");
    }

    @Test
    void sudoThatWantsAPasswordIsAClearErrorNamingTheTargetNotAFailedCommand() {
        CommandRunner asksForPassword = new CommandRunner() {
            @Override
            public CommandResult execute(Command c) {
                return new CommandResult(c, 1, "", "sudo: a password is required\n", Duration.ofMillis(5), false);
            }

            @Override
            public String target() {
                return "ssh ops@192.0.2.5:22";
            }
        };
        CommandRunner runner = InterceptingCommandRunner.wrap(asksForPassword, CommandInterceptor.sudo());

        assertThatThrownBy(() -> runner.execute(Command.of("iptables-save")))
                .isInstanceOf(CommandRunnerException.class)
                .hasMessageContaining("sudo on ssh ops@192.0.2.5:22 wants a password")
                .hasMessageContaining("iptables-save")
                .hasMessageContaining("NOPASSWD");
    }

    @Test
    void aCommandThatFailsUnderSudoKeepsItsOwnResult() {
        CommandRunner failing = c -> new CommandResult(c, 1, "", "iptables: No chain/target/match by that name.\n",
                Duration.ofMillis(5), false);
        CommandRunner runner = InterceptingCommandRunner.wrap(failing, CommandInterceptor.sudo());

        CommandResult r = runner.execute(Command.of("iptables", "-D", "INPUT", "-j", "nothing"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("iptables:");
    }

    @Test
    void aTimedOutResultReachesTheCallerThroughEveryInterceptorUnchanged() {
        Command slow = Command.builder("sleep").arg("300").timeout(Duration.ofSeconds(1)).build();
        CommandRunner timingOut = c -> new CommandResult(c, 137, "", "", Duration.ofSeconds(1), true);
        List<Duration> timeoutsSeen = new ArrayList<>();
        CommandRunner runner = InterceptingCommandRunner.wrap(timingOut,
                (c, next) -> {
                    timeoutsSeen.add(c.timeout());
                    return next.execute(c);
                },
                CommandInterceptor.logging());

        CommandResult r = runner.execute(slow);

        assertThat(timeoutsSeen).containsExactly(Duration.ofSeconds(1));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.command()).isEqualTo(slow);
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

    @Test
    void anInterceptorCanAnswerWithoutRunningAnything() {
        RecordingCommandRunner recorder = new RecordingCommandRunner();
        CommandRunner dryRun = InterceptingCommandRunner.wrap(recorder, (c, next) -> CommandResult.of(c, 0, "dry run"));

        CommandResult r = dryRun.run(Command.of("iptables-restore", "--noflush"));

        assertThat(r.stdout()).isEqualTo("dry run");
        assertThat(recorder.commands()).isEmpty();
    }
}
