package dev.portcullis.model;

import static dev.portcullis.model.Refusals.reason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.Cidr;
import dev.portcullis.IpFamily;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void parsesIpv4AndIpv6NetworksToCanonicalText() {
        assertThat(Cidr.parse("203.0.113.0/24").toCidrString()).isEqualTo("203.0.113.0/24");
        assertThat(Cidr.parse("2001:DB8:0:0::/48").toCidrString()).isEqualTo("2001:db8::/48");
        assertThat(Cidr.parse("2001:db8::/48").family()).isEqualTo(IpFamily.IPV6);
        assertThat(Cidr.parse("203.0.113.0/24").family()).isEqualTo(IpFamily.IPV4);
        assertThat(Cidr.parse("203.0.113.0/24").address()).isEqualTo("203.0.113.0");
    }

    @Test
    void aBareAddressIsASingleHost() {
        Cidr host = Cidr.parse("192.0.2.7");
        assertThat(host.isHost()).isTrue();
        assertThat(host.prefixLength()).isEqualTo(32);
        assertThat(host.toCidrString()).isEqualTo("192.0.2.7/32");
        assertThat(Cidr.parse("::1").toCidrString()).isEqualTo("::1/128");
    }

    @Test
    void theWholeAddressSpaceIsAny() {
        assertThat(Cidr.parse("0.0.0.0/0").isAny()).isTrue();
        assertThat(Cidr.parse("::/0")).isEqualTo(Cidr.ANY_IPV6);
        assertThat(Cidr.parse("10.0.0.0/8").isAny()).isFalse();
    }

    @Test
    void refusesPrefixesLongerThanTheAddress() {
        assertThat(reason(() -> Cidr.parse("10.0.0.0/33"))).isEqualTo("'10.0.0.0/33' is not a CIDR");
        assertThat(reason(() -> Cidr.parse("2001:db8::/129"))).isEqualTo("'2001:db8::/129' is not a CIDR");
    }

    @Test
    void refusesHostBitsBeyondThePrefixAndSuggestsTheNetwork() {
        assertThat(reason(() -> Cidr.parse("203.0.113.5/24")))
                .isEqualTo("'203.0.113.5/24' has host bits set beyond /24; did you mean 203.0.113.0/24?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 10.0.0.0/8", "10.0.0.0/8 ", "10.0.0.0/08", "010.0.0.1", "10.1", "10.0.1",
        "0x0a.0.0.1", "10.0.0.256", "10.0.0.0/", "/8", "10.0.0.0/8/8", "10.0.0.*", "10.0.0.1-5",
        "10.0.0.0/255.0.0.0", "fe80::1%eth0", "2001:db8:::/48", "2001:db8::g/48", "1.2.3.4;rm", "::ffff:1.2.3.4.5",
        "localhost", "example.com"})
    void refusesAnythingButStrictCidrNotation(String text) {
        assertThat(reason(() -> Cidr.parse(text))).contains("is not a CIDR");
    }

    @Test
    void refusesOverlongInputWithoutEchoingAllOfIt() {
        String longText = "1".repeat(10_000);
        assertThat(reason(() -> Cidr.parse(longText))).hasSizeLessThan(120).contains("...");
    }

    @Test
    void containsComparesNetworks() {
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.parse("10.1.2.0/24"))).isTrue();
        assertThat(Cidr.parse("10.1.2.0/24").contains(Cidr.parse("10.0.0.0/8"))).isFalse();
        assertThat(Cidr.ANY_IPV4.contains(Cidr.parse("192.0.2.1"))).isTrue();
        assertThat(Cidr.ANY_IPV4.contains(Cidr.parse("2001:db8::1"))).isFalse();
    }

    @Test
    void equalNetworksAreEqualWhateverTheirSpelling() {
        assertThat(Cidr.parse("2001:0db8:0000::/48")).isEqualTo(Cidr.parse("2001:db8::/48"))
                .hasSameHashCodeAs(Cidr.parse("2001:db8::/48"));
        assertThat(Cidr.parse("192.0.2.1")).isEqualTo(Cidr.parse("192.0.2.1/32"));
        assertThat(Cidr.parse("192.0.2.0/24")).isNotEqualTo(Cidr.parse("192.0.2.0/25"));
    }

    @Test
    void sortsIpv4BeforeIpv6AndByAddress() {
        List<Cidr> list = new ArrayList<>(List.of(Cidr.parse("2001:db8::/32"), Cidr.parse("10.0.0.0/8"),
                Cidr.parse("192.0.2.0/24"), Cidr.parse("10.0.0.0/16")));
        Collections.sort(list);
        assertThat(list).extracting(Cidr::toString)
                .containsExactly("10.0.0.0/8", "10.0.0.0/16", "192.0.2.0/24", "2001:db8::/32");
    }
}
