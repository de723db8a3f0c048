package dev.portcullis.windows.preflight;

import static org.assertj.core.api.Assertions.assertThat;

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
}
