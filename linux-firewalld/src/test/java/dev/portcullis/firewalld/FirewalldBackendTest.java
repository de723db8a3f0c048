package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.Backends;
import dev.portcullis.spi.HostFacts;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirewalldBackendTest {

    private static final PortPolicy POLICY = PortPolicy.named("x").allow(Protocol.TCP, 9).from("10.0.0.0/8").build();
    /** What the captured listings hold for policy x: 9/tcp open to all and to two networks. */
    private static final PortPolicy CAPTURED = PortPolicy.named("x").zone("public")
            .allow(Protocol.TCP, 9)
            .allow(Protocol.TCP, 9).from("10.0.0.0/8", "10.1.0.0/16")
            .build();

    private static HostFacts facts(long uid, String... tools) {
        return HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).effectiveUid(uid).tools(tools).build();
    }

    @Test
    void isFoundByTheServiceLoaderWithItsIdAndPriority() {
        assertThat(Backends.firewalls()).filteredOn(b -> b.id().equals("linux-firewalld")).singleElement()
                .satisfies(b -> assertThat(b.priority()).isEqualTo(20));
    }

    @Test
    void supportsRootWithFirewallCmdOrTheOfflineToolOnly() {
        FirewalldBackend b = new FirewalldBackend();

        assertThat(b.supports(facts(0, "firewall-cmd")).supported()).isTrue();
        assertThat(b.supports(facts(0, "firewall-offline-cmd")).supported()).isTrue();
        assertThat(b.supports(facts(0, "iptables")).reason()).contains("firewall-cmd", "not installed");
        assertThat(b.supports(facts(1000, "firewall-cmd")).reason()).contains("root", "1000");
        assertThat(b.supports(HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS).build()).supported()).isFalse();
    }

    /** A host where policy x is in place in the zone public, as firewalld's client read it there. */
    private static RecordingCommandRunner convergedHost() {
        return new RecordingCommandRunner().answer(Resources.read("client-read-converged.json"), "python3", "-c");
    }

    @Test
    void aConvergedHostNeedsOnlyTheOneSnapshotRead() {
        RecordingCommandRunner runner = convergedHost();

        Plan plan = new FirewalldBackend().plan(CAPTURED, new BackendContext(runner, facts(0, "firewall-cmd"), Map.of()));

        assertThat(plan.isEmpty()).as(plan.render()).isTrue();
        assertThat(runner.commands()).singleElement().satisfies(c -> {
            assertThat(c.argv()).containsExactly("python3", "-c", FirewalldClient.program());
            assertThat(new String(c.stdin().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"operation\" : \"read\"", "\"zone\" : \"public\"", "\"runtime\"", "\"permanent\"",
                            "\"file\" : \"x.rules\"");
        });
    }

    @Test
    void withoutAZoneTheClientReadsTheDefaultZoneInTheSameCall() {
        RecordingCommandRunner runner = convergedHost();

        Plan plan = new FirewalldBackend().plan(POLICY, new BackendContext(runner, facts(0, "firewall-cmd"), Map.of()));

        assertThat(runner.commands()).hasSize(1);
        assertThat(new String(runner.commands().get(0).stdin().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"zone\" : null");
        assertThat(plan.target()).contains("zone public");
    }

    @Test
    void anUnknownZoneFailsWithFirewalldsOwnReasonAndNotTheProgramText() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer(1,
                "{\"errors\": [{\"operation\": \"read\", \"item\": \"\", \"error\": \"INVALID_ZONE: nozone\"}]}",
                "python3", "-c");
        PortPolicy policy = POLICY.toBuilder().zone("nozone").build();

        assertThatThrownBy(() -> new FirewalldBackend().plan(policy, new BackendContext(runner, facts(0), Map.of())))
                .isInstanceOf(FirewalldRefusedException.class)
                .hasMessage("firewalld refused to read firewalld zone nozone: read: INVALID_ZONE: nozone");
    }

    @Test
    void verifyNamesTheConfigurationOfEachDrift() {
        // the captured listings open 9/tcp to all (rule 1) and to two networks (rule 2, priority 2), in both
        // configurations; POLICY wants 9/tcp from 10.0.0.0/8 only, as its rule 1 (priority 1)
        VerifyReport report = new FirewalldBackend().verify(POLICY,
                new BackendContext(convergedHost(), facts(0, "firewall-cmd"), Map.of()));

        assertThat(report.drifts()).extracting(d -> d.where() + " " + d.expected() + "/" + d.actual())
                .containsExactlyInAnyOrder("runtime present/missing", "runtime absent/present", "runtime absent/present",
                        "runtime not allowed/allowed", "permanent present/missing", "permanent absent/present",
                        "permanent absent/present", "permanent not allowed/allowed");
    }

    @Test
    void whenFirewalldIsStoppedReadsThePermanentConfigurationOffline() {
        RecordingCommandRunner runner = new RecordingCommandRunner()
                .answer("{\"running\": false, \"errors\": []}", "python3", "-c")
                .answer(Resources.read("list-all-offline.txt"), "firewall-offline-cmd", "--zone=public", "--list-all")
                .answer("ssh portcullis-x_tcp_9\n", "firewall-offline-cmd", "--get-services");

        VerifyReport report = new FirewalldBackend().verify(CAPTURED, new BackendContext(runner, facts(0, "firewall-cmd"), Map.of()));

        assertThat(report.converged()).as(report.toString()).isTrue();
        assertThat(report.findings()).anyMatch(f -> f.contains("not running"));
        assertThat(runner.commands()).extracting(c -> c.program()).containsExactly("python3",
                "firewall-offline-cmd", "firewall-offline-cmd");
    }
}
