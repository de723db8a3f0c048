package dev.portcullis.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The local runner passes argv through untouched and fences off Commons Exec's conveniences. */
class LocalCommandRunnerTest {

    private final LocalCommandRunner runner = LocalCommandRunner.create();

    private static Command.Builder child(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes = Path.of(ArgvEcho.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        return Command.builder(java).args("-cp", classes, ArgvEcho.class.getName()).args(args);
    }

    private static String codePoints(String s) {
        StringBuilder b = new StringBuilder("[");
        s.codePoints().forEach(cp -> b.append(Integer.toHexString(cp)).append(' '));
        return b.append(']').toString();
    }

    @Test
    void passesEveryArgumentVerbatimWithoutQuotingTrimmingOrSubstitution() throws Exception {
        List<String> tricky = List.of("", " ", "  leading and trailing  ", "two words", "\"double\"", "'single'",
                "it's", "a\"b'c", "\\back\\slash\\", "${HOME}", "$HOME", "`date`", "$(id)", "; rm -rf /", "|&<>",
                "*", "?", "~", "-leading-dash", "--flag=value", "ünïcödé ✓ 日本", "tab\there", "emoji 🚀", "%PATH%");
        CommandResult r = runner.run(child("echo").args(tricky).build());
        List<String> expected = new ArrayList<>();
        tricky.forEach(t -> expected.add(codePoints(t)));
        assertThat(r.stdout().split("\n", -1)).startsWith(expected.toArray(new String[0]));
        assertThat(r.stdout().lines().count()).isEqualTo(tricky.size());
    }

    @Test
    void runsEveryCommandFromTheRootFolderWhateverTheJvmsWorkingDirectory() {
        assertThat(System.getProperty("user.dir")).isNotEqualTo("/");
        assertThat(runner.run("pwd").stdout().strip()).isEqualTo("/");
    }

    @Test
    void copiesAbsolutePathsBelowAFolderWithCpParentsAsPostfixBackupsDo(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path source = java.nio.file.Files.createDirectories(dir.resolve("etc/postfix")).resolve("main.cf");
        java.nio.file.Files.writeString(source, "myhostname = a\n");
        Path backup = java.nio.file.Files.createDirectories(dir.resolve("backup"));
        runner.run("cp", "-p", "--parents", "--", source.toString(), backup.toString());
        assertThat(backup.resolve(source.toString().substring(1))).hasContent("myhostname = a");
    }

    @Test
    void feedsStandardInputAndCapturesOutputAsUtf8() throws Exception {
        String input = "line one\nünïcode ✓\n";
        CommandResult r = runner.run(child("stdin").stdin(input).build());
        assertThat(r.stdout()).isEqualTo(input);
    }

    @Test
    void closesStandardInputWhenThereIsNone() throws Exception {
        CommandResult r = runner.run(child("stdin").timeout(Duration.ofSeconds(30)).build());
        assertThat(r.stdout()).isEmpty();
        assertThat(r.timedOut()).isFalse();
    }

    @Test
    void capturesStdoutAndStderrSeparatelyAndReportsTheExitCode() throws Exception {
        CommandResult r = runner.execute(child("exit", "3").build());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out-text");
        assertThat(r.stderr()).isEqualTo("err-text ünïcode");
        assertThat(r.isSuccess()).isFalse();
    }

    @Test
    void runAcceptsExitZeroOnlyByDefaultAndTheFailureCarriesTheResult() throws Exception {
        Command failing = child("exit", "1").build();
        assertThatThrownBy(() -> runner.run(failing)).isInstanceOf(CommandFailedException.class)
                .satisfies(e -> assertThat(((CommandFailedException) e).result().stderr()).contains("err-text"))
                .hasMessageContaining("exit 1");
        assertThat(runner.run(child("exit", "1").successExitCodes(0, 1).build()).exitCode()).isEqualTo(1);
    }

    @Test
    void passesExplicitEnvironmentVariables() throws Exception {
        CommandResult r = runner.run(child("env", "PORTCULLIS_TEST").env("PORTCULLIS_TEST", "value with spaces").build());
        assertThat(r.stdout()).isEqualTo("value with spaces");
        LocalCommandRunner bare = LocalCommandRunner.withEnvironment(java.util.Map.of("ONLY", "this"));
        assertThat(bare.run(child("env", "HOME").build()).stdout()).isEqualTo("null");
        assertThat(bare.run(child("env", "ONLY").build()).stdout()).isEqualTo("this");
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        long start = System.nanoTime();
        CommandResult r = runner.execute(child("sleep").timeout(Duration.ofSeconds(3)).build());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.timedOut()).isTrue();
        assertThat(r.isSuccess()).isFalse();
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        long grandchild = Long.parseLong(r.stdout().strip());
        Optional<ProcessHandle> handle = ProcessHandle.of(grandchild);
        for (int i = 0; i < 50 && handle.map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertThat(handle.map(ProcessHandle::isAlive).orElse(false)).as("grandchild still alive").isFalse();
    }

    @Test
    void timeoutIsRecordedWhenTheWrapperExitsZeroAfterItsChildIsKilled() {
        // The wrapper waits for its first child only; it exits 0 as soon as that child is killed,
        // while the watchdog is still busy with the other children.
        String script = "sleep 30 & first=$!; for i in $(seq 60); do sleep 30 & done; wait $first; echo done; exit 0";
        long start = System.nanoTime();
        CommandResult r = runner.execute(Command.builder("sh").args("-c", script).timeout(Duration.ofSeconds(3)).build());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r.timedOut()).as(r.toString()).isTrue();
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.stdout()).doesNotContain("done");
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        assertThat(r.toString()).contains("timed out");
    }

    @Test
    void timeoutIsRecordedWhenTheWrapperReportsItsKilledChild() {
        String script = "sleep 30 & first=$!; for i in $(seq 60); do sleep 30 & done; wait $first; exit $?";
        CommandResult r = runner.execute(Command.builder("sh").args("-c", script)
                .timeout(Duration.ofSeconds(3)).successExitCodes(0, 137).build());

        assertThat(r.timedOut()).as(r.toString()).isTrue();
        assertThat(r.isSuccess()).isFalse();
        assertThatThrownBy(() -> runner.run(r.command())).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void aBackgroundChildHoldingTheOutputOpenCannotOutlastTheTimeout() {
        long start = System.nanoTime();
        CommandResult r = runner.execute(Command.builder("sh").args("-c", "sleep 30 & echo started")
                .timeout(Duration.ofSeconds(3)).build());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(20));
        assertThat(r.stdout()).isEqualTo("started\n");
        assertThat(r.exitCode()).as("the exit code of the process itself").isZero();
        assertThat(r.timedOut()).as("its output was still open at the deadline").isTrue();
        assertThat(r.isSuccess()).isFalse();
    }

    @Test
    void outputBeyondTheLimitKillsTheProcessAndSaysSo() {
        LocalCommandRunner capped = LocalCommandRunner.create().withOutputLimit(1024 * 1024);
        long start = System.nanoTime();
        CommandResult r = capped.execute(Command.builder("yes").arg("portcullis").timeout(Duration.ofSeconds(60)).build());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r.exceededOutputLimit()).hasValue(1024 * 1024);
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.timedOut()).isFalse();
        assertThat(r.stdout()).hasSize(1024 * 1024).startsWith("portcullis\nportcullis\n");
        assertThat(took).as("killed at once, not at the timeout").isLessThan(Duration.ofSeconds(30));
        assertThat(r.toString()).contains("output exceeded 1048576 bytes");
        assertThatThrownBy(() -> capped.run(r.command())).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("output exceeded 1048576 bytes");
    }

    @Test
    void standardErrorIsCappedToo() {
        LocalCommandRunner capped = LocalCommandRunner.create().withOutputLimit(4096);
        CommandResult r = capped.execute(Command.builder("sh").args("-c", "yes >&2").build());

        assertThat(r.exceededOutputLimit()).hasValue(4096);
        assertThat(r.stderr()).hasSize(4096);
        assertThat(r.isSuccess()).isFalse();
    }

    @Test
    void outputWithinTheLimitIsKeptWhole() throws Exception {
        LocalCommandRunner capped = LocalCommandRunner.create().withOutputLimit(4096);
        String input = "x".repeat(4096);
        CommandResult r = capped.run(child("stdin").stdin(input).build());

        assertThat(r.stdout()).isEqualTo(input);
        assertThat(r.exceededOutputLimit()).isEmpty();
    }

    @Test
    void theDefaultOutputLimitIsGenerousButBounded() {
        assertThat(LocalCommandRunner.create().outputLimit()).isEqualTo(LocalCommandRunner.DEFAULT_OUTPUT_LIMIT)
                .isBetween(8L * 1024 * 1024, 256L * 1024 * 1024);
        assertThatThrownBy(() -> LocalCommandRunner.create().withOutputLimit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output limit");
    }

    @Test
    void missingProgramIsARunnerException() {
        assertThatThrownBy(() -> runner.execute(Command.of("/nonexistent/portcullis-no-such-program")))
                .isInstanceOf(CommandRunnerException.class).hasMessageContaining("could not start");
    }

    @Test
    void countingRunnerCountsEverySpawn() throws Exception {
        CountingCommandRunner counting = new CountingCommandRunner(runner);
        counting.run(child("echo", "a").build());
        counting.execute(child("exit", "2").build());
        assertThat(counting.spawns()).isEqualTo(2);
        assertThat(counting.commands()).hasSize(2);
        counting.reset();
        assertThat(counting.spawns()).isZero();
    }
}
