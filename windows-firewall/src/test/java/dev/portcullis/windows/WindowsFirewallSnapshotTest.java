package dev.portcullis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class WindowsFirewallSnapshotTest {

    @Test
    void parsesTheConvergedGroupAsWindowsPowerShell51PrintsIt() {
        WindowsFirewallSnapshot s = Fixtures.snapshot("inspect-converged-ps51.stdout");

        assertThat(s.names()).containsExactly("portcullis-smtp-inbound-1", "portcullis-smtp-inbound-2");
        WindowsRule smtp = s.rule("portcullis-smtp-inbound-1").orElseThrow();
        assertThat(smtp.enabled()).isTrue();
        assertThat(smtp.direction()).isEqualTo("Inbound");
        assertThat(smtp.action()).isEqualTo("Allow");
        assertThat(smtp.protocol()).isEqualTo("TCP");
        assertThat(smtp.localPorts()).containsExactly("25");
        assertThat(smtp.remotePorts()).containsExactly("Any");
        assertThat(smtp.remoteAddresses()).containsExactly("203.0.113.0/255.255.255.0", "2001:db8::/48");
        assertThat(smtp.profiles()).containsExactly("Any");
        assertThat(s.rule("portcullis-smtp-inbound-2").orElseThrow().localPorts()).containsExactly("465", "587");
    }

    @Test
    void parsesPowerShell7ArraysToTheSameRules() {
        assertThat(Fixtures.snapshot("inspect-converged-pwsh7.stdout").rules())
                .isEqualTo(Fixtures.snapshot("inspect-converged-ps51.stdout").rules());
    }

    @Test
    void parsesAnEmptyGroup() {
        assertThat(Fixtures.snapshot("inspect-empty.stdout").rules()).isEmpty();
    }

    @Test
    void joinsFiltersOnInstanceIdWhateverTheirOrder() {
        WindowsFirewallSnapshot s = Fixtures.snapshot("inspect-drifted-ps51.stdout");
        WindowsRule first = s.rule("portcullis-smtp-inbound-1").orElseThrow();
        assertThat(first.enabled()).isFalse();
        assertThat(first.profiles()).containsExactly("Domain", "Private");
        assertThat(first.remoteAddresses()).containsExactly("Any");
        assertThat(s.rule("portcullis-smtp-inbound-3").orElseThrow().remoteAddresses()).containsExactly("LocalSubnet");
    }

    @Test
    void refusesAnActionOutsideTheEnumeration() throws Exception {
        String json = Fixtures.text("fixtures/inspect-converged-ps51.stdout").replaceFirst("PORTCULLIS-RESULT:", "")
                .replaceFirst("\"Action\":2", "\"Action\":3");
        assertThatThrownBy(() -> WindowsFirewallSnapshot.parse("Portcullis smtp-inbound", new ObjectMapper().readTree(json)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Action").hasMessageContaining("3");
    }

    @Test
    void refusesARuleWithoutItsAddressFilter() throws Exception {
        String json = "{\"rules\":[{\"InstanceID\":\"a\",\"Name\":\"a\",\"Group\":\"Portcullis smtp-inbound\",\"Enabled\":1,"
                + "\"Direction\":1,\"Action\":2,\"Profiles\":\"Any\"}],\"ports\":[{\"InstanceID\":\"a\",\"Protocol\":\"TCP\","
                + "\"LocalPort\":\"25\",\"RemotePort\":\"Any\"}],\"addresses\":[]}";
        assertThatThrownBy(() -> WindowsFirewallSnapshot.parse("Portcullis smtp-inbound", new ObjectMapper().readTree(json)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no address filter");
    }

    @Test
    void refusesARuleOfAnotherGroup() throws Exception {
        String json = Fixtures.text("fixtures/inspect-converged-ps51.stdout").replaceFirst("PORTCULLIS-RESULT:", "")
                .replaceFirst("\"Group\":\"Portcullis smtp-inbound\"", "\"Group\":\"Remote Desktop\"");
        assertThatThrownBy(() -> WindowsFirewallSnapshot.parse("Portcullis smtp-inbound", new ObjectMapper().readTree(json)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Remote Desktop");
    }

    @Test
    void refusesAResultWithoutRules() throws Exception {
        assertThatThrownBy(() -> WindowsFirewallSnapshot.parse("g", new ObjectMapper().readTree("{}")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("rules");
    }

    @Test
    void refusesAnUnknownProfile() throws Exception {
        String json = Fixtures.text("fixtures/inspect-converged-ps51.stdout").replaceFirst("PORTCULLIS-RESULT:", "")
                .replaceFirst("\"Profiles\":\"Any\"", "\"Profiles\":\"7\"");
        assertThatThrownBy(() -> WindowsFirewallSnapshot.parse("Portcullis smtp-inbound", new ObjectMapper().readTree(json)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Profiles");
    }
}
