package dev.portcullis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a comparison leaves out of firewalld's listing: only what firewalld keeps until its next reload. */
class FirewalldListingTest {

    @Test
    void deletedOwnedServiceNamesAndEmptiedOwnedSetsAreLeftOutAndNothingElse() {
        List<String> listing = List.of(
                "runtime zone public services: dhcpv6-client portcullis-smtp_tcp_25 ssh",
                "runtime services: amqp portcullis-smtp_tcp_25 ssh portcullis-smtp_udp_26",
                "permanent services: amqp portcullis-smtp_tcp_25 ssh",
                "runtime ipset portcullis-smtp_s1_4 entries: ",
                "runtime ipset portcullis-smtp_s2_4 entries: 192.0.2.0/24",
                "runtime ipset admin-relays entries: ",
                "permanent ipset portcullis-smtp_s1_4 entries: ");

        assertThat(FirewalldListing.lessRuntimeLeftovers(listing)).containsExactly(
                "runtime zone public services: dhcpv6-client portcullis-smtp_tcp_25 ssh",
                "runtime services: amqp ssh",
                "permanent services: amqp portcullis-smtp_tcp_25 ssh",
                "runtime ipset portcullis-smtp_s2_4 entries: 192.0.2.0/24",
                "runtime ipset admin-relays entries: ",
                "permanent ipset portcullis-smtp_s1_4 entries: ");
    }
}
