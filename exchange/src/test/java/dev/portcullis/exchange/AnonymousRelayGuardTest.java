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
