package dev.portcullis.exchange;

import dev.portcullis.powershell.FakePowerShellHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.Provisioner;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.NoBackendException;
import org.junit.jupiter.api.Test;

/** The headline API reaches the backend through ServiceLoader and host facts alone. */
class ExchangeProvisionerTest {

    @Test
    void provisionerChoosesExchangeWhereTheManagementShellIs() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer("Portcullis: read", "inspect-converged-ps51.stdout");
        Provisioner p = Provisioner.on(host).facts(ExchangeFixtures.exchangeHost());
        assertThat(p.mailServerBackend().id()).isEqualTo("exchange");
        assertThat(p.plan(ExchangeFixtures.spec()).isEmpty()).isTrue();
        VerifyReport report = p.verify(ExchangeFixtures.spec());
        assertThat(report.converged()).isTrue();
    }

    @Test
    void provisionerOnAWindowsRunnerFindsExchangeByItselfAndChoosesIt() {
        // What a remote Exchange server answers: no uname; Windows PowerShell says Win32NT and where Exchange is.
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answerText("Portcullis: is this host Windows", "PORTCULLIS-RESULT:{\"platform\":\"Win32NT\",\"version\":\"10.0.20348.0\"}")
                .answerText("Portcullis: find the Exchange", "PORTCULLIS-RESULT:{\"installPath\":"
                        + "\"C:\\\\Program Files\\\\Microsoft\\\\Exchange Server\\\\V15\\\\\"}")
                .answer("Portcullis: read", "inspect-converged-ps51.stdout");
        Provisioner p = Provisioner.on(host);

        assertThat(p.facts().osFamily()).isEqualTo(HostFacts.OsFamily.WINDOWS);
        assertThat(p.facts().kernel()).hasValue("Windows 10.0.20348.0");
        assertThat(p.facts().fact(ExchangeFacts.INSTALL_PATH)).hasValue("C:\\Program Files\\Microsoft\\Exchange Server\\V15\\");
        assertThat(p.mailServerBackend().id()).isEqualTo("exchange");
        assertThat(p.plan(ExchangeFixtures.spec()).isEmpty()).isTrue();
    }

    @Test
    void provisionerOnAWindowsRunnerWithoutExchangeSaysWhy() {
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answerText("Portcullis: is this host Windows", "PORTCULLIS-RESULT:{\"platform\":\"Win32NT\",\"version\":\"10.0.20348.0\"}")
                .answerText("Portcullis: find the Exchange", "PORTCULLIS-RESULT:{\"installPath\":\"\"}");
        assertThatThrownBy(Provisioner.on(host)::mailServerBackend).isInstanceOf(NoBackendException.class)
                .hasMessageContaining("exchange").hasMessageContaining("no Exchange Management Shell");
    }

    @Test
    void provisionerOnWindowsWithoutExchangeSaysWhy() {
        Provisioner p = Provisioner.on(new FakePowerShellHost(false))
                .facts(HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS).build());
        assertThatThrownBy(p::mailServerBackend).isInstanceOf(NoBackendException.class)
                .hasMessageContaining("exchange").hasMessageContaining("no Exchange Management Shell");
    }
}
