package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.DataSize;
import dev.portcullis.MailServerSpec;
import dev.portcullis.Provisioner;
import dev.portcullis.Tls;
import dev.portcullis.TlsVersion;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Postfix backend on a live Debian 12 host with Postfix 3.7: apply proven over SMTP from this
 * JVM (outside mynetworks), idempotent re-apply, rollback from every step position, removal.
 * One container for the class; the tests build on each other in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostfixBackendIT {

    /**
     * The snapshot: postconf -n, postconf -M, one sha256sum, the record, and one stat of the SASL socket the submission
     * services rely on (an admin's Dovecot here; no mailbox folder in this spec). Was 4 before the plan refused
     * submission without a SASL server it can see.
     */
    static final int SNAPSHOT_READS = 5;
    /** What a fresh Provisioner gathers once before its first plan: uname, os-release, which, iptables -V, id. */
    static final int HOST_FACT_READS = 5;
    /**
     * A fresh apply of {@link #spec()} on stock Debian, after the reads: backup and record 6 (rm, install -d, 2 cp of
     * the originals, cp --parents, install of the record) + 1 read-back, self-signed certificate 4 + 1, ONE postconf -e
     * + postconf -n, ONE postconf -M + postconf -M, applied digests 2 + 1, postfix check and reload + postfix status.
     * The SMTP probe is sockets from this JVM, no process. (Was 24 before the record joined the backup step and the
     * reload stopped asking postfix status first.)
     */
    static final int FRESH_APPLY_STEP_COMMANDS = 22;
    /**
     * remove after the applies of this class, after the reads: backup 3 + 1, both originals back 2 + 1, the generated
     * certificate deleted 1 + 1, postfix check and reload (no read-back: a stopped Postfix stays stopped), own folder
     * 1 + 1.
     */
    static final int REMOVE_STEP_COMMANDS = 13;

    static final Path CERT = Path.of("/etc/postfix/tls-test/mail.pem");
    static final Path KEY = Path.of("/etc/postfix/tls-test/mail.key");

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;
    static HostFacts facts;
    static String originalMainCf;
    static String originalPostconfN;
    static String originalMasterCf;

    @BeforeAll
    static void start() {
        host = LinuxTestHost.start().startPostfix();
        client = host.newClient();
        AdminDovecot.start(host);
        facts = HostFactsGatherer.gather(host.runner());
        originalMainCf = digest("/etc/postfix/main.cf");
        originalMasterCf = digest("/etc/postfix/master.cf");
        originalPostconfN = host.run("postconf", "-n").stdout();
        host.run("cp", "-p", "/etc/postfix/main.cf", "/root/main.cf.before-tests");
        host.run("cp", "-p", "/etc/postfix/master.cf", "/root/master.cf.before-tests");
    }

    static MailServerSpec spec() {
        // 192.168.77.0/24 is trusted; the Docker network this JVM probes from is not: the relay check is real
        return MailServerSpec.forHost("mail.portcullis.test")
                .origin("portcullis.test")
                .acceptMailFor("portcullis.test")
                .trustNetworks("192.168.77.0/24")
                .tls(Tls.selfSigned(CERT, KEY).minimumVersion(TlsVersion.TLS_1_2))
                .submission()
                .smtps()
                .maxMessageSize(DataSize.ofMegabytes(20))
                .build();
    }

    static Provisioner provisioner() {
        return provisioner(host.runner());
    }

    static Provisioner provisioner(dev.portcullis.exec.CommandRunner runner) {
        return Provisioner.on(runner).facts(facts).mailServer("postfix")
                .option("postfix.probe.address", host.address());
    }

    static String diff(String file) {
        return host.runner().execute(Command.builder("diff").args("/root/" + file + ".before-tests", "/etc/postfix/" + file)
                .successExitCodes(0, 1).build()).stdout();
    }

    static String digest(String path) {
        return host.run("sha256sum", path).stdout().substring(0, 64);
    }

    @Test
    @Order(1)
    void appliesTheSpecAndProvesItOverSmtp() {
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());
        Plan plan = provisioner(counting).plan(spec());
        assertThat(counting.spawns()).as("snapshot reads %s", counting.commands()).isEqualTo(SNAPSHOT_READS);
        counting.reset();

        assertThat(plan.commands().stream().filter(c -> c.argv().subList(0, 2).equals(List.of("postconf", "-e"))))
                .hasSize(1);
        assertThat(plan.render()).contains("self-signed").contains("DNS to publish: portcullis.test. IN MX 10 mail.portcullis.test.");

        ApplyReport report = PlanExecutor.on(counting).execute(plan);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        System.out.printf("postfix fresh apply: %d snapshot reads + %d step commands%n", SNAPSHOT_READS, counting.spawns());
        assertThat(counting.spawns()).as("step commands of a fresh apply: %s", counting.commands())
                .isEqualTo(FRESH_APPLY_STEP_COMMANDS);
        assertThat(report.notes()).anyMatch(n -> n.startsWith("WARNING: TLS uses a self-signed certificate"));
        String finding = report.findings().get(0);
        assertThat(finding).startsWith("final check passed")
                .contains("PASS port 25: banner names mail.portcullis.test")
                .contains("PASS port 25: EHLO advertises SIZE 20971520")
                .contains("PASS port 25: EHLO does not advertise VRFY")
                .contains("PASS port 25: EHLO advertises STARTTLS")
                .contains("PASS port 25: RCPT TO a foreign domain is refused")
                .contains("PASS port 25: STARTTLS handshake at TLSv1.2 succeeds")
                .contains("PASS port 587: MAIL before STARTTLS is refused")
                .contains("PASS port 587: AUTH is not offered before STARTTLS")
                .contains("PASS port 587: AUTH PLAIN is offered inside TLS")
                .contains("PASS port 465: AUTH PLAIN is offered inside TLS")
                .contains("PASS port 465: implicit TLS handshake");
        assertThat(client.smtpBanner(host.address())).contains("mail.portcullis.test");
        assertThat(host.run("postconf", "-h", "inet_protocols").stdout().strip()).isNotEmpty();
    }

    @Test
    @Order(2)
    void reapplyRunsOnlyTheSnapshotReads() {
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());

        ApplyReport report = provisioner(counting).apply(spec());

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        assertThat(counting.spawns()).as("the snapshot reads, the host's lock and journal")
                .isEqualTo(SNAPSHOT_READS + dev.portcullis.hoststate.SingleWriter.LOCK_AND_JOURNAL_READ_SPAWNS);
        assertThat(counting.commands()).noneMatch(c -> c.argv().contains("-e") || c.argv().contains("reload"));
    }

    @Test
    @Order(3)
    void aFreshProvisionerAddsItsHostFactReadsOnceToTheFirstCall() {
        CountingCommandRunner factsOnly = new CountingCommandRunner(host.runner());
        HostFactsGatherer.gather(factsOnly);
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());

        ApplyReport report = Provisioner.on(counting).mailServer("postfix").option("postfix.probe.address", host.address())
                .apply(spec());

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        System.out.printf("postfix converged re-apply, fresh Provisioner: %d (%d host facts + %d snapshot reads)%n",
                counting.spawns(), factsOnly.spawns(), SNAPSHOT_READS);
        assertThat(factsOnly.spawns()).as("host facts %s", factsOnly.commands()).isEqualTo(HOST_FACT_READS);
        assertThat(counting.spawns()).as("%s", counting.commands())
                .isEqualTo(HOST_FACT_READS + SNAPSHOT_READS + dev.portcullis.hoststate.SingleWriter.LOCK_AND_JOURNAL_READ_SPAWNS);
    }

    @Test
    @Order(4)
    void verifyIsConvergedAndCarriesTheProbeFindings() {
        VerifyReport report = provisioner().verify(spec());

        assertThat(report.converged()).as(report.toString()).isTrue();
        assertThat(report.findings()).anyMatch(f -> f.contains("PASS port 25: RCPT TO a foreign domain is refused"));
    }

    @Test
    @Order(5)
    void rollsBackFromEveryStepPosition() {
        MailServerSpec changed = spec().toBuilder().maxMessageSize(DataSize.ofMegabytes(30)).vrfyDisabled(false).build();
        Plan plan = provisioner().plan(changed);
        String main = digest("/etc/postfix/main.cf");
        String master = digest("/etc/postfix/master.cf");
        String record = digest("/etc/postfix/portcullis/record");
        assertThat(plan.steps().size()).isGreaterThanOrEqualTo(4);

        for (int i = 0; i <= plan.steps().size(); i++) {
            Plan failing = i < plan.steps().size() ? FaultInjection.failingAfterStep(plan, i)
                    : FaultInjection.failingFinalCheck(plan);

            ApplyReport report = PlanExecutor.on(host.runner()).execute(failing);

            assertThat(report.outcome()).as("failure at position %d: %s", i, report).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
            assertThat(report.findings()).anyMatch(f -> f.startsWith("after rollback, host is as before"));
            assertThat(digest("/etc/postfix/main.cf")).as("main.cf after failure at %d", i).isEqualTo(main);
            assertThat(digest("/etc/postfix/master.cf")).as("master.cf after failure at %d", i).isEqualTo(master);
            assertThat(digest("/etc/postfix/portcullis/record")).isEqualTo(record);
            String banner = client.smtpBanner(client.address(), host.address(), 25, Duration.ofSeconds(5));
            assertThat(banner).as("old configuration answers after failure at %d", i).contains("mail.portcullis.test");
        }
    }

    @Test
    @Order(6)
    void aRestartForNewListeningAddressesIsRolledBackByAnotherRestart() {
        MailServerSpec ipv4Only = spec().toBuilder().ipFamilies(dev.portcullis.IpFamily.IPV4).build();
        Plan plan = provisioner().plan(ipv4Only);
        assertThat(plan.commands()).contains(ReloadAction.attempt("stop"));
        String main = digest("/etc/postfix/main.cf");

        ApplyReport report = PlanExecutor.on(host.runner()).execute(FaultInjection.failingFinalCheck(plan));

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(digest("/etc/postfix/main.cf")).isEqualTo(main);
        assertThat(host.run("postconf", "-h", "inet_protocols").stdout().strip()).isEqualTo("all");
        assertThat(client.smtpBanner(host.address())).contains("mail.portcullis.test");
    }

    @Test
    @Order(7)
    void aBrokenCertificateFailsTheFinalCheckAndTheOldConfigurationServesAgain() {
        host.run("mkdir", "-p", "/etc/postfix/tls-broken");
        host.runner().run(Command.builder("install").args("-m", "0644", "/dev/stdin", "/etc/postfix/tls-broken/mail.pem")
                .stdin("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n").build());
        host.run("cp", KEY.toString(), "/etc/postfix/tls-broken/mail.key");
        MailServerSpec broken = spec().toBuilder().tls(Tls.fromFiles(Path.of("/etc/postfix/tls-broken/mail.pem"),
                Path.of("/etc/postfix/tls-broken/mail.key"))).build();
        String main = digest("/etc/postfix/main.cf");

        ApplyReport report = provisioner().apply(broken);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.findings().get(0)).startsWith("final check FAILED").contains("FAIL port 25: STARTTLS handshake");
        assertThat(digest("/etc/postfix/main.cf")).isEqualTo(main);
        assertThat(provisioner().verify(spec()).converged()).isTrue();
    }

    @Test
    @Order(8)
    void aMinimumOfTls13RefusesTls12() {
        MailServerSpec strict = spec().toBuilder().tls(Tls.selfSigned(CERT, KEY).minimumVersion(TlsVersion.TLS_1_3)).build();

        ApplyReport report = provisioner().apply(strict);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(report.findings().get(0)).contains("PASS port 25: STARTTLS handshake at TLSv1.3 succeeds")
                .contains("PASS port 25: STARTTLS handshake at TLSv1.2 fails");
        assertThat(host.run("postconf", "-h", "smtpd_tls_protocols").stdout().strip())
                .isEqualTo("!SSLv2, !SSLv3, !TLSv1, !TLSv1.1, !TLSv1.2");
    }

    @Test
    @Order(9)
    void aLogRetentionIsALogrotatePolicyThatLogrotateRunsAndPostfixLogsOnAfterTheRotation() {
        MailServerSpec kept = spec().toBuilder().logRetention(Duration.ofDays(60)).build();

        ApplyReport report = provisioner().apply(kept);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(host.run("stat", "-c", "%a %U", LogRetentionPolicy.POLICY_FILE).stdout().strip()).isEqualTo("644 root");
        var debug = host.runner().execute(Command.builder("logrotate").args("-d", LogRetentionPolicy.POLICY_FILE).build());
        assertThat(debug.exitCode()).as(debug.stderr()).isZero();
        assertThat(debug.stdout() + debug.stderr()).as("logrotate reads the policy as written")
                .contains("rotating pattern: " + LogRetentionPolicy.LOG_FILE)
                .doesNotContainIgnoringCase("error");
        host.run("logrotate", "-f", "-s", "/root/logrotate.status", LogRetentionPolicy.POLICY_FILE);
        assertThat(host.run("ls", LogRetentionPolicy.LOG_FILE + ".1").exitCode()).as("rotated, the newest kept plain").isZero();
        String banner = client.smtpBanner(host.address());
        assertThat(banner).contains("220");
        assertThat(pollLogLines()).as("postfix reloaded by the postrotate script and logging to the new file").isPositive();
        // the remove below (of the spec without the retention) deletes the policy too: the record owns it
    }

    private static int pollLogLines() {
        for (int i = 0; i < 50; i++) {
            var r = host.runner().execute(Command.builder("wc").args("-l", LogRetentionPolicy.LOG_FILE).build());
            int lines = r.exitCode() == 0 ? Integer.parseInt(r.stdout().strip().split("\\s+")[0]) : 0;
            if (lines > 0) {
                return lines;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
        return 0;
    }

    @Test
    @Order(10)
    void removeRestoresTheOriginalConfigurationAndDeletesOnlyItsOwnFiles() {
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());

        ApplyReport report = provisioner(counting).remove(spec());

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        System.out.printf("postfix remove: %d (%d snapshot reads + %d step commands)%n", counting.spawns(), SNAPSHOT_READS,
                counting.spawns() - SNAPSHOT_READS);
        assertThat(counting.spawns()).as("%s", counting.commands()).isEqualTo(SNAPSHOT_READS + REMOVE_STEP_COMMANDS
                + dev.portcullis.hoststate.SingleWriter.LOCK_AND_JOURNAL_READ_SPAWNS + dev.portcullis.hoststate.SingleWriter.journalSpawns(report.steps().size()));
        assertThat(host.run("postconf", "-n").stdout()).isEqualTo(originalPostconfN);
        assertThat(digest("/etc/postfix/master.cf")).as(diff("master.cf")).isEqualTo(originalMasterCf);
        assertThat(digest("/etc/postfix/main.cf")).as(diff("main.cf")).isEqualTo(originalMainCf);
        assertThat(host.runner().execute(Command.builder("test").args("-e", "/etc/postfix/portcullis").build()).exitCode())
                .isEqualTo(1);
        assertThat(host.runner().execute(Command.builder("test").args("-e", CERT.toString()).build()).exitCode()).isEqualTo(1);
        assertThat(host.runner().execute(Command.builder("test").args("-e", LogRetentionPolicy.POLICY_FILE).build())
                .exitCode()).as("the logrotate policy an earlier apply wrote goes with remove").isEqualTo(1);
        assertThat(host.runner().execute(Command.builder("test").args("-e", "/etc/postfix/tls-broken/mail.pem").build()).exitCode())
                .as("a file Portcullis did not write survives").isZero();
        assertThat(client.smtpBanner(host.address())).contains("testhost.portcullis.test");
    }
}
