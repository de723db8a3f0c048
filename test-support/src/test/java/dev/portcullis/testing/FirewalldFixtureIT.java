package dev.portcullis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * firewalld runs in the test host, and the client container proves over the wire what it opens
 * and to whom. Every port has a listener, so "unreachable" can only mean "filtered".
 */
class FirewalldFixtureIT {

    private static final Duration QUICK = Duration.ofSeconds(2);

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;

    @BeforeAll
    static void startFirewalldWithListeners() {
        host = LinuxTestHost.start().startFirewalld();
        for (int port = 8025; port <= 8029; port++) {
            host.listenOn(port);
        }
        client = host.newClient();
    }

    @Test
    void firewalldRunsWithTheNftablesBackend() {
        assertThat(host.run("firewall-cmd", "--state").stdout().strip()).isEqualTo("running");
        assertThat(host.run("nft", "list", "tables").stdout()).contains("firewalld");
    }

    @Test
    void theListingShowsEveryRuntimeAndPermanentChangeTheWayFirewallCmdMakesIt() {
        List<String> before = FirewalldListing.read(host);
        assertThat(before).contains("runtime zone public target: default", "permanent zone public target: default")
                .anyMatch(l -> l.startsWith("runtime services: ") && l.contains(" smtp "));

        host.run("firewall-cmd", "--zone=internal", "--add-rich-rule=rule family=ipv4 source address=198.51.100.9"
                + " port port=8031 protocol=tcp drop");
        host.run("firewall-cmd", "--permanent", "--new-ipset=listing-probe", "--type=hash:net");
        host.run("firewall-cmd", "--permanent", "--ipset=listing-probe", "--add-entry=203.0.113.0/25");
        host.run("firewall-cmd", "--direct", "--add-rule", "ipv4", "filter", "INPUT", "7", "-s", "192.0.2.9", "-j", "DROP");
        try {
            List<String> after = FirewalldListing.read(host);

            assertThat(after).containsAll(before.stream().filter(l -> !l.startsWith("permanent ipset")).toList())
                    .contains("runtime zone internal rule: rule family=\"ipv4\" source address=\"198.51.100.9\" port"
                            + " port=\"8031\" protocol=\"tcp\" drop",
                            "permanent ipset listing-probe entries: 203.0.113.0/25",
                            "runtime direct rule: ipv4 filter INPUT 7 -s 192.0.2.9 -j DROP")
                    .hasSize(before.size() + 3);
        } finally {
            host.run("firewall-cmd", "--zone=internal", "--remove-rich-rule=rule family=ipv4 source address=198.51.100.9"
                    + " port port=8031 protocol=tcp drop");
            host.run("firewall-cmd", "--permanent", "--delete-ipset=listing-probe");
            host.run("firewall-cmd", "--direct", "--remove-rule", "ipv4", "filter", "INPUT", "7", "-s", "192.0.2.9", "-j",
                    "DROP");
        }
        assertThat(FirewalldListing.read(host)).isEqualTo(before);
    }

    @Test
    void clientReachesAPortFirewalldOpened() {
        host.run("firewall-cmd", "--add-port=8025/tcp");

        assertThat(client.canConnect(host.address(), 8025)).isTrue();
    }

    @Test
    void portNotOpenedStaysUnreachableThoughSomethingListens() {
        assertThat(host.run("ss", "-ltn").stdout()).contains(":8026");

        assertThat(client.canConnect(host.address(), 8026)).isFalse();
    }

    @Test
    void clientAtAllowedSourceReachesPortOpenedForItsRangeOnly() {
        TestNetwork net = host.network();
        String allowedRange = net.address(128) + "/25";
        host.run("firewall-cmd", "--add-rich-rule=rule family=ipv4 source address=" + allowedRange
                + " port port=8027 protocol=tcp accept");

        assertThat(client.canConnect(net.address(130), host.address(), 8027, QUICK)).isTrue();
        assertThat(client.canConnect(net.address(100), host.address(), 8027, QUICK)).isFalse();
        assertThat(client.canConnect(client.address(), host.address(), 8027, QUICK)).isFalse();
    }

    @Test
    void sourcesOutsideTheTestNetworkAreRoutedBackThroughTheClient() {
        host.run("firewall-cmd", "--add-rich-rule=rule family=ipv4 source address=203.0.113.0/24"
                + " port port=8028 protocol=tcp accept");

        assertThat(client.canConnect("203.0.113.7", host.address(), 8028, QUICK)).isTrue();
        assertThat(client.canConnect("198.51.100.7", host.address(), 8028, QUICK)).isFalse();
        assertThat(host.run("ip", "route", "show", "203.0.113.7").stdout()).contains("via " + client.address());
    }

    @Test
    void clientReachesAPortOpenedOverIpv6() {
        assertThat(host.ipv6Address()).as("this Docker engine refused an IPv6 test network").isPresent();
        String hostV6 = host.ipv6Address().orElseThrow();
        String allowed = host.network().ipv6Address(130).orElseThrow();
        String denied = host.network().ipv6Address(100).orElseThrow();
        host.run("firewall-cmd", "--add-rich-rule=rule family=ipv6 source address=" + allowed + "/128"
                + " port port=8029 protocol=tcp accept");

        assertThat(client.canConnect(allowed, hostV6, 8029, QUICK)).isTrue();
        assertThat(client.canConnect(denied, hostV6, 8029, QUICK)).isFalse();
    }
}
