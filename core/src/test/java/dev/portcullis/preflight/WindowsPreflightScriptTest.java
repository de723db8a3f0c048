package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.powershell.PowerShellResult;
import dev.portcullis.powershell.PowerShellScript;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WindowsPreflightScriptTest {

    @Test
    void readsEveryFactIntoTheResultTableOfOneScript() {
        String script = WindowsPreflightScript.render(Set.of(25), Optional.empty()).text();

        assertThat(script).contains("$ports = @(25)").contains("Get-NetTCPConnection -State Listen")
                .contains("Get-NetFirewallProfile").contains("Get-NetFirewallPortFilter")
                .contains("IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)")
                .contains("$spool = $env:SystemDrive + '\\'");
        for (String key : new String[] {"elevated", "logicalProcessors", "totalMemoryBytes", "spoolRoot",
                "spoolFreeBytes", "listeners", "firewallProfiles", "blockRules", "exchangeServices", "exchangeVersion"}) {
            assertThat(script).contains("$portcullis['" + key + "'] = ");
        }
    }

    @Test
    void theSpoolPathIsBoundAsASingleQuotedLiteral() {
        String script = WindowsPreflightScript.render(Set.of(25), Optional.of("D:\\Exchange Server\\Queue")).text();

        assertThat(script).contains("$spool = 'D:\\Exchange Server\\Queue'");
    }

    @Test
    void aPosixSpoolPathIsNotUsedOnWindows() {
        assertThat(WindowsPreflightScript.render(Set.of(25), Optional.of("/var/spool/postfix")).text())
                .doesNotContain("/var/spool/postfix");
    }

    @Test
    void theDefaultExecutorIsOnePowershellProcessThroughTheRunner() {
        RecordingCommandRunner runner = new RecordingCommandRunner()
                .answer(PowerShellScript.RESULT_MARKER + "{\"elevated\":true}\n", "powershell.exe");
        PowerShellScript script = WindowsPreflightScript.render(Set.of(25, 465, 587), Optional.empty());

        PowerShellResult result = PowerShellExecutor.through(runner).execute(script);

        assertThat(runner.commands()).hasSize(1);
        Command c = runner.commands().get(0);
        assertThat(c.program()).isEqualTo("powershell.exe");
        assertThat(new String(c.stdin().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(script.text());
        assertThat(result.get("elevated").booleanValue()).isTrue();
        assertThat(Evidence.of(result.process()).source()).contains("Get-NetTCPConnection");
    }
}
