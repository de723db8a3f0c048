package dev.portcullis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.ProvisioningEvent;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.NoBackendException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The headline API of DESIGN.md, as written, run against a host in memory ({@link FakeHost}) whose
 * backends change and read it only through commands. Core has no real backend on its class path:
 * the fakes stand in for linux-firewalld and postfix.
 */
class HeadlineApiTest {

    private final PortPolicy smtp = PortPolicy.named("smtp-inbound")
        .allow(Protocol.TCP, 25).from("203.0.113.0/24", "2001:db8::/48").rateLimit(RateLimit.perMinute(60))
        .allow(Protocol.TCP, 587, 465)
        .build();

    private final MailServerSpec mail = MailServerSpec.forHost("mail.example.com")
        .origin("example.com")
        .acceptMailFor("example.com", "example.org")
        .trustNetworks("192.168.1.0/24")
        .tls(Tls.fromFiles(Path.of("/etc/ssl/certs/mail.pem"), Path.of("/etc/ssl/private/mail.key"))
                .minimumVersion(TlsVersion.TLS_1_2))
        .submission()                      // 587: STARTTLS required, SASL only
        .maxMessageSize(DataSize.ofMegabytes(50))
        .build();

    private final FakeHost runner = new FakeHost();

    @Test
    void theModelReadsAsWritten() {
        PortPolicy needed = mail.firewallPolicy();   // the ports this server listens on

        assertThat(smtp.rules()).hasSize(2);
        assertThat(smtp.rules().get(0).sources()).extracting(Cidr::toString)
                .containsExactly("203.0.113.0/24", "2001:db8::/48");
        assertThat(smtp.rules().get(1).ports()).containsExactly(PortRange.of(465), PortRange.of(587));
        assertThat(needed.rules().get(0).ports()).containsExactly(PortRange.of(25), PortRange.of(587));
        assertThat(mail.maxMessageSize().bytes()).isEqualTo(50L * 1024 * 1024);
    }

    @Test
    void planApplyVerifyAndRemoveAPolicy() {
        Provisioner p = Provisioner.local();               // detects backends on this host
        assertThat(p.runner().isLocal()).isTrue();
        // From here on the same provisioner reaches the host in memory, with its backends.
        p = p.newBuilder().runner(runner).backends(List.of(new FakeHost.Firewall("linux-firewalld")),
                List.of(new FakeHost.MailServer("postfix"))).build();

        Plan plan = p.plan(smtp);           // dry run; plan.render() is the exact commands
        assertThat(runner.firewallRules()).isEmpty();
        assertThat(plan.steps()).hasSize(2);
        assertThat(plan.render()).contains("fakefw add 'smtp-inbound#1 ");

        ApplyReport report = p.apply(smtp); // plan, run, check each step live, roll back on failure
        assertThat(report.succeeded()).as(report.toString()).isTrue();
        assertThat(report.changed()).isTrue();
        assertThat(runner.firewallRules()).containsExactlyInAnyOrderElementsOf(FakeHost.Firewall.lines(smtp));

        VerifyReport drift = p.verify(smtp);// read-only: converged or the differences
        assertThat(drift.converged()).isTrue();
        assertThat(p.plan(smtp).isEmpty()).as("a converged host yields an empty plan").isTrue();

        runner.addRuleByHand("admin ssh from 192.0.2.1");
        p.remove(smtp);                     // removes what the policy owns, nothing else
        assertThat(runner.firewallRules()).containsExactly("admin ssh from 192.0.2.1");
        assertThat(p.verify(smtp).drifts()).hasSize(2);
    }

    @Test
    void aProvisionerOnARunnerUsesTheNamedBackendsAndReportsToItsListener() {
        List<ProvisioningEvent> events = new ArrayList<>();
        CommandRunner hostInMemory = runner;
        Provisioner q = Provisioner.on(hostInMemory)             // any host a CommandRunner reaches
            .firewall("linux-firewalld").mailServer("postfix").listener(event -> events.add(event));
        q = q.newBuilder().backends(List.of(new FakeHost.Firewall("linux-iptables"), new FakeHost.Firewall("linux-firewalld")),
                List.of(new FakeHost.MailServer("exchange"), new FakeHost.MailServer("postfix"))).build();

        ApplyReport mailReport = q.apply(mail);
        ApplyReport firewallReport = q.apply(mail.firewallPolicy());

        assertThat(q.firewallBackend().id()).isEqualTo("linux-firewalld");
        assertThat(q.mailServerBackend().id()).isEqualTo("postfix");
        assertThat(mailReport.backend()).isEqualTo("postfix");
        assertThat(firewallReport.backend()).isEqualTo("linux-firewalld");
        assertThat(runner.mailConfig()).containsEntry("myhostname", "mail.example.com")
                .containsEntry("accepted", "example.com,example.org").containsEntry("message_size_limit", "52428800");
        assertThat(events).isNotEmpty();
        assertThat(q.verify(mail).converged()).isTrue();

        q.remove(mail);
        assertThat(runner.mailConfig()).isEmpty();
    }

    @Test
    void withoutABackendModuleTheProvisionerSaysSoInsteadOfGuessing() {
        Provisioner q = Provisioner.on(runner).firewall("linux-firewalld").mailServer("postfix").listener(event -> { });

        // No backend module is on core's class path.
        assertThatThrownBy(() -> q.plan(smtp)).isInstanceOf(NoBackendException.class).hasMessageContaining("linux-firewalld");
        assertThat(runner.firewallRules()).isEmpty();
    }
}
