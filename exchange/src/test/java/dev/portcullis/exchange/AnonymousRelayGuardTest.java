package dev.portcullis.exchange;

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
    void judgesIpv4MappedSpaceByTheIpv4NetworkItStandsFor() {
        // ::ffff:10.0.0.0/112 is a /112 of IPv6 but stands for 10.0.0.0/16: too broad for a grant at /24.
        MailServerSpec mapped = ExchangeFixtures.specBuilder().trustNetworks("::ffff:10.0.0.0/112").build();
        assertThatThrownBy(() -> AnonymousRelayGuard.check(mapped)).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.problems()).extracting(SpecProblem::field).containsExactly("trustedNetworks[1]"));
        AnonymousRelayGuard.check(ExchangeFixtures.specBuilder().trustNetworks("::ffff:192.0.2.0/120").build());
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
}
