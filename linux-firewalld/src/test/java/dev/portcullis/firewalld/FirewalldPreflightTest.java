package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.preflight.FakeLinuxHost;
import dev.portcullis.preflight.FakeBackends;
import dev.portcullis.preflight.PreflightCheck;
import dev.portcullis.preflight.PreflightReport;
import dev.portcullis.preflight.Specs;
import dev.portcullis.spi.Support;
import org.junit.jupiter.api.Test;

/** The firewalld module's part of the firewall audit: firewall-cmd --state, read the one way. */
class FirewalldPreflightTest {

    private final FakeLinuxHost host = new FakeLinuxHost().withTool("firewall-cmd").with(new FirewalldPreflight())
            .answer(252, "not running\n", "firewall-cmd", "--state");

    private static PreflightCheck audit(PreflightReport r) {
        return r.check("firewall-audit").orElseThrow();
    }

    @Test
    void aRunningFirewalldIsActiveAndRecordedAsAHostFact() {
        host.answer(0, "running\n", "firewall-cmd", "--state");

        PreflightReport r = host.run(Specs.webPolicy());

        assertThat(audit(r).reason()).contains("active: firewalld");
        assertThat(r.facts().fact(FirewalldPreflight.STATE)).contains(FirewalldRunState.RUNNING);
        assertThat(r.facts().attributes()).containsEntry("firewalld.state", "running");
    }

    @Test
    void exit252MeansNotRunning() {
        PreflightReport r = host.run(Specs.webPolicy());

        assertThat(audit(r).detail("active")).asList().doesNotContain("firewalld");
        assertThat(r.facts().fact(FirewalldPreflight.STATE)).contains(FirewalldRunState.NOT_RUNNING);
    }

    @Test
    void whatTheAuditLearnsReachesTheBackends() {
        host.answer(0, "running\n", "firewall-cmd", "--state").withFirewall(FakeBackends.firewall("prefers-firewalld", 10,
                f -> f.fact(FirewalldPreflight.STATE).orElse(FirewalldRunState.NOT_RUNNING) == FirewalldRunState.RUNNING
                        ? Support.yes("firewalld is running") : Support.no("firewalld is not running")));

        assertThat(audit(host.run(Specs.webPolicy())).detail("backend")).isEqualTo("prefers-firewalld");
    }

    @Test
    void withoutFirewallCmdOnPathNothingIsRead() {
        FakeLinuxHost bare = new FakeLinuxHost().with(new FirewalldPreflight());

        bare.run(Specs.webPolicy());

        assertThat(bare.commands()).noneMatch(c -> c.program().equals("firewall-cmd"));
    }
}
