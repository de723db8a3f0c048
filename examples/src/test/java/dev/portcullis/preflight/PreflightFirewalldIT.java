package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.firewalld.FirewalldPreflight;
import dev.portcullis.firewalld.FirewalldRunState;
import dev.portcullis.preflight.PreflightCheck.Status;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.Support;
import dev.portcullis.testing.LinuxTestHost;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Preflight with firewalld running on the live host: the audit sees it, hands what it saw to the
 * backends' supports(), and names a firewalld rich rule that rejects port 25.
 */
class PreflightFirewalldIT {

    @AutoClose
    static LinuxTestHost host;

    @BeforeAll
    static void startFirewalld() {
        host = LinuxTestHost.start().startFirewalld();
    }

    /** Applies where preflight saw firewalld running, as a real firewalld backend may decide. */
    static final class NeedsRunningFirewalld implements FirewallBackend {
        @Override
        public String id() {
            return "needs-running-firewalld";
        }

        @Override
        public Support supports(HostFacts facts) {
            return facts.fact(FirewalldPreflight.STATE).orElse(FirewalldRunState.NOT_RUNNING) == FirewalldRunState.RUNNING
                    ? Support.yes("firewalld is running") : Support.no("firewalld is not running");
        }

        @Override
        public Plan plan(PortPolicy spec, BackendContext context) {
            throw new UnsupportedOperationException("preflight only asks supports()");
        }

        @Override
        public Plan planRemoval(PortPolicy spec, BackendContext context) {
            throw new UnsupportedOperationException("preflight only asks supports()");
        }

        @Override
        public VerifyReport verify(PortPolicy spec, BackendContext context) {
            throw new UnsupportedOperationException("preflight only asks supports()");
        }
    }

    @Test
    void theAuditSeesFirewalldAndTheBackendChoiceFollows() {
        PreflightReport r = dev.portcullis.Provisioner.on(host.runner())
                .backends(List.of(new NeedsRunningFirewalld()), List.of()).preflight(LiveSpecs.smtpPolicy());
        System.out.println(r);

        PreflightCheck audit = r.check("firewall-audit").orElseThrow();
        assertThat(audit.detail("active").toString()).contains("firewalld");
        assertThat(audit.detail("backend")).isEqualTo("needs-running-firewalld");
        assertThat(audit.reason()).contains("Portcullis would use the needs-running-firewalld firewall backend:"
                + " firewalld is running");
    }

    @Test
    void aRichRuleRejectingPort25IsNamed() {
        String rule = "rule family=\"ipv4\" port port=\"25\" protocol=\"tcp\" reject";
        host.run("firewall-cmd", "--add-rich-rule=" + rule);
        try {
            PreflightReport r = Preflight.run(host.runner(), LiveSpecs.mail());
            System.out.println(r);

            PreflightCheck audit = r.check("firewall-audit").orElseThrow();
            assertThat(audit.status()).isNotEqualTo(Status.PASS);
            assertThat(audit.reason()).contains("port 25 is blocked inbound by nftables table inet firewalld chain"
                    + " filter_IN_public_deny: tcp dport 25 reject");
        } finally {
            host.run("firewall-cmd", "--remove-rich-rule=" + rule);
        }
    }
}
