package dev.portcullis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.NoBackendException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The headline API of DESIGN.md, compiled as written. */
class HeadlineApiTest {

    @Test
    void designDocumentApiCompilesAsWritten() {
        PortPolicy smtp = PortPolicy.named("smtp-inbound")
            .allow(Protocol.TCP, 25).from("203.0.113.0/24", "2001:db8::/48").rateLimit(RateLimit.perMinute(60))
            .allow(Protocol.TCP, 587, 465)
            .build();

        MailServerSpec mail = MailServerSpec.forHost("mail.example.com")
            .origin("example.com")
            .acceptMailFor("example.com", "example.org")
            .trustNetworks("192.168.1.0/24")
            .tls(Tls.fromFiles(Path.of("/etc/ssl/certs/mail.pem"), Path.of("/etc/ssl/private/mail.key"))
                    .minimumVersion(TlsVersion.TLS_1_2))
            .submission()                      // 587: STARTTLS required, SASL only
            .maxMessageSize(DataSize.ofMegabytes(50))
            .build();
        PortPolicy needed = mail.firewallPolicy();   // the ports this server listens on

        CommandRunner runner = new RecordingCommandRunner();
        Provisioner q = Provisioner.on(runner)             // any host a CommandRunner reaches
            .firewall("linux-firewalld").mailServer("postfix").listener(event -> { });

        assertThat(smtp.rules()).hasSize(2);
        assertThat(smtp.rules().get(0).sources()).extracting(Cidr::toString)
                .containsExactly("203.0.113.0/24", "2001:db8::/48");
        assertThat(smtp.rules().get(1).ports()).containsExactly(PortRange.of(465), PortRange.of(587));
        assertThat(needed.rules().get(0).ports()).containsExactly(PortRange.of(25), PortRange.of(587));
        assertThat(mail.maxMessageSize().bytes()).isEqualTo(50L * 1024 * 1024);
        // No backend module is on core's class path: the provisioner says so instead of guessing.
        assertThatThrownBy(() -> q.plan(smtp)).isInstanceOf(NoBackendException.class)
                .hasMessageContaining("linux-firewalld");
        if (false) { // the remaining calls of the headline API must compile; they need a backend to run
            Provisioner p = Provisioner.local();
            Plan plan = p.plan(smtp);
            ApplyReport report = p.apply(smtp);
            VerifyReport drift = p.verify(smtp);
            p.remove(smtp);
            assertThat(plan.render() + report + drift).isNotEmpty();
        }
    }
}
