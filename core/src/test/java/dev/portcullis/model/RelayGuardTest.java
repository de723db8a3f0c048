package dev.portcullis.model;

import static dev.portcullis.model.Refusals.fields;
import static dev.portcullis.model.Refusals.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.Cidr;
import dev.portcullis.MailServerSpec;
import dev.portcullis.RelayGuard;
import dev.portcullis.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayGuardTest {

    private static MailServerSpec trusting(String... networks) {
        return MailServerSpec.forHost("mail.example.com").trustNetworks(networks).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2002::/16", "2001::/32", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "::/96",
        "2002::/17", "2001:0:c000:200::/64", "::ffff:0:0/100", "2001::/16", "::/64", "::/80", "::8000:0:0/81"})
    void refusesIpv6SpaceThatStandsForTheWholeIpv4Internet(String network) {
        assertThat(fields(() -> trusting("192.168.1.0/24", network))).containsExactly("trustedNetworks[1]");
    }

    @Test
    void judgesTranslatedSpaceByTheIpv4NetworkItStandsFor() {
        assertThat(problems(() -> trusting("64:ff9b::/103"))).singleElement().asString()
                .contains("NAT64 space standing for a /7 of IPv4 addresses").contains("at most /8");
        assertThat(trusting("64:ff9b::a00:0/104").trustedNetworks()).hasSize(1);
        assertThat(trusting("2002:c000:200::/40", "64:ff9b::c000:200/120", "::1").trustedNetworks()).hasSize(3);
    }

    @Test
    void refusesBroadGlobalIpv6NetworksButNotUniqueLocalOnes() {
        assertThat(fields(() -> trusting("2a00::/16", "2a01::/16", "2a02::/16")))
                .containsExactly("trustedNetworks[0]", "trustedNetworks[1]", "trustedNetworks[2]");
        assertThat(problems(() -> trusting("2a00::/31"))).containsExactly("trustedNetworks[0]: 2a00::/31 is too broad"
                + " to trust for relaying (at most /32 for IPv6): every address in it could relay mail through the server");
        assertThat(trusting("fc00::/7", "fe80::/10", "2001:db8::/32").trustedNetworks()).hasSize(3);
    }

    @Test
    void refusesNetworksThatTogetherCoverTooMuchOfTheInternet() {
        assertThat(problems(() -> trusting("1.0.0.0/8", "2.0.0.0/8"))).singleElement().asString()
                .startsWith("trustedNetworks: together cover 33554432 public IPv4 addresses");
        assertThat(fields(() -> trusting("1.0.0.0/8", "64:ff9b::200:0/120"))).containsExactly("trustedNetworks");
        String[] seventeenAllocations = Stream.iterate(0x2a00, n -> n + 1).limit(17)
                .map(n -> Integer.toHexString(n) + "::/32").toArray(String[]::new);
        assertThat(fields(() -> trusting(seventeenAllocations))).containsExactly("trustedNetworks");
        assertThat(trusting(List.of(seventeenAllocations).subList(0, 16).toArray(String[]::new)).trustedNetworks())
                .hasSize(16);
    }

    @Test
    void allowsEveryPrivateRangeAtOnceAndCountsContainedNetworksOnce() {
        MailServerSpec lan = trusting("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8",
                "10.1.0.0/16", "fd00::/8", "64:ff9b::a00:0/112", "198.51.100.0/24");
        assertThat(lan.trustedNetworks()).hasSize(9);
    }

    @Test
    void reportsTheIndexTheUserGaveEvenAfterDuplicatesAreDropped() {
        assertThat(fields(() -> trusting("10.0.0.0/8", "10.0.0.0/8", "2002::/16"))).containsExactly("trustedNetworks[2]");
    }

    @Test
    void theOpenRelayOverrideStillLetsALabTrustEverything() {
        MailServerSpec lab = MailServerSpec.forHost("mail.lab.example").trustNetworks("2002::/16", "1.0.0.0/8",
                "2.0.0.0/8").allowOpenRelayKnowingItWillBeAbused().build();
        assertThat(lab.openRelayAllowed()).isTrue();
    }

    @Test
    void aNarrowerGuardKeepsEveryStandardRefusalAndAddsItsOwnLimits() {
        RelayGuard exchange = RelayGuard.standard().narrowerThan(24, 64, "for an anonymous relay grant");
        List<Cidr> networks = new ArrayList<>();
        for (String n : new String[] {"10.0.0.0/16", "fd00::/8", "2002::/16", "64:ff9b::a00:0/112", "192.0.2.0/24"}) {
            networks.add(Cidr.parse(n));
        }
        assertThat(exchange.problems("trustedNetworks", networks)).extracting(SpecProblem::field)
                .containsExactly("trustedNetworks[0]", "trustedNetworks[1]", "trustedNetworks[2]", "trustedNetworks[3]");
        assertThat(exchange.problems("trustedNetworks", networks).get(0).reason())
                .contains("too broad for an anonymous relay grant (at most /24 for IPv4)");
    }
}
