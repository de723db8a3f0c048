package dev.portcullis.exchange;

import dev.portcullis.powershell.PowerShellTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * No value can close its literal or start a new statement: hostile text is refused by the model and
 * the options where users give it, and stays inside its literal where the server gives it
 * (connector names, certificate names and remote ranges an administrator set flow into the restore
 * script).
 */
class ExchangeHostileInputTest {

    private static final List<String> ATTACKS = List.of(
            "x'; Remove-ReceiveConnector 'Default Frontend EX01' -Confirm:$false; '",
            "x\u2019; Set-TransportConfig -MaxReceiveSize Unlimited; \u2018",
            "x\u201A) | Remove-AcceptedDomain -Confirm:$false #",
            "<I>CN=Evil\u201B; Add-ADPermission -User Everyone; \u201B<S>CN=x",
            "$(Remove-SendConnector -Identity * -Confirm:$false)",
            "x\"; Remove-ReceiveConnector -Identity * ; \"");

    @Test
    void theModelRefusesHostileHostNamesDomainsAndNetworks() {
        for (String attack : ATTACKS) {
            assertThatThrownBy(() -> MailServerSpec.forHost(attack).build()).isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("hostname");
            assertThatThrownBy(() -> ExchangeFixtures.specBuilder().acceptMailFor(attack).build())
                    .isInstanceOf(InvalidSpecException.class).hasMessageContaining("acceptedDomains[2]");
            assertThatThrownBy(() -> ExchangeFixtures.specBuilder().trustNetworks(attack).build())
                    .isInstanceOf(InvalidSpecException.class).hasMessageContaining("trustedNetworks[1]");
            assertThatThrownBy(() -> ExchangeFixtures.specBuilder().relayHost(attack, 25).build())
                    .isInstanceOf(InvalidSpecException.class).hasMessageContaining("relayHost");
        }
    }

    @Test
    void hostileOptionsAreRefused() {
        for (String attack : ATTACKS) {
            assertThatThrownBy(() -> ExchangeFixtures.options(Map.of(ExchangeOptions.ADOPT_RECEIVE_CONNECTOR, attack)))
                    .isInstanceOf(InvalidSpecException.class);
            assertThatThrownBy(() -> ExchangeFixtures.options(Map.of(ExchangeOptions.CERTIFICATE_PASSWORD_ENV, attack)))
                    .isInstanceOf(InvalidSpecException.class);
        }
    }

    @Test
    void hostileValuesFromTheServerStayInsideTheirLiteralsInTheRestoreScript() {
        ExchangeDesired desired = ExchangePlanner.desired(ExchangeFixtures.spec(), ExchangeFixtures.options(Map.of()),
                ExchangeFixtures.snapshot("inspect-converged-ps51.stdout"));
        List<String> benign = ExchangeScripts.restore(serverWith("v", desired), desired, ExchangeFixtures.options(Map.of()))
                .statements();
        for (String attack : ATTACKS) {
            List<String> hostile = ExchangeScripts.restore(serverWith(attack, desired), desired,
                    ExchangeFixtures.options(Map.of())).statements();
            assertThat(hostile).hasSameSizeAs(benign);
            List<String> literals = new ArrayList<>();
            for (int i = 0; i < hostile.size(); i++) {
                PowerShellTokens.Split h = PowerShellTokens.split(hostile.get(i));
                assertThat(h.code()).as("code around the values of statement %d", i)
                        .isEqualTo(PowerShellTokens.split(benign.get(i)).code());
                literals.addAll(h.literals());
            }
            assertThat(literals).contains(attack);
        }
    }

    @Test
    void aTlsCertificateNameWithAnApostropheStaysOneLiteral() {
        ExchangeDesired d = ExchangePlanner.desired(ExchangeFixtures.spec(), ExchangeFixtures.options(Map.of()),
                ExchangeFixtures.snapshot("inspect-fresh-ps51.stdout"));
        String line = ExchangeScripts.apply(d, ExchangePlanner.changes(d, ExchangeFixtures.snapshot("inspect-fresh-ps51.stdout")),
                ExchangeFixtures.options(Map.of())).statements().stream().filter(s -> s.startsWith("$tlsName =")).findFirst()
                .orElseThrow();
        PowerShellTokens.Split split = PowerShellTokens.split(line);
        assertThat(split.code()).isEqualTo("$tlsName = ");
        assertThat(split.literals()).containsExactly("<I>CN=R11, O=Let's Encrypt, C=US<S>CN=mail.contoso.com");
    }

    @Test
    void aLineBreakFromTheServerIsRefusedBeforeAnyScriptExists() {
        ExchangeDesired desired = ExchangePlanner.desired(ExchangeFixtures.spec(), ExchangeFixtures.options(Map.of()),
                ExchangeFixtures.snapshot("inspect-converged-ps51.stdout"));
        assertThatThrownBy(() -> ExchangeScripts.restore(serverWith("x\nRemove-ReceiveConnector", desired), desired,
                ExchangeFixtures.options(Map.of()))).isInstanceOf(IllegalArgumentException.class);
    }

    /** The converged server with every server-given string of the managed objects replaced. */
    private static ExchangeSnapshot serverWith(String value, ExchangeDesired desired) {
        ExchangeSnapshot s = ExchangeFixtures.snapshot("inspect-converged-ps51.stdout");
        List<ReceiveConnectorSettings> receive = new ArrayList<>();
        for (ReceiveConnectorSettings c : s.receiveConnectors()) {
            receive.add(new ReceiveConnectorSettings(c.name(), c.transportRole(), List.of(value), List.of(value),
                    c.permissionGroups(), c.authMechanisms(), c.maxMessageSizeBytes(), value, value, c.requireTls()));
        }
        List<SendConnectorSettings> send = new ArrayList<>();
        for (SendConnectorSettings c : s.sendConnectors()) {
            send.add(new SendConnectorSettings(c.name(), List.of(value), List.of(value), c.port(), value, c.maxMessageSizeBytes()));
        }
        List<ExchangeSnapshot.AcceptedDomain> domains = new ArrayList<>();
        for (ExchangeSnapshot.AcceptedDomain d : s.acceptedDomains()) {
            domains.add(new ExchangeSnapshot.AcceptedDomain(d.name(), d.domainName(), value));
        }
        return new ExchangeSnapshot(domains, receive, send, s.maxReceiveSizeBytes(), s.maxSendSizeBytes(),
                s.certificates(), Optional.empty(), s.anonymousRelayGrants());
    }
}
