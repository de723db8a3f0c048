package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.RateLimit;
import org.junit.jupiter.api.Test;

class FirewalldRulesTest {

    @Test
    void plainOpenPortsBecomeAnOwnedServiceTheZoneAllows() {
        FirewalldRules r = FirewalldRules.of(PortPolicy.named("smtp").allow(Protocol.TCP, 587, 465).build());

        assertThat(r.zoneServices()).containsExactly("portcullis-smtp_tcp_465_587");
        assertThat(r.services()).containsOnlyKeys("portcullis-smtp_tcp_465_587");
        assertThat(r.richRules()).isEmpty();
    }

    @Test
    void sourceRestrictedPortsBecomeOneRichRulePerSourceWithItsFamily() {
        FirewalldRules r = FirewalldRules.of(PortPolicy.named("smtp").allow(Protocol.TCP, 25)
                .from("203.0.113.0/24", "2001:db8::/48").build());

        assertThat(r.zoneServices()).isEmpty();
        assertThat(r.richRules()).containsExactly(
                "rule priority=\"1\" family=\"ipv4\" source address=\"203.0.113.0/24\" service name=\"portcullis-smtp_tcp_25\" accept",
                "rule priority=\"1\" family=\"ipv6\" source address=\"2001:db8::/48\" service name=\"portcullis-smtp_tcp_25\" accept");
    }

    @Test
    void rendersRichRulesExactlyAsFirewalldPrintsThemBack() {
        // The same rule, added by hand and listed by firewalld 1.3.3, is in the captured listing.
        FirewalldRules r = FirewalldRules.of(PortPolicy.named("x").allow(Protocol.TCP, 9).from("2001:db8::/48")
                .rateLimit(RateLimit.perMinute(60)).logged("x").build());

        assertThat(ZoneListing.parse(Resources.read("list-all-active-zone.txt")).richRules())
                .containsExactlyElementsOf(r.richRules());
    }

    @Test
    void denyDropsRejectRejectsAndLoggingDefaultsToThePolicyName() {
        FirewalldRules r = FirewalldRules.of(PortPolicy.named("edge")
                .deny(Protocol.TCP, 23).logged()
                .reject(Protocol.UDP, 161).from("10.0.0.0/8")
                .build());

        assertThat(r.richRules()).containsExactly(
                "rule priority=\"1\" service name=\"portcullis-edge_tcp_23\" log prefix=\"edge\" level=\"info\" drop",
                "rule priority=\"2\" family=\"ipv4\" source address=\"10.0.0.0/8\" service name=\"portcullis-edge_udp_161\" reject");
    }

    @Test
    void aRuleForOneFamilyFromAnywhereNamesThatFamily() {
        FirewalldRules r = FirewalldRules.of(PortPolicy.named("v6").allow(Protocol.TCP, 80).families(IpFamily.IPV6)
                .build());

        assertThat(r.zoneServices()).isEmpty();
        assertThat(r.richRules()).containsExactly(
                "rule priority=\"1\" family=\"ipv6\" service name=\"portcullis-v6_tcp_80\" accept");
    }

    @Test
    void everyRichRuleCarriesItsRuleNumberAsPrioritySoThatWrittenOrderWins() {
        // Without priorities firewalld evaluates deny before allow: the office would be dropped.
        FirewalldRules r = FirewalldRules.of(PortPolicy.named("office")
                .allow(Protocol.TCP, 25).from("192.0.2.0/24")
                .deny(Protocol.TCP, 25)
                .build());

        assertThat(r.zoneServices()).isEmpty();
        assertThat(r.richRules()).containsExactly(
                "rule priority=\"1\" family=\"ipv4\" source address=\"192.0.2.0/24\" service name=\"portcullis-office_tcp_25\" accept",
                "rule priority=\"2\" service name=\"portcullis-office_tcp_25\" drop");
    }

    @Test
    void aPlainAllowAfterADenyOfTheSamePortsBecomesAPrioritisedRichRule() {
        // A zone service is evaluated before every prioritised rich rule: it would overtake the deny.
        FirewalldRules r = FirewalldRules.of(PortPolicy.named("p")
                .deny(Protocol.TCP, 25).from("192.0.2.7")
                .allow(Protocol.TCP, 25, 587)
                .allow(Protocol.UDP, 25)
                .build());

        assertThat(r.zoneServices()).containsExactly("portcullis-p_udp_25");
        assertThat(r.richRules()).containsExactly(
                "rule priority=\"1\" family=\"ipv4\" source address=\"192.0.2.7/32\" service name=\"portcullis-p_tcp_25\" drop",
                "rule priority=\"2\" service name=\"portcullis-p_tcp_25_587\" accept");
    }

    @Test
    void rulesSharingPortsShareOneService() {
        FirewalldRules r = FirewalldRules.of(PortPolicy.named("p")
                .allow(Protocol.TCP, 25).from("10.0.0.0/8")
                .allow(Protocol.TCP, 25).from("192.168.0.0/16")
                .build());

        assertThat(r.services()).hasSize(1);
        assertThat(r.richRules()).hasSize(2);
    }

    @Test
    void saysWhatFirewalldCannotExpressOfARateLimit() {
        FirewalldRules r = FirewalldRules.of(PortPolicy.named("p").allow(Protocol.TCP, 25).from("10.0.0.0/8")
                .rateLimit(RateLimit.perMinute(60).burst(5)).build());

        assertThat(r.notes()).anyMatch(n -> n.contains("burst")).anyMatch(n -> n.contains("not per source"));
        assertThat(r.richRules()).allMatch(s -> s.endsWith(" accept limit value=\"60/m\""));
    }

    @Test
    void refusesOutboundRules() {
        PortPolicy out = PortPolicy.named("p").allow(Protocol.TCP, 443).outbound().build();

        assertThatThrownBy(() -> FirewalldRules.of(out)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("outbound");
    }
}
