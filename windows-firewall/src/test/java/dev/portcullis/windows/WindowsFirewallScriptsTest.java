package dev.portcullis.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.powershell.PowerShellScript;
import dev.portcullis.powershell.PowerShellTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden scripts: each generated script must equal its file under src/test/resources/golden. */
class WindowsFirewallScriptsTest {

    private final List<WindowsRule> desired =
            WindowsRuleTranslator.translate(Policies.smtpInbound(), Policies.options(Map.of())).rules();

    @Test
    void inspectionScript() {
        Fixtures.assertGolden(WindowsFirewallScripts.inspect("Portcullis smtp-inbound"), "inspect-smtp-inbound.ps1");
    }

    @Test
    void applyScriptOnAnEmptyGroup() {
        WindowsFirewallChanges c = WindowsFirewallPlanner.changes(desired, Fixtures.snapshot("inspect-empty.stdout"));
        Fixtures.assertGolden(WindowsFirewallScripts.apply("Portcullis smtp-inbound", c), "apply-smtp-inbound-new.ps1");
    }

    @Test
    void applyScriptOnADriftedGroup() {
        WindowsFirewallChanges c = WindowsFirewallPlanner.changes(desired, Fixtures.snapshot("inspect-drifted-ps51.stdout"));
        Fixtures.assertGolden(WindowsFirewallScripts.apply("Portcullis smtp-inbound", c), "apply-smtp-inbound-drifted.ps1");
    }

    @Test
    void restoreScriptOfTheDriftedSnapshot() {
        Fixtures.assertGolden(WindowsFirewallScripts.restore(Fixtures.snapshot("inspect-drifted-ps51.stdout")),
                "restore-smtp-inbound-drifted.ps1");
    }

    @Test
    void removalScript() {
        Fixtures.assertGolden(WindowsFirewallScripts.removeGroup("Portcullis smtp-inbound"), "remove-smtp-inbound.ps1");
    }

    @Test
    void outboundDenyRuleWithProfiles() {
        dev.portcullis.PortPolicy p = dev.portcullis.PortPolicy.named("relay-out")
                .allow(dev.portcullis.Protocol.TCP, 25).outbound().from("198.51.100.7").describedAs("smart host")
                .deny(dev.portcullis.Protocol.UDP, 1000, 2000)
                .build();
        List<WindowsRule> rules = WindowsRuleTranslator.translate(p,
                Policies.options(Map.of(WindowsFirewallOptions.PROFILES, "Domain,Private"))).rules();
        WindowsFirewallChanges c = new WindowsFirewallChanges(rules, List.of(), List.of());
        Fixtures.assertGolden(WindowsFirewallScripts.apply("Portcullis relay-out", c), "apply-relay-out-new.ps1");
    }

    @Test
    void existingRulesAreChangedAndRemovedOnlyAsTheObjectsReadNeverByAWildcardCapableName() {
        WindowsFirewallSnapshot drifted = Fixtures.snapshot("inspect-drifted-ps51.stdout");
        WindowsFirewallChanges c = WindowsFirewallPlanner.changes(desired, drifted);
        assertThat(c.removals()).isNotEmpty();
        assertThat(c.updates()).isNotEmpty();
        for (PowerShellScript script : List.of(WindowsFirewallScripts.apply("Portcullis smtp-inbound", c),
                WindowsFirewallScripts.restore(drifted), WindowsFirewallScripts.removeGroup("Portcullis smtp-inbound"))) {
            List<String> changing = script.statements().stream().map(s -> PowerShellTokens.split(s).code())
                    .filter(code -> code.matches(".*(Remove|Set)-NetFirewallRule.*")).toList();
            assertThat(changing).as(script.purpose()).isNotEmpty().allSatisfy(code -> assertThat(code)
                    .containsPattern("(Remove|Set)-NetFirewallRule -InputObject (\\$rule\\b|\\(Get-RuleByExactName \\))")
                    .doesNotContainPattern("(Remove|Set)-NetFirewallRule -(Name|Group|DisplayName)\\b")
                    .doesNotContain("| Remove-NetFirewallRule").doesNotContain("| Set-NetFirewallRule"));
        }
    }

    @Test
    void aRuleIsSelectedByItsExactCaseSensitiveNameAndExactlyOneMustMatch() {
        String select = WindowsFirewallScripts.restore(Fixtures.snapshot("inspect-drifted-ps51.stdout")).statements().stream()
                .filter(s -> s.startsWith("function Get-RuleByExactName")).findFirst().orElseThrow();
        assertThat(select).contains("$_.Name -ceq $name").contains("if ($found.Count -ne 1) { throw");
    }
}
