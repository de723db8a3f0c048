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
                "rule family=\"ipv4\" source address=\"203.0.113.0/24\" service name=\"portcullis-smtp_tcp_25\" accept",
                "rule family=\"ipv6\" source address=\"2001:db8::/48\" service name=\"portcullis-smtp_tcp_25\" accept");
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
                "rule service name=\"portcullis-edge_tcp_23\" log prefix=\"edge\" level=\"info\" drop",
                "rule family=\"ipv4\" source address=\"10.0.0.0/8\" service name=\"portcullis-edge_udp_161\" reject");
    }

    @Test
    void aRuleForOneFamilyFromAnywhereNamesThatFamily() {
        FirewalldRules r = FirewalldRules.of(PortPolicy.named("v6").allow(Protocol.TCP, 80).families(IpFamily.IPV6)
                .build());

        assertThat(r.zoneServices()).isEmpty();
        assertThat(r.richRules()).containsExactly(
                "rule family=\"ipv6\" service name=\"portcullis-v6_tcp_80\" accept");
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
