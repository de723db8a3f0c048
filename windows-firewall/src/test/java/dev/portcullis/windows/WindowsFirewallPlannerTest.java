package dev.portcullis.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.plan.Drift;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowsFirewallPlannerTest {

    private final List<WindowsRule> desired =
            WindowsRuleTranslator.translate(Policies.smtpInbound(), Policies.options(Map.of())).rules();

    @Test
    void convergedGroupNeedsNoChangeDespiteMaskNotationAndValueCountWrappers() {
        assertThat(WindowsFirewallPlanner.changes(desired, Fixtures.snapshot("inspect-converged-ps51.stdout")).isEmpty()).isTrue();
        assertThat(WindowsFirewallPlanner.changes(desired, Fixtures.snapshot("inspect-converged-pwsh7.stdout")).isEmpty()).isTrue();
        assertThat(WindowsFirewallPlanner.drifts(desired, Fixtures.snapshot("inspect-converged-ps51.stdout"))).isEmpty();
    }

    @Test
    void emptyGroupCreatesEveryRule() {
        WindowsFirewallChanges c = WindowsFirewallPlanner.changes(desired, Fixtures.snapshot("inspect-empty.stdout"));
        assertThat(c.creates()).extracting(WindowsRule::name)
                .containsExactly("portcullis-smtp-inbound-1", "portcullis-smtp-inbound-2");
        assertThat(c.updates()).isEmpty();
        assertThat(c.removals()).isEmpty();
    }

    @Test
    void driftedGroupUpdatesInPlaceCreatesTheMissingAndRemovesOnlyItsOwnExtras() {
        WindowsFirewallChanges c = WindowsFirewallPlanner.changes(desired, Fixtures.snapshot("inspect-drifted-ps51.stdout"));
        assertThat(c.updates()).extracting(WindowsRule::name).containsExactly("portcullis-smtp-inbound-1");
        assertThat(c.creates()).extracting(WindowsRule::name).containsExactly("portcullis-smtp-inbound-2");
        assertThat(c.removals()).containsExactly("portcullis-smtp-inbound-3");
    }

    @Test
    void driftsNameEachDifferingSetting() {
        List<Drift> d = WindowsFirewallPlanner.drifts(desired, Fixtures.snapshot("inspect-drifted-ps51.stdout"));
        assertThat(d).extracting(Drift::subject).containsExactlyInAnyOrder(
                "rule portcullis-smtp-inbound-1 Enabled",
                "rule portcullis-smtp-inbound-1 RemoteAddress",
                "rule portcullis-smtp-inbound-1 Profile",
                "rule portcullis-smtp-inbound-2",
                "rule portcullis-smtp-inbound-3");
        assertThat(d).filteredOn(x -> x.subject().endsWith("RemoteAddress")).singleElement()
                .satisfies(x -> {
                    assertThat(x.expected()).isEqualTo("[2001:db8::/48, 203.0.113.0/24]");
                    assertThat(x.actual()).isEqualTo("[Any]");
                });
    }

    @Test
    void normalisesTheAddressFormsWindowsReports() {
        assertThat(WindowsRuleComparison.normalAddress("203.0.113.0/255.255.255.0")).isEqualTo("203.0.113.0/24");
        assertThat(WindowsRuleComparison.normalAddress("198.51.100.7")).isEqualTo("198.51.100.7/32");
        assertThat(WindowsRuleComparison.normalAddress("0.0.0.0-255.255.255.255")).isEqualTo("0.0.0.0/0");
        assertThat(WindowsRuleComparison.normalAddress("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo("::/0");
        assertThat(WindowsRuleComparison.normalAddress("10.0.0.1-10.0.0.5")).isEqualTo("10.0.0.1-10.0.0.5");
        assertThat(WindowsRuleComparison.normalAddress("2001:DB8:0::/48")).isEqualTo("2001:db8::/48");
        assertThat(WindowsRuleComparison.normalAddress("LocalSubnet")).isEqualTo("localsubnet");
    }
}
