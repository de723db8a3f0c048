package dev.portcullis.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.VerifyReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backends are chosen by id, or by support and priority; when none applies the user is told why. */
class BackendsTest {

    private static final HostFacts DEBIAN = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX)
            .distro("debian", "12").effectiveUid(0).tools("iptables", "iptables-save").build();

    /** A backend that supports hosts having a tool, and plans one echo step. */
    record ToolBackend(String id, String tool, int priority) implements FirewallBackend {
        @Override
        public Support supports(HostFacts facts) {
            return facts.hasTool(tool) ? Support.yes(tool + " on PATH") : Support.no("no " + tool + " on PATH");
        }

        @Override
        public Plan plan(PortPolicy policy, BackendContext context) {
            return Plan.builder(id, policy.name()).step(Step.of("open", Command.of(tool, "open"),
                    Probe.none("test"), Command.of(tool, "close"))).build();
        }

        @Override
        public Plan planRemoval(PortPolicy policy, BackendContext context) {
            return Plan.builder(id, policy.name()).step(Step.of("close", Command.of(tool, "close"),
                    Probe.none("test"), Command.of(tool, "open"))).build();
        }

        @Override
        public VerifyReport verify(PortPolicy policy, BackendContext context) {
            return new VerifyReport(id, policy.name(), List.of(), List.of());
        }
    }

    private final ToolBackend iptables = new ToolBackend("linux-iptables", "iptables", 10);
    private final ToolBackend firewalld = new ToolBackend("linux-firewalld", "firewall-cmd", 20);
    private final PortPolicy policy = PortPolicy.named("web").allow(Protocol.TCP, 443).build();

    @Test
    void choosesTheSupportingBackendWithTheHighestPriority() {
        HostFacts both = DEBIAN.toBuilder().tools("firewall-cmd").build();
        assertThat(Backends.choose("firewall", List.of(iptables, firewalld), null, both)).isSameAs(firewalld);
        assertThat(Backends.choose("firewall", List.of(iptables, firewalld), null, DEBIAN)).isSameAs(iptables);
    }

    @Test
    void anExplicitIdWinsOverPriority() {
        HostFacts both = DEBIAN.toBuilder().tools("firewall-cmd").build();
        assertThat(Backends.choose("firewall", List.of(iptables, firewalld), "linux-iptables", both)).isSameAs(iptables);
    }

    @Test
    void explainsWhyNoInstalledBackendApplies() {
        HostFacts bare = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).distro("debian", "12").build();
        assertThatThrownBy(() -> Backends.choose("firewall", List.of(iptables, firewalld), null, bare))
                .isInstanceOf(NoBackendException.class)
                .hasMessageContaining("linux-iptables: no iptables on PATH")
                .hasMessageContaining("linux-firewalld: no firewall-cmd on PATH")
                .hasMessageContaining("LINUX debian 12");
    }

    @Test
    void saysWhenNoBackendIsInstalledAtAll() {
        assertThatThrownBy(() -> Backends.choose("firewall", List.of(), null, DEBIAN))
                .hasMessageContaining("None is installed");
    }

    @Test
    void namesTheInstalledBackendsWhenTheRequestedOneIsMissing() {
        assertThatThrownBy(() -> Backends.choose("firewall", List.of(iptables), "windows-firewall", DEBIAN))
                .hasMessageContaining("no firewall backend 'windows-firewall' is installed")
                .hasMessageContaining("linux-iptables");
    }

    @Test
    void refusesAnExplicitBackendThatCannotWorkOnTheHost() {
        assertThatThrownBy(() -> Backends.choose("firewall", List.of(firewalld), "linux-firewalld", DEBIAN))
                .hasMessageContaining("cannot work on this host: no firewall-cmd on PATH");
    }

    @Test
    void provisionerPlansAppliesAndRemovesThroughTheChosenBackend() {
        RecordingCommandRunner runner = new RecordingCommandRunner();
        Provisioner p = Provisioner.on(runner).facts(DEBIAN).backends(List.of(iptables, firewalld), List.of());
        assertThat(p.plan(policy).commands()).containsExactly(Command.of("iptables", "open"));
        ApplyReport report = p.apply(policy);
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(p.remove(policy).outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(p.verify(policy).converged()).isTrue();
        assertThat(runner.commands().stream().filter(c -> c.program().equals("iptables")))
                .as("besides the host's lock and journal").containsExactly(Command.of("iptables", "open"), Command.of("iptables", "close"));
    }

    @Test
    void provisionerGathersFactsOnceAndSharesThemWithItsCopies() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer("Linux 6.1.0\n", "uname");
        Provisioner p = Provisioner.on(runner).backends(List.of(iptables), List.of());
        p.facts();
        p.firewall("linux-iptables").option("iptables.persist", "true").facts();
        assertThat(runner.commands().stream().filter(c -> c.program().equals("uname"))).hasSize(1);
    }
}
