package dev.portcullis.windows;

import dev.portcullis.powershell.PowerShellTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.powershell.PowerShellScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No value can close its literal or start a new statement: hostile text is refused by the model
 * where users give it, and stays inside its literal where the host gives it (a snapshot's rule
 * names and display names, which an administrator may have edited, flow into the restore script).
 */
class WindowsHostileInputTest {

    private static final List<String> ATTACKS = List.of(
            "x'; Remove-NetFirewallRule -All; '",
            "x\u2019; Remove-NetFirewallRule -All; \u2018",
            "x\u201A) | Remove-NetFirewallRule #",
            "x\u201B; Set-NetFirewallProfile -Enabled False; \u201B",
            "$(Remove-NetFirewallRule -All)",
            "x`'; iex 'calc'",
            "x\"; Remove-NetFirewallRule -All; \"",
            "R\u00e8gle'); Remove-NetFirewallRule -All; ('");

    @Test
    void theModelRefusesHostilePolicyNames() {
        for (String attack : ATTACKS) {
            assertThatThrownBy(() -> PortPolicy.named(attack).allow(Protocol.TCP, 25).build())
                    .isInstanceOf(InvalidSpecException.class).hasMessageContaining("name");
        }
    }

    @Test
    void theModelRefusesHostileDescriptionsAndSources() {
        for (String attack : ATTACKS) {
            assertThatThrownBy(() -> PortPolicy.named("smtp").allow(Protocol.TCP, 25).describedAs(attack).build())
                    .isInstanceOf(InvalidSpecException.class).hasMessageContaining("rules[0].description");
            assertThatThrownBy(() -> PortPolicy.named("smtp").allow(Protocol.TCP, 25).from(attack).build())
                    .isInstanceOf(InvalidSpecException.class).hasMessageContaining("rules[0].sources[0]");
        }
        assertThatThrownBy(() -> PortPolicy.named("smtp").description("ok\nRemove-NetFirewallRule -All")
                .allow(Protocol.TCP, 25).build()).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void theModelRefusesHostileProfileOptions() {
        for (String attack : ATTACKS) {
            assertThatThrownBy(() -> Policies.options(Map.of(WindowsFirewallOptions.PROFILES, attack)))
                    .isInstanceOf(InvalidSpecException.class);
        }
    }

    @Test
    void hostileValuesFromTheHostStayInsideTheirLiteralsInTheRestoreScript() {
        List<String> benignStatements = WindowsFirewallScripts.restore(snapshot("v")).statements();
        for (String attack : ATTACKS) {
            List<String> hostileStatements = WindowsFirewallScripts.restore(snapshot(attack)).statements();
            assertThat(hostileStatements).hasSameSizeAs(benignStatements);
            List<String> literals = new ArrayList<>();
            for (int i = 0; i < hostileStatements.size(); i++) {
                PowerShellTokens.Split h = PowerShellTokens.split(hostileStatements.get(i));
                PowerShellTokens.Split b = PowerShellTokens.split(benignStatements.get(i));
                assertThat(h.code()).as("code around the values of statement %d", i).isEqualTo(b.code());
                literals.addAll(h.literals());
            }
            // display name, description and remote address of the first rule, display name of the second,
            // each in the Set- and the New-NetFirewallRule branch
            assertThat(literals.stream().filter(attack::equals)).as(attack).hasSize(8);
            assertThat(literals).contains("Portcullis smtp-inbound", "portcullis-smtp-inbound-1", "portcullis-smtp-inbound-2");
        }
    }

    @Test
    void hostileRuleNamesFromTheHostAreRefusedBeforeAnyScriptExists() {
        for (String attack : ATTACKS) {
            WindowsFirewallSnapshot named = new WindowsFirewallSnapshot("Portcullis smtp-inbound", List.of(rule(attack, "v")));
            assertThatThrownBy(() -> WindowsFirewallScripts.restore(named)).as(attack)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds a rule named");
            WindowsFirewallChanges removal = new WindowsFirewallChanges(List.of(), List.of(), List.of(attack));
            assertThatThrownBy(() -> WindowsFirewallScripts.apply("Portcullis smtp-inbound", removal)).as(attack)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds a rule named");
        }
    }

    @Test
    void aLineBreakFromTheHostIsRefusedBeforeAnyScriptExists() {
        WindowsFirewallSnapshot broken = snapshot("x\r\nRemove-NetFirewallRule -All");
        assertThatThrownBy(() -> WindowsFirewallScripts.restore(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character");
    }

    @Test
    void noPartOfAHostileValueEverRunsAsCodeAndEveryScriptIsAscii() {
        for (String attack : ATTACKS) {
            PowerShellScript s = WindowsFirewallScripts.restore(snapshot(attack));
            assertThat(s.text().chars()).as(attack).allMatch(c -> c < 0x7f);
            for (String statement : s.statements()) {
                String code = PowerShellTokens.split(statement).code();
                assertThat(code).as(statement).doesNotContain("-All").doesNotContain("iex").doesNotContain("calc")
                        .doesNotContain("Set-NetFirewallProfile").doesNotContain("$(").doesNotContain("\"")
                        .doesNotContain("R\u00e8gle").doesNotContain("[char]");
            }
        }
    }

    /** A group whose rules carry the value wherever the host reports free text: names stay plain. */
    private static WindowsFirewallSnapshot snapshot(String value) {
        WindowsRule second = new WindowsRule("portcullis-smtp-inbound-2", value, "", "Portcullis smtp-inbound", true,
                "Inbound", "Allow", "TCP", List.of("2525"), List.of("Any"), List.of("Any"), List.of("Any"));
        return new WindowsFirewallSnapshot("Portcullis smtp-inbound", List.of(rule("portcullis-smtp-inbound-1", value), second));
    }

    private static WindowsRule rule(String name, String value) {
        return new WindowsRule(name, value, value, "Portcullis smtp-inbound", true,
                "Inbound", "Allow", "TCP", List.of("25"), List.of("Any"), List.of(value), List.of("Any"));
    }
}
