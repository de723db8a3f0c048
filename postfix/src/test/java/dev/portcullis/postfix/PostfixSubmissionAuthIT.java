package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.LoginPassword;
import dev.portcullis.MailServerSpec;
import dev.portcullis.Provisioner;
import dev.portcullis.SecretRef;
import dev.portcullis.Tls;
import dev.portcullis.TlsVersion;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real SASL on the submission ports, live: Portcullis sets Dovecot up from the spec's mailbox
 * logins (one password by secret reference, one as a hash the admin made with {@code doveadm pw}),
 * and a client container logs in with Python's smtplib over STARTTLS on 587 and implicit TLS on 465. The
 * probe of the apply logs in too. One container for the class; the tests build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostfixSubmissionAuthIT {

    static final String ALICE = "alice@portcullis.test";
    static final String BOB = "bob@portcullis.test";
    static final String ALICE_PASSWORD = "Alice-s3cret-Pw-81";
    static final String BOB_PASSWORD = "Bob-hashed-Pw-27";
    static final String OUTSIDE = "someone@elsewhere.example";

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;
    static Path aliceSecret;
    static String bobHash;
    static String originalMainCf;

    @BeforeAll
    static void start() throws IOException {
        host = LinuxTestHost.start().startPostfix();
        client = host.newClient();
        aliceSecret = Files.createTempFile("portcullis-alice", ".secret",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(aliceSecret, ALICE_PASSWORD + "\n");
        bobHash = host.run("doveadm", "pw", "-s", "SHA512-CRYPT", "-p", BOB_PASSWORD).stdout().strip();
        originalMainCf = host.run("sha256sum", "/etc/postfix/main.cf").stdout().substring(0, 64);
    }

    @AfterAll
    static void deleteSecret() throws IOException {
        if (aliceSecret != null) {
            Files.deleteIfExists(aliceSecret);
        }
    }

    static MailServerSpec spec() {
        return spec(bobHash);
    }

    static MailServerSpec spec(String bobPassword) {
        return MailServerSpec.forHost("mail.portcullis.test")
                .origin("portcullis.test")
                .acceptMailFor("portcullis.test")
                .tls(Tls.selfSigned(Path.of("/etc/postfix/tls-auth/mail.pem"), Path.of("/etc/postfix/tls-auth/mail.key"))
                        .minimumVersion(TlsVersion.TLS_1_2))
                .submission()
                .smtps()
                .virtualMailboxes(VirtualMailboxes.staticMap(Map.of(ALICE, "portcullis.test/alice/", BOB, "portcullis.test/bob/"))
                        .withLogin(ALICE, LoginPassword.secret(SecretRef.file(aliceSecret)))
                        .withLogin(BOB, LoginPassword.hashed(bobPassword)))
                .build();
    }

    static Provisioner provisioner(dev.portcullis.exec.CommandRunner runner) {
        return Provisioner.on(runner).mailServer("postfix").option("postfix.probe.address", host.address())
                .option("postfix.probe.login", ALICE).option("postfix.probe.password", "file:" + aliceSecret);
    }

    /**
     * An SMTP client in the client container (Python's smtplib: Debian's swaks lacks TLS without
     * Net::SSLeay): plain, STARTTLS or implicit TLS, optionally AUTH with the password read from
     * standard input, then MAIL and RCPT to a foreign domain, then RSET. Prints one line per step.
     */
    static final String CLIENT = String.join("\n",
            "import smtplib, ssl, sys",
            "host, port, mode, sender, rcpt = sys.argv[1:6]",
            "user = sys.argv[6] if len(sys.argv) > 6 else ''",
            "password = sys.stdin.readline().rstrip('\\n') if user else ''",
            "ctx = ssl._create_unverified_context()",
            "s = smtplib.SMTP_SSL(host, int(port), context=ctx, timeout=20) if mode == 'implicit' \\",
            "    else smtplib.SMTP(host, int(port), timeout=20)",
            "s.ehlo('client.portcullis.test')",
            "print('EHLO AUTH=' + s.esmtp_features.get('auth', '-').strip())",
            "if mode == 'starttls':",
            "    print('STARTTLS %d' % s.starttls(context=ctx)[0])",
            "    s.ehlo('client.portcullis.test')",
            "    print('EHLO AUTH=' + s.esmtp_features.get('auth', '-').strip())",
            "if user:",
            "    try:",
            "        s.login(user, password)",
            "        print('AUTH 235')",
            "    except smtplib.SMTPAuthenticationError as e:",
            "        print('AUTH %d' % e.smtp_code)",
            "print('MAIL %d' % s.docmd('MAIL FROM:<%s>' % sender)[0])",
            "print('RCPT %d' % s.docmd('RCPT TO:<%s>' % rcpt)[0])",
            "s.docmd('RSET')",
            "s.quit()",
            "");

    /** @return the client's lines for a session on that port; the password goes as standard input */
    static String session(int port, String mode, String sender, String user, String password) {
        List<String> argv = new java.util.ArrayList<>(List.of("python3", "-c", CLIENT, host.address(), Integer.toString(port),
                mode, sender, OUTSIDE));
        Command.Builder c = Command.builder(argv.get(0)).args(argv.subList(1, argv.size()));
        if (user != null) {
            c.arg(user).sensitiveStdin(password + "\n");
        }
        dev.portcullis.exec.CommandResult r = client.runner().execute(c.build());
        assertThat(r.exitCode()).as("client: %s", r.stderr()).isZero();
        return r.stdout();
    }

    @Test
    @Order(1)
    void appliesDovecotAndTheProbeLogsInOnBothSubmissionPorts() {
        Plan plan = provisioner(host.runner()).plan(spec());

        ApplyReport report = PlanExecutor.on(host.runner()).execute(plan);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(report.findings().get(0)).startsWith("final check passed")
                .contains("PASS port 587: AUTH is not offered before STARTTLS")
                .contains("PASS port 587: AUTH PLAIN is offered inside TLS")
                .contains("PASS port 587: a wrong password for " + ALICE + " is refused")
                .contains("PASS port 587: " + ALICE + " logs in")
                .contains("PASS port 587: " + ALICE + " may relay to a foreign domain")
                .contains("PASS port 465: AUTH PLAIN is offered inside TLS")
                .contains("PASS port 465: " + ALICE + " logs in")
                .contains("PASS port 465: " + ALICE + " may relay to a foreign domain");
        for (String shown : List.of(plan.render(), report.toString(), host.run("cat", "/var/log/postfix.log").stdout(),
                host.run("cat", DovecotAuth.USERS).stdout(), host.run("cat", DovecotAuth.usersTwin()).stdout())) {
            assertThat(shown).doesNotContain(ALICE_PASSWORD);
        }
        assertThat(host.run("cat", DovecotAuth.USERS).stdout()).contains(ALICE + ":{PBKDF2}$1$").contains(BOB + ":" + bobHash);
        assertThat(host.run("stat", "-c", "%a %U %G", DovecotAuth.USERS, DovecotAuth.CONFIG, DovecotAuth.usersTwin(),
                "/var/spool/postfix/private/auth").stdout())
                .isEqualTo("640 root dovecot\n640 root dovecot\n600 root root\n660 postfix postfix\n");
    }

    @Test
    @Order(2)
    void aClientLogsInAfterStartTlsWithTheRightPasswordOnlyAndOnlyThenRelays() {
        String before = session(587, "plain", ALICE, null, null);
        String right = session(587, "starttls", ALICE, ALICE, ALICE_PASSWORD);
        String wrong = session(587, "starttls", ALICE, ALICE, "not-" + ALICE_PASSWORD);
        String anonymous = session(587, "starttls", ALICE, null, null);
        String hashed = session(587, "starttls", BOB, BOB, BOB_PASSWORD);
        String implicit = session(465, "implicit", ALICE, ALICE, ALICE_PASSWORD);
        String implicitWrong = session(465, "implicit", ALICE, ALICE, "not-" + ALICE_PASSWORD);

        assertThat(before).startsWith("EHLO AUTH=-\n").contains("MAIL 530");
        assertThat(right).isEqualTo("EHLO AUTH=-\nSTARTTLS 220\nEHLO AUTH=PLAIN\nAUTH 235\nMAIL 250\nRCPT 250\n");
        assertThat(wrong).contains("AUTH 535").doesNotContain("RCPT 250");
        assertThat(anonymous).contains("EHLO AUTH=PLAIN").doesNotContain("AUTH 235").doesNotContain("RCPT 250");
        assertThat(hashed).as("a hash the admin made with doveadm pw").contains("AUTH 235\nMAIL 250\nRCPT 250");
        assertThat(implicit).isEqualTo("EHLO AUTH=PLAIN\nAUTH 235\nMAIL 250\nRCPT 250\n");
        assertThat(implicitWrong).contains("AUTH 535").doesNotContain("RCPT 250");
    }

    @Test
    @Order(3)
    void reapplyRunsOnlyTheSnapshotReadsAndNeverLooksForASocketItServesItself() {
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());

        ApplyReport report = provisioner(counting).facts(dev.portcullis.spi.HostFactsGatherer.gather(host.runner()))
                .apply(spec());

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        // postconf -n, postconf -M, sha256sum, cat of the record, and stat of the mailbox folder only
        // plus the host's lock and journal read (ln -s, cat, then rm after the reads)
        assertThat(counting.spawns()).as("%s", counting.commands())
                .isEqualTo(5 + dev.portcullis.hoststate.SingleWriter.LOCK_AND_JOURNAL_READ_SPAWNS);
        assertThat(counting.commands().get(6).argv()).containsExactly("stat", "--printf", DirectoryState.STAT_FORMAT, "--",
                "/var/mail/vhosts");
    }

    @Test
    @Order(4)
    void aChangedLoginIsRolledBackFromEveryStepPositionAndTheOldPasswordStillWorks() {
        String otherHash = host.run("doveadm", "pw", "-s", "SHA512-CRYPT", "-p", "Another-Pw-55").stdout().strip();
        Plan plan = provisioner(host.runner()).plan(spec(otherHash));
        assertThat(plan.steps()).anyMatch(st -> st.description().startsWith("configure Dovecot"));
        String config = host.run("sha256sum", DovecotAuth.CONFIG).stdout();
        String users = host.run("cat", DovecotAuth.USERS).stdout();

        dev.portcullis.testing.InjectedFailure.failAtEveryStep(host.runner(), plan, (report, i) -> {
            assertThat(report.outcome()).as("failure at %d: %s", i, report).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
            assertThat(report.findings()).anyMatch(f -> f.startsWith("after rollback, host is as before"));
            assertThat(host.run("sha256sum", DovecotAuth.CONFIG).stdout()).isEqualTo(config);
            assertThat(host.run("cat", DovecotAuth.USERS).stdout()).as("users after failure at %d", i).isEqualTo(users);
        });
        ApplyReport atFinalCheck = PlanExecutor.on(host.runner()).execute(FaultInjection.failingFinalCheck(plan));
        assertThat(atFinalCheck.outcome()).as(atFinalCheck.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(host.run("cat", DovecotAuth.USERS).stdout()).isEqualTo(users);

        assertThat(session(587, "starttls", BOB, BOB, BOB_PASSWORD)).as("the old hash still serves").contains("AUTH 235");
    }

    @Test
    @Order(5)
    void removeDeletesTheDovecotFilesAndNobodyLogsInAnyMore() {
        ApplyReport report = provisioner(host.runner()).remove(spec());

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(host.runner().execute(Command.builder("ls").args(DovecotAuth.CONFIG, DovecotAuth.USERS)
                .successExitCodes(0, 2).build()).stdout()).isEmpty();
        assertThat(host.run("sha256sum", "/etc/postfix/main.cf").stdout()).startsWith(originalMainCf);
        assertThat(host.runner().execute(Command.builder("doveadm").args("auth", "test", ALICE, ALICE_PASSWORD)
                .successExitCodes(0, 77).build()).exitCode()).as("Dovecot no longer knows alice").isEqualTo(77);
    }
}
