package dev.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.DataSize;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.Tls;
import dev.portcullis.TlsVersion;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.preflight.PreflightCheck;
import dev.portcullis.preflight.PreflightReport;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.LinuxTestHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host facts, preflight, plan, apply, verify and remove work unchanged over SSH: as the non-root
 * user {@code deploy} through {@code sudo -n}, compared step for step with the same through
 * {@code docker exec}, which also witnesses the host's state after every change.
 */
class ProvisioningOverSshIT {

    static final Path CERT = Path.of("/etc/postfix/tls-test/mail.pem");
    static final Path KEY = Path.of("/etc/postfix/tls-test/mail.key");

    @TempDir
    static Path folder;
    static LinuxTestHost host;
    static SshCommandRunner deploy;
    static CommandRunner overSsh;
    static CommandRunner dockerExec;

    @BeforeAll
    static void start() {
        host = LinuxTestHost.start().startPostfix();
        deploy = SshTestLogin.install(host, folder).as("deploy").connect();
        overSsh = deploy.privileged();
        dockerExec = host.runner();
    }

    @AfterAll
    static void stop() {
        if (deploy != null) {
            deploy.close();
        }
        if (host != null) {
            host.close();
        }
    }

    static PortPolicy smtp() {
        return PortPolicy.named("smtp-inbound").allow(Protocol.TCP, 25).from(host.network().address(130) + "/32")
                .allow(Protocol.TCP, 587, 465).build();
    }

    static MailServerSpec mail() {
        return MailServerSpec.forHost("mail.portcullis.test").origin("portcullis.test").acceptMailFor("portcullis.test")
                .trustNetworks("192.168.77.0/24").tls(Tls.selfSigned(CERT, KEY).minimumVersion(TlsVersion.TLS_1_2))
                // no submission: it needs a SASL server (PostfixSubmissionAuthIT proves that part)
                .maxMessageSize(DataSize.ofMegabytes(20)).build();
    }

    static Provisioner firewall(CommandRunner runner) {
        return Provisioner.on(runner).firewall("linux-iptables");
    }

    static Provisioner mailServer(CommandRunner runner) {
        return Provisioner.on(runner).mailServer("postfix").option("postfix.probe.address", host.address());
    }

    @Test
    void hostFactsAreTheSameOverSshAsThroughDockerExec() {
        assertThat(HostFactsGatherer.gather(overSsh).toString()).isEqualTo(HostFactsGatherer.gather(dockerExec).toString());
    }

    @Test
    void preflightFindsTheSameOverSsh() {
        assertThat(statuses(firewall(overSsh).preflight(smtp()))).isEqualTo(statuses(firewall(dockerExec).preflight(smtp())));
    }

    @Test
    void anIptablesPolicyIsPlannedAppliedVerifiedAndRemovedOverSshAsThroughDockerExec() {
        String before = rules();
        Plan planned = firewall(overSsh).plan(smtp());
        assertThat(planned.commands()).isNotEmpty().isEqualTo(firewall(dockerExec).plan(smtp()).commands());

        ApplyReport applied = firewall(overSsh).apply(smtp());
        assertThat(applied.succeeded()).as(applied.toString()).isTrue();
        assertThat(firewall(dockerExec).verify(smtp()).converged()).isTrue();
        assertThat(rules()).contains("--dport 25").contains("smtp-inbound");
        assertThat(firewall(overSsh).plan(smtp()).isEmpty()).as("converged over SSH too").isTrue();

        ApplyReport removed = firewall(overSsh).remove(smtp());
        assertThat(removed.succeeded()).as(removed.toString()).isTrue();
        assertThat(rules()).isEqualTo(before);
        assertThat(firewall(dockerExec).verify(smtp()).converged()).isFalse();
    }

    @Test
    void aPostfixSpecIsPlannedAppliedVerifiedAndRemovedOverSshAsThroughDockerExec() {
        String before = dockerExec.run("postconf", "-n").stdout();
        assertThat(mailServer(overSsh).plan(mail()).render()).isEqualTo(mailServer(dockerExec).plan(mail()).render());

        ApplyReport applied = mailServer(overSsh).apply(mail());
        assertThat(applied.succeeded()).as(applied.toString()).isTrue();
        assertThat(mailServer(dockerExec).verify(mail()).converged()).isTrue();
        assertThat(dockerExec.run("postconf", "-h", "myhostname").stdout().strip()).isEqualTo("mail.portcullis.test");
        assertThat(mailServer(overSsh).plan(mail()).isEmpty()).as("converged over SSH too").isTrue();

        ApplyReport removed = mailServer(overSsh).remove(mail());
        assertThat(removed.succeeded()).as(removed.toString()).isTrue();
        assertThat(dockerExec.run("postconf", "-n").stdout()).isEqualTo(before);
    }

    private static String rules() {
        return dockerExec.run("iptables", "-S").stdout() + dockerExec.run("ip6tables", "-S").stdout();
    }

    private static Map<String, PreflightCheck.Status> statuses(PreflightReport report) {
        return report.checks().stream().collect(Collectors.toMap(PreflightCheck::id, PreflightCheck::status, (a, b) -> a,
                java.util.TreeMap::new));
    }

}
