package dev.portcullis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.exec.LocalCommandRunner;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test host itself: its runner behaves like a local one, and the Linux tools answer. */
class LinuxTestHostIT {

    @AutoClose
    static LinuxTestHost host;

    @BeforeAll
    static void startHost() {
        host = LinuxTestHost.start();
    }

    @Test
    void iptablesAnswersInsideTheHost() {
        assertThat(host.run("iptables", "-V").stdout()).contains("nf_tables");
        assertThat(host.run("iptables", "-S").stdout()).contains("-P INPUT ACCEPT");
        assertThat(host.run("ip6tables-save").exitCode()).isZero();
    }

    @Test
    void hostSitsAtItsFixedAddressOnTheTestNetwork() {
        assertThat(host.address()).isEqualTo(host.network().address(10));
        assertThat(host.run("ip", "-o", "addr", "show", "dev", "eth0").stdout()).contains(" " + host.address() + "/24 ");
        host.ipv6Address().ifPresent(v6 ->
                assertThat(host.run("ip", "-o", "addr", "show", "dev", "eth0").stdout()).contains(v6 + "/64"));
    }

    @Test
    void runnerPassesArgvStdinAndEnvironmentVerbatim() {
        Command echo = Command.builder("python3")
                .args("-c", "import os, sys; print(repr(sys.argv[1:])); print(os.environ['GREETING']); print(sys.stdin.read(), end='')",
                        "", "two words", "it's \"quoted\"", "$HOME", "grüße", "--dash")
                .env("GREETING", "hello; rm -rf /")
                .stdin("line one\nline two\n")
                .build();

        CommandResult result = host.runner().run(echo);

        assertThat(result.stdout()).isEqualTo(
                "['', 'two words', 'it\\'s \"quoted\"', '$HOME', 'grüße', '--dash']\n"
                        + "hello; rm -rf /\n"
                        + "line one\nline two\n");
        assertThat(result.command()).isEqualTo(echo);
    }

    @Test
    void runnerReturnsExitCodesAndStderrUnchanged() {
        CommandResult result = host.runner().execute(Command.of("python3", "-c",
                "import sys; sys.stderr.write('broken\\n'); sys.exit(3)"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).isEqualTo("broken\n");
        assertThat(result.isSuccess()).isFalse();
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void runnerKillsACommandThatOutlivesItsTimeout() {
        CommandResult result = host.runner().execute(Command.builder("sleep").arg("30")
                .timeout(Duration.ofSeconds(1)).build());

        assertThat(result.timedOut()).isTrue();
        assertThat(result.isSuccess()).isFalse();
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(10));
        assertThat(host.runner().execute(Command.of("pgrep", "-x", "sleep")).stdout().lines())
                .as("only PID 1's sleep is left").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void runnerGivesUpOnACommandThatPrintsMoreThanItKeeps() {
        DockerExecCommandRunner capped = new DockerExecCommandRunner(host.containerId(), "capped",
                LocalCommandRunner.create().withOutputLimit(1024 * 1024));
        CommandResult result = capped.execute(Command.builder("yes").arg("portcullis").timeout(Duration.ofSeconds(20)).build());

        assertThat(result.exceededOutputLimit()).hasValue(1024 * 1024);
        assertThat(result.isSuccess()).isFalse();
        assertThat(result.duration()).as("killed at the limit, not at the timeout").isLessThan(Duration.ofSeconds(15));
        // Only the docker exec client is killed: inside the host the command runs on until the
        // timeout its wrapper gives it (the daemon keeps reading its output).
    }

    @Test
    void runnerRefusesAProgramTheHostDoesNotHave() {
        assertThatThrownBy(() -> host.runner().execute(Command.of("no-such-program", "x")))
                .isInstanceOf(CommandRunnerException.class)
                .hasMessageContaining("no-such-program");
    }

    @Test
    void runnerSaysWhereItRuns() {
        assertThat(host.runner().isLocal()).isFalse();
        assertThat(host.runner().target()).contains(host.address());
    }

    @Test
    void runnerIsTheExecAgentUnlessDockerExecIsAskedFor() {
        assertThat(host.runner()).isInstanceOf(ExecAgentCommandRunner.class);
    }

    @Test
    void agentRunsConcurrentCommandsSideBySideWithoutMixingTheirReplies() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            long started = System.nanoTime();
            java.util.List<java.util.concurrent.Future<CommandResult>> each = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String n = Integer.toString(i);
                each.add(pool.submit(() -> host.runner().run("python3", "-c", "import sys, time; time.sleep(2); print(sys.argv[1])", n)));
            }
            for (int i = 0; i < 4; i++) {
                assertThat(each.get(i).get().stdout()).isEqualTo(i + "\n");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("four 2 s sleeps at once").isLessThan(Duration.ofSeconds(7));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void agentPassesLargeStdinAndOutputByteForByte() {
        String big = "0123456789abcdef\u00e9\n".repeat(200_000);

        CommandResult result = host.runner().run(Command.builder("cat").stdin(big).build());

        assertThat(result.stdout()).isEqualTo(big);
    }

    @Test
    void agentReportsACommandKilledBySignalAsDockerExecDoes() {
        CommandResult result = host.runner().execute(Command.of("python3", "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"));

        assertThat(result.exitCode()).isEqualTo(137);
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void agentKillsTheWholeProcessGroupOfACommandThatOutlivesItsTimeout() {
        CommandResult result = host.runner().execute(Command.builder("python3")
                .args("-c", "import subprocess; subprocess.Popen(['sleep', '41']); subprocess.run(['sleep', '42'])")
                .timeout(Duration.ofSeconds(1)).build());

        assertThat(result.timedOut()).isTrue();
        assertThat(host.runner().execute(Command.of("pgrep", "-f", "sleep 4[12]")).stdout()).as("child and grandchild").isEmpty();
    }

    @Test
    void agentGivesUpOnACommandThatPrintsMoreThanTheLocalRunnerKeeps() {
        // 32 MiB through the agent takes seconds alone and over 15 s on a loaded CI machine: a wide timeout
        CommandResult result = host.runner().execute(Command.builder("yes").arg("portcullis-agent").timeout(Duration.ofMinutes(5))
                .build());

        assertThat(result.exceededOutputLimit()).hasValue(LocalCommandRunner.DEFAULT_OUTPUT_LIMIT);
        assertThat(result.isSuccess()).isFalse();
        assertThat(result.timedOut()).as("killed at the limit, not at the timeout").isFalse();
        // (unlike docker exec, whose client alone is killed: see the test above)
        assertThat(host.runner().execute(Command.of("pgrep", "-f", "yes portcullis-agent")).stdout()).as("killed inside the host too")
                .isEmpty();
    }
}
