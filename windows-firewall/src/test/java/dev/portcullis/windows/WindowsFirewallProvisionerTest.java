package dev.portcullis.windows;

import dev.portcullis.powershell.FakePowerShellHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.Provisioner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.NoBackendException;
import org.junit.jupiter.api.Test;

/** The headline API reaches the backend through ServiceLoader and host facts alone. */
class WindowsFirewallProvisionerTest {

    @Test
    void provisionerChoosesWindowsFirewallOnAWindowsHostAndAppliesInTwoProcesses() {
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answer("Portcullis: read", "inspect-empty.stdout").answer("Portcullis: apply", "inspect-converged-ps51.stdout");
        Provisioner p = Provisioner.on(host).facts(Policies.windows());
        assertThat(p.firewallBackend().id()).isEqualTo("windows-firewall");
        ApplyReport report = p.apply(Policies.smtpInbound());
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(host.commands()).hasSize(2);
    }

    @Test
    void provisionerOnLinuxSaysWhyWindowsFirewallDoesNotApply() {
        Provisioner p = Provisioner.on(new FakePowerShellHost(false))
                .facts(HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).build());
        assertThatThrownBy(p::firewallBackend).isInstanceOf(NoBackendException.class)
                .hasMessageContaining("windows-firewall").hasMessageContaining("needs a Windows host");
    }

    @Test
    void optionsReachTheBackendThroughTheProvisioner() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer("Portcullis: read", "inspect-empty.stdout");
        Provisioner p = Provisioner.on(host).facts(Policies.windows()).option(WindowsFirewallOptions.PROFILES, "Public");
        assertThat(p.plan(Policies.smtpInbound()).render()).contains("-Profile 'Public'");
    }
}
