package dev.portcullis.exchange;

import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SpecProblem;
import org.junit.jupiter.api.Test;

class AnonymousRelayGuardTest {

    @Test
    void refusesTheExplicitOpenRelayOverride() {
        MailServerSpec open = ExchangeFixtures.specBuilder().trustNetworks("0.0.0.0/0").allowOpenRelayKnowingItWillBeAbused().build();
        assertThatThrownBy(() -> AnonymousRelayGuard.check(open)).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.problems()).extracting(SpecProblem::field).contains("openRelayAllowed", "trustedNetworks[1]"));
    }

    @Test
    void refusesARelayGrantOverBroadRanges() {
        MailServerSpec broad = ExchangeFixtures.specBuilder().trustNetworks("10.0.0.0/16", "2001:db8::/48").build();
        assertThatThrownBy(() -> AnonymousRelayGuard.check(broad)).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.problems()).extracting(SpecProblem::field)
                        .containsExactly("trustedNetworks[1]", "trustedNetworks[2]"));
    }

    @Test
    void judgesIpv4TranslatedSpaceByTheIpv4NetworkItStandsFor() {
        // 64:ff9b::10.0.0.0/112 (NAT64) is a /112 of IPv6 but stands for 10.0.0.0/16: too broad for a grant at /24.
        MailServerSpec translated = ExchangeFixtures.specBuilder().trustNetworks("64:ff9b::10.0.0.0/112").build();
        assertThatThrownBy(() -> AnonymousRelayGuard.check(translated)).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.problems()).extracting(SpecProblem::field).containsExactly("trustedNetworks[1]"));
        AnonymousRelayGuard.check(ExchangeFixtures.specBuilder().trustNetworks("64:ff9b::192.0.2.0/120").build());
        // The IPv4-mapped form never reaches the guard: no client arrives with such an address, so the
        // model refuses it as a trusted network, naming the field and the IPv4 form to write instead.
        assertThatThrownBy(() -> ExchangeFixtures.specBuilder().trustNetworks("::ffff:10.0.0.0/112").build())
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
                        .extracting(SpecProblem::field).containsExactly("trustedNetworks[1]"));
    }

    @Test
    void allowsARelayGrantToNarrowTrustedNetworks() {
        AnonymousRelayGuard.check(ExchangeFixtures.specBuilder().trustNetworks("198.51.100.7", "2001:db8:1:2::/64").build());
    }

    @Test
    void recognisesAnonymousUsersWithExternalAuthoritativeAsAnOpenRelay() {
        ReceiveConnectorSettings printers = ExchangeFixtures.snapshot("inspect-drifted-ps51.stdout")
                .receiveConnector("Printers relay").orElseThrow();
        assertThat(AnonymousRelayGuard.openRelay(printers)).get().asString().contains("Printers relay").contains("ExternalAuthoritative");
        ReceiveConnectorSettings frontend = ExchangeFixtures.snapshot("inspect-fresh-ps51.stdout")
                .receiveConnector("Default Frontend EX01").orElseThrow();
        assertThat(AnonymousRelayGuard.openRelay(frontend)).isEmpty();
    }

    @Test
    void recognisesExchangeServersWithExternalAuthoritativeAsAnOpenRelay() {
        ReceiveConnectorSettings externallySecured = new ReceiveConnectorSettings("Apps", "FrontendTransport",
                List.of("0.0.0.0:25"), List.of("0.0.0.0-255.255.255.255"), List.of("ExchangeServers"),
                List.of("Tls", "ExternalAuthoritative"), 36L << 20, "mail.contoso.com", "", false);
        assertThat(AnonymousRelayGuard.openRelay(externallySecured)).get().asString()
                .contains("'Apps'").contains("ExchangeServers with ExternalAuthoritative");
    }

    @Test
    void anAnonymousRelayGrantIsAnOpenRelayOverBroadRangesOnly() {
        ReceiveConnectorSettings everyone = connector("Default Frontend EX01", "0.0.0.0-255.255.255.255");
        assertThat(AnonymousRelayGuard.openRelay(everyone, true)).get().asString()
                .contains("Default Frontend EX01").contains("ANONYMOUS LOGON");
        assertThat(AnonymousRelayGuard.openRelay(everyone, false)).isEmpty();
        assertThat(AnonymousRelayGuard.openRelay(connector("relay", "192.0.2.0/24"), true)).isEmpty();
        assertThat(AnonymousRelayGuard.openRelay(connector("relay", "192.0.2.1-192.0.2.254"), true)).isEmpty();
        assertThat(AnonymousRelayGuard.openRelay(connector("relay", "192.0.2.50"), true)).isEmpty();
        assertThat(AnonymousRelayGuard.openRelay(connector("relay", "2001:db8:1:2::/64"), true)).isEmpty();
        assertThat(AnonymousRelayGuard.openRelay(connector("wide", "10.0.0.0/16"), true)).isPresent();
        assertThat(AnonymousRelayGuard.openRelay(connector("wide", "192.0.2.0-192.0.3.255"), true)).isPresent();
        assertThat(AnonymousRelayGuard.openRelay(connector("wide", "2001:db8::/48"), true)).isPresent();
        assertThat(AnonymousRelayGuard.openRelay(connector("odd", "not a range"), true)).isPresent();
    }

    private static ReceiveConnectorSettings connector(String name, String range) {
        return new ReceiveConnectorSettings(name, "FrontendTransport", List.of("0.0.0.0:25"), List.of(range),
                List.of("AnonymousUsers"), List.of("Tls"), 36L << 20, "mail.contoso.com", "", false);
    }
}
