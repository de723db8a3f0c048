package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Provisioner;
import dev.portcullis.Tls;
import dev.portcullis.TlsVersion;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on one live host behind a hardened firewall (INPUT dropping by default): the mail
 * spec's {@link MailServerSpec#firewallPolicy()} applied with the iptables backend opens exactly
 * 25, 587 and 465, the Postfix backend configures the server, its SMTP probe passes from this
 * JVM (it was stopped; the apply starts it), and a client container holds real SMTP dialogues on the opened ports while another
 * listening port stays closed.
 */
class MailServerEndToEndIT {

    static final Duration QUICK = Duration.ofSeconds(2);

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;

    @BeforeAll
    static void start() {
        // Postfix is installed but not running: the apply must start it after postfix check
        host = LinuxTestHost.start().listenOn(2525);
        client = host.newClient();
        AdminDovecot.start(host);
        for (String tool : new String[] {"iptables", "ip6tables"}) {
            host.run(tool, "-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
            host.run(tool, "-P", "INPUT", "DROP");
        }
    }

    static MailServerSpec spec() {
        return MailServerSpec.forHost("mail.portcullis.test")
                .origin("portcullis.test")
                .acceptMailFor("portcullis.test")
                .tls(Tls.selfSigned(Path.of("/etc/postfix/tls-e2e/mail.pem"), Path.of("/etc/postfix/tls-e2e/mail.key"))
                        .minimumVersion(TlsVersion.TLS_1_2))
                .submission()
                .smtps()
                .build();
    }

    @Test
    void theFirewallOpensExactlyTheMailPortsAndTheServerIsProvenFromOutside() {
        MailServerSpec mail = spec();
        Provisioner p = Provisioner.on(host.runner()).firewall("linux-iptables").mailServer("postfix")
                .option("postfix.probe.address", host.address());
        assertThat(client.canConnect(client.address(), host.address(), 25, QUICK)).as("25 before the firewall opens it").isFalse();

        PortPolicy needed = mail.firewallPolicy();
        ApplyReport firewall = p.apply(needed);
        ApplyReport server = p.apply(mail);

        assertThat(firewall.outcome()).as(firewall.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(server.outcome()).as(server.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(host.runner().execute(dev.portcullis.exec.Command.builder("postfix").arg("status")
                .successExitCodes(0, 1).build()).exitCode()).as("Postfix started by the apply").isZero();
        assertThat(server.findings().get(0)).startsWith("final check passed")
                .contains("PASS port 25: RCPT TO a foreign domain is refused")
                .contains("PASS port 587: MAIL before STARTTLS is refused")
                .contains("PASS port 587: AUTH PLAIN is offered inside TLS")
                .contains("PASS port 465: implicit TLS handshake");
        for (int port : mail.listeningPorts()) {
            assertThat(client.canConnect(client.address(), host.address(), port, QUICK)).as("port %d open", port).isTrue();
        }
        assertThat(client.canConnect(client.address(), host.address(), 2525, QUICK)).as("2525 listens but stays closed").isFalse();
        String dialogue = client.runner().run("swaks", "--server", host.address(), "--port", "25",
                "--ehlo", "client.portcullis.test", "--from", "sender@example.net", "--to", "postmaster@portcullis.test",
                "--quit-after", "RCPT").stdout();
        assertThat(dialogue).contains("<-  220 mail.portcullis.test ESMTP").contains("250-STARTTLS").contains("<-  250 2.1.5 Ok");
        dev.portcullis.exec.CommandResult tls = client.runner().run(dev.portcullis.exec.Command.builder("openssl")
                .args("s_client", "-brief", "-starttls", "smtp", "-connect", host.address() + ":25").stdin("QUIT\n").build());
        assertThat(tls.stdout() + tls.stderr()).contains("CONNECTION ESTABLISHED");
        String submission = client.runner().execute(dev.portcullis.exec.Command.of("swaks", "--server", host.address(),
                "--port", "587", "--ehlo", "client.portcullis.test", "--from", "sender@example.net",
                "--to", "postmaster@portcullis.test", "--quit-after", "MAIL")).stdout();
        assertThat(submission).contains("530 5.7.0 Must issue a STARTTLS command first");
        assertThat(p.verify(needed).converged()).isTrue();
        assertThat(p.verify(mail).converged()).isTrue();
    }
}
