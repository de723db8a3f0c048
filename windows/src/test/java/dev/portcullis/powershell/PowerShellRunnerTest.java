package dev.portcullis.powershell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.exec.LocalCommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the runner's protocol with a stand-in for PowerShell: a small bash program written at test
 * time that records its argv and standard input, then answers as a script would (JSON after the
 * marker, a failure on standard error with a non-zero exit, or nothing before a timeout).
 */
class PowerShellRunnerTest {

    @TempDir
    Path dir;

    private final CountingCommandRunner local = new CountingCommandRunner(LocalCommandRunner.create());

    private final PowerShellScript script = PowerShellScript.builder("stand-in test")
            .statement("Get-NetFirewallRule -Group {}", "Portcullis smtp").build();

    private Path standIn(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/bash\n"
                + "printf '%s\\n' \"$@\" > \"$0.argv\"\n"
                + "cat > \"$0.stdin\"\n"
                + body, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void feedsTheScriptOnStdinWithTheFixedArgvAndReadsTheJsonResult() throws IOException {
        Path ps = standIn("ok", "echo 'WARNING: noise before the result'\n"
                + "echo 'PORTCULLIS-RESULT: {\"rules\":[{\"Name\":\"a\"}],\"count\":1}'\n"
                + "echo 'noise after'\n");
        PowerShellResult result = PowerShellRunner.using(ps.toString()).run(local, script);

        assertThat(result.get("count").asInt()).isEqualTo(1);
        assertThat(result.get("rules").get(0).get("Name").asText()).isEqualTo("a");
        assertThat(Files.readAllLines(Path.of(ps + ".argv")))
                .containsExactly("-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "-");
        assertThat(Files.readString(Path.of(ps + ".stdin"))).isEqualTo(script.text());
        assertThat(local.spawns()).isEqualTo(1);
    }

    @Test
    void aNonZeroExitIsAFailureCarryingTheScriptsErrorMessage() throws IOException {
        Path ps = standIn("fail", "echo 'PORTCULLIS-ERROR: Access is denied. At line:3 char:9' >&2\nexit 1\n");
        assertThatThrownBy(() -> PowerShellRunner.using(ps.toString()).run(local, script))
                .isInstanceOfSatisfying(PowerShellException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PowerShellException.Reason.FAILED);
                    assertThat(e.getMessage()).contains("exit code 1").contains("Access is denied");
                    assertThat(e.result().exitCode()).isEqualTo(1);
                });
    }

    @Test
    void aNonZeroExitFailsEvenWhenAResultLineWasPrinted() throws IOException {
        Path ps = standIn("half", "echo 'PORTCULLIS-RESULT: {}'\nexit 3\n");
        assertThatThrownBy(() -> PowerShellRunner.using(ps.toString()).run(local, script))
                .isInstanceOfSatisfying(PowerShellException.class,
                        e -> assertThat(e.reason()).isEqualTo(PowerShellException.Reason.FAILED));
    }

    @Test
    void aScriptThatOutlivesItsTimeoutIsKilledAndReportedAsTimedOut() throws IOException {
        Path ps = standIn("slow", "sleep 30\n");
        long start = System.nanoTime();
        assertThatThrownBy(() -> PowerShellRunner.using(ps.toString()).timeout(Duration.ofSeconds(1)).run(local, script))
                .isInstanceOfSatisfying(PowerShellException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PowerShellException.Reason.TIMED_OUT);
                    assertThat(e.result().timedOut()).isTrue();
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void exitZeroWithoutAResultLineIsNoResult() throws IOException {
        Path ps = standIn("silent", "echo 'just text'\n");
        assertThatThrownBy(() -> PowerShellRunner.using(ps.toString()).run(local, script))
                .isInstanceOfSatisfying(PowerShellException.class,
                        e -> assertThat(e.reason()).isEqualTo(PowerShellException.Reason.NO_RESULT));
    }

    @Test
    void exitZeroAfterAnErrorIsStillAFailureBecauseNoResultWasPrinted() throws IOException {
        Path ps = standIn("lostexit", "echo 'PORTCULLIS-ERROR: Access is denied.' >&2\nexit 0\n");
        assertThatThrownBy(() -> PowerShellRunner.using(ps.toString()).run(local, script))
                .isInstanceOfSatisfying(PowerShellException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PowerShellException.Reason.NO_RESULT);
                    assertThat(e.getMessage()).contains("Access is denied.");
                });
    }

    @Test
    void aResultLineThatIsNotJsonIsMalformed() throws IOException {
        Path ps = standIn("garbage", "echo 'PORTCULLIS-RESULT: {\"rules\": ['\n");
        assertThatThrownBy(() -> PowerShellRunner.using(ps.toString()).run(local, script))
                .isInstanceOfSatisfying(PowerShellException.class,
                        e -> assertThat(e.reason()).isEqualTo(PowerShellException.Reason.MALFORMED_RESULT));
    }

    @Test
    void aResultThatIsNotAnObjectIsMalformed() throws IOException {
        Path ps = standIn("array", "echo 'PORTCULLIS-RESULT: [1,2]'\n");
        assertThatThrownBy(() -> PowerShellRunner.using(ps.toString()).run(local, script))
                .isInstanceOfSatisfying(PowerShellException.class,
                        e -> assertThat(e.reason()).isEqualTo(PowerShellException.Reason.MALFORMED_RESULT));
    }

    @Test
    void commandCarriesScriptOnStdinNeverInArgv() {
        Command c = PowerShellRunner.using("pwsh").timeout(Duration.ofSeconds(42)).command(script);
        assertThat(c.argv()).containsExactly("pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "-");
        assertThat(new String(c.stdin().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(script.text());
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void refusesToSendNonAsciiCodeBecausePowerShellReadsStdinInTheConsoleCodePage() {
        // Values are bound as character codes; only fixed code (here a template) could carry one.
        PowerShellScript unicode = PowerShellScript.builder("x").statement("Get-X -Name caf\u00e9").build();
        assertThatThrownBy(() -> PowerShellRunner.using("pwsh").command(unicode))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+00E9");
        assertThat(List.of(local.spawns())).containsExactly(0);
    }
}
