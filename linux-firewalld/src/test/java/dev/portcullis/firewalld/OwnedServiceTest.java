package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortRange;
import dev.portcullis.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnedServiceTest {

    @Test
    void nameSpellsOutPolicyProtocolAndSortedPorts() {
        OwnedService s = new OwnedService("smtp-inbound", Protocol.TCP, List.of(PortRange.of(587), PortRange.of(465),
                PortRange.of(1000, 2000)));

        assertThat(s.name()).isEqualTo("portcullis-smtp-inbound_tcp_465_587_1000-2000");
        assertThat(s.portOptions()).containsExactly("465/tcp", "587/tcp", "1000-2000/tcp");
    }

    @Test
    void nameReadsBackToTheSameService() {
        OwnedService s = new OwnedService("dns", Protocol.UDP, List.of(PortRange.of(53)));

        assertThat(OwnedService.parse("dns", s.name())).contains(s);
    }

    @Test
    void aPolicyDoesNotOwnTheServicesOfAPolicyWhoseNameExtendsItsOwn() {
        String other = new OwnedService("smtp-1", Protocol.TCP, List.of(PortRange.of(25))).name();

        assertThat(other.startsWith(OwnedService.prefixOf("smtp"))).isFalse();
        assertThat(OwnedService.parse("smtp", other)).isEmpty();
        assertThat(OwnedService.parse("smtp-1", other)).isPresent();
    }

    @Test
    void namesThatAreNotCanonicalAreNotReadAsOwnedContent() {
        assertThat(OwnedService.parse("x", "portcullis-x_tcp")).isEmpty();
        assertThat(OwnedService.parse("x", "portcullis-x_sctp_9")).isEmpty();
        assertThat(OwnedService.parse("x", "portcullis-x_tcp_09")).isEmpty();
        assertThat(OwnedService.parse("x", "smtp")).isEmpty();
    }
}
