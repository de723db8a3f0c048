package dev.portcullis.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ExchangeSnapshotTest {

    @Test
    void parsesAFreshServersDefaultConnectors() {
        ExchangeSnapshot s = ExchangeFixtures.snapshot("inspect-fresh-ps51.stdout");
        assertThat(s.receiveConnectors()).hasSize(5);
        ReceiveConnectorSettings frontend = s.receiveConnector("Default Frontend EX01").orElseThrow();
        assertThat(frontend.transportRole()).isEqualTo("FrontendTransport");
        assertThat(frontend.bindings()).containsExactly("[::]:25", "0.0.0.0:25");
        assertThat(frontend.remoteIpRanges()).containsExactly("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0.0.0.0-255.255.255.255");
        assertThat(frontend.permissionGroups()).containsExactly("AnonymousUsers", "ExchangeServers", "ExchangeLegacyServers");
        assertThat(frontend.authMechanisms()).containsExactly("Tls", "Integrated", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer");
        assertThat(frontend.maxMessageSizeBytes()).isEqualTo(37_748_736L);
        assertThat(frontend.tlsCertificateName()).isEmpty();
        assertThat(s.sendConnectors()).isEmpty();
        assertThat(s.maxReceiveSizeBytes()).isEqualTo(10_485_760L);
        assertThat(s.acceptedDomain("CONTOSO.com")).isPresent();
        assertThat(s.certificates()).hasSize(2);
        assertThat(s.certificates().get(0).services()).containsExactly("IMAP", "POP", "IIS", "SMTP");
        assertThat(s.certificateFile().orElseThrow().tlsCertificateName())
                .isEqualTo("<I>CN=R11, O=Let's Encrypt, C=US<S>CN=mail.contoso.com");
    }

    @Test
    void parsesPlainStringsAndEmptyStringsForListsAndReportedAddressSpaces() {
        ExchangeSnapshot s = ExchangeFixtures.snapshot("inspect-converged-ps51.stdout");
        ReceiveConnectorSettings relay = s.receiveConnector("Portcullis mail-mail-contoso-com relay").orElseThrow();
        assertThat(relay.bindings()).containsExactly("192.0.2.10:25");
        assertThat(relay.remoteIpRanges()).containsExactly("192.0.2.0/24");
        SendConnectorSettings send = s.sendConnector("Portcullis mail-mail-contoso-com Internet").orElseThrow();
        assertThat(send.smartHosts()).isEmpty();
        assertThat(send.addressSpaces()).containsExactly("SMTP:*;1");
        assertThat(send.port()).isEqualTo(25);
    }

    @Test
    void readsUncastFlagsEnumerationsByTheirBits() {
        ReceiveConnectorSettings printers = ExchangeFixtures.snapshot("inspect-drifted-ps51.stdout")
                .receiveConnector("Printers relay").orElseThrow();
        assertThat(printers.permissionGroups()).containsExactly("AnonymousUsers", "ExchangeServers");
        assertThat(printers.authMechanisms()).containsExactly("Tls", "ExternalAuthoritative");
    }

    @Test
    void readsSizesInAnyDigitGroupingAndUnlimited() {
        assertThat(ByteQuantifiedSize.parse("36 MB (37,748,736 bytes)", "f")).isEqualTo(37_748_736L);
        assertThat(ByteQuantifiedSize.parse("36 MB (37.748.736 bytes)", "f")).isEqualTo(37_748_736L);
        assertThat(ByteQuantifiedSize.parse("1.5 GB (1,610,612,736 bytes)", "f")).isEqualTo(1_610_612_736L);
        assertThat(ByteQuantifiedSize.parse("Unlimited", "f")).isEqualTo(ByteQuantifiedSize.UNLIMITED);
        assertThatThrownBy(() -> ByteQuantifiedSize.parse("36 MB", "MaxMessageSize"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MaxMessageSize");
    }

    @Test
    void refusesUnknownFlagNamesAndBits() throws Exception {
        String json = ExchangeFixtures.text("fixtures/inspect-fresh-ps51.stdout").replaceFirst("PORTCULLIS-RESULT:", "");
        assertThatThrownBy(() -> ExchangeSnapshot.parse(new ObjectMapper().readTree(
                json.replaceFirst("\"PermissionGroups\":\"ExchangeServers\"", "\"PermissionGroups\":\"Everyone\""))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Everyone");
        assertThatThrownBy(() -> ExchangeSnapshot.parse(new ObjectMapper().readTree(
                json.replaceFirst("\"PermissionGroups\":\"ExchangeServers\"", "\"PermissionGroups\":64"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown flags");
    }

    @Test
    void refusesABadThumbprintAndMissingSections() throws Exception {
        String json = ExchangeFixtures.text("fixtures/inspect-fresh-ps51.stdout").replaceFirst("PORTCULLIS-RESULT:", "");
        assertThatThrownBy(() -> ExchangeSnapshot.parse(new ObjectMapper().readTree(
                json.replace("0E5CA9C3F1B2D4E6A8B0C2D4E6F8A0B2C4D6E8F0", "not-a-thumbprint"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Thumbprint");
        assertThatThrownBy(() -> ExchangeSnapshot.parse(new ObjectMapper().readTree("{\"acceptedDomains\":[]}")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }
}
