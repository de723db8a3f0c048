package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.RecordingCommandRunner;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowsPreflightScriptTest {

    @Test
    void readsListenersOfTheRequestedPortsAndPrintsOneJsonDocument() {
        String script = WindowsPreflightScript.render(Set.of(25, 465, 587), Optional.empty());

        assertThat(script).contains("$ports = @(").contains("Get-NetTCPConnection -State Listen")
                .contains("Get-NetFirewallProfile").contains("Get-NetFirewallPortFilter")
                .contains("IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)")
                .contains("ConvertTo-Json -Depth 5 -Compress")
                .contains("$spool = ($env:SystemDrive + '\\')");
        assertThat(script.lines().filter(l -> l.contains("ConvertTo-Json"))).hasSize(1);
    }

    @Test
    void theSpoolPathIsASingleQuotedLiteral() {
        String script = WindowsPreflightScript.render(Set.of(25), Optional.of("D:\\Exchange Server\\Queue"));

        assertThat(script).contains("$spool = 'D:\\Exchange Server\\Queue'");
        assertThat(WindowsPreflightScript.literal("it's")).isEqualTo("'it''s'");
    }

    @Test
    void aPosixSpoolPathIsNotUsedOnWindows() {
        assertThat(WindowsPreflightScript.render(Set.of(25), Optional.of("/var/spool/postfix")))
                .doesNotContain("/var/spool/postfix");
    }

    @Test
    void theRunnerGetsTheScriptBase64EncodedAsUtf16() {
        RecordingCommandRunner runner = new RecordingCommandRunner();

        PowerShellExecutor.through(runner).execute("Write-Output 'grüße'");

        Command c = runner.commands().get(0);
        assertThat(c.argv()).startsWith("powershell.exe", "-NoProfile", "-NonInteractive");
        String encoded = c.argv().get(c.argv().indexOf("-EncodedCommand") + 1);
        assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_16LE))
                .isEqualTo("Write-Output 'grüße'");
    }
}
