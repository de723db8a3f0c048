package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ZoneListingTest {

    private final ZoneListing runtime = ZoneListing.parse(Resources.read("list-all-runtime-with-owned.txt"));

    @Test
    void readsServicesPortsAndRichRulesFromARealListing() {
        assertThat(runtime.zone()).isEqualTo("public");
        assertThat(runtime.services()).containsExactlyInAnyOrder("dhcpv6-client", "portcullis-x_tcp_9", "ssh");
        assertThat(runtime.ports()).containsExactlyInAnyOrder("8080/tcp", "60000-60010/udp");
        assertThat(runtime.richRules()).containsExactlyInAnyOrder(
                "rule priority=\"2\" family=\"ipv4\" source address=\"10.0.0.0/8\" service name=\"portcullis-x_tcp_9\" accept",
                "rule priority=\"2\" family=\"ipv4\" source address=\"10.1.0.0/16\" service name=\"portcullis-x_tcp_9\" accept");
        assertThat(runtime.settings()).containsEntry("target", "default").containsEntry("interfaces", "");
    }

    @Test
    void readsTheZoneNameOfAnActiveZone() {
        ZoneListing active = ZoneListing.parse(Resources.read("list-all-active-zone.txt"));

        assertThat(active.zone()).isEqualTo("trusted");
        assertThat(active.settings()).containsEntry("interfaces", "eth0");
        assertThat(active.richRules()).hasSize(1);
    }

    @Test
    void readsTheOfflineListingLikeTheOnlineOne() {
        ZoneListing offline = ZoneListing.parse(Resources.read("list-all-offline.txt"));

        assertThat(offline.ownedServices("x")).containsExactly("portcullis-x_tcp_9");
        assertThat(offline.ownedRichRules("x")).hasSize(2);
    }

    @Test
    void ownedEntriesAreThoseReferencingThePolicysServices() {
        assertThat(runtime.ownedServices("x")).containsExactly("portcullis-x_tcp_9");
        assertThat(runtime.ownedRichRules("x")).hasSize(2);
        assertThat(runtime.ownedServices("other")).isEmpty();
        assertThat(runtime.ownedRichRules("other")).isEmpty();
    }

    @Test
    void withoutOwnedEntriesOnlyTheAdministratorsPartRemains() {
        ZoneListing admin = runtime.withoutOwnedBy("x");

        assertThat(admin.services()).containsExactlyInAnyOrder("dhcpv6-client", "ssh");
        assertThat(admin.ports()).containsExactlyInAnyOrder("8080/tcp", "60000-60010/udp");
        assertThat(admin.richRules()).isEmpty();
    }

    @Test
    void comparesRegardlessOfTheOrderFirewalldPrintsIn() {
        ZoneListing permanent = ZoneListing.parse(Resources.read("list-all-permanent-with-owned.txt"));

        assertThat(permanent.withoutOwnedBy("x").differencesFrom(runtime.withoutOwnedBy("x")))
                .containsExactly("ports: 60000-60010/udp 8080/tcp -> ");
        assertThat(runtime).isEqualTo(ZoneListing.parse(Resources.read("list-all-runtime-with-owned.txt")));
        assertThat(runtime).isNotEqualTo(permanent);
    }

    @Test
    void refusesTextThatIsNoZoneListing() {
        assertThatThrownBy(() -> ZoneListing.parse("Error: INVALID_ZONE: nosuchzone\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZoneListing.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
