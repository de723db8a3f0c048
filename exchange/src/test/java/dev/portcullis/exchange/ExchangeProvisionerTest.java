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
    void provisionerOnWindowsWithoutExchangeSaysWhy() {
        Provisioner p = Provisioner.on(new FakePowerShellHost(false))
                .facts(HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS).build());
        assertThatThrownBy(p::mailServerBackend).isInstanceOf(NoBackendException.class)
                .hasMessageContaining("exchange").hasMessageContaining("no Exchange Management Shell");
    }
}
