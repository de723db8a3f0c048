package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PostfixTuning;
import dev.portcullis.Provisioner;
import dev.portcullis.RelayHost;
import dev.portcullis.SecretRef;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.InjectedFailure;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A relay host with a login, live: a second container is the smart host (Postfix requiring AUTH
 * on 587 after STARTTLS, Dovecot's passwd-file as its SASL server, a self-signed certificate, and
 * dnsmasq answering its name for the Portcullis host). Mail sent into Portcullis's server for an
 * outside domain reaches the smart host over verified TLS with the login; a wrong password shows the
 * smart host's 535 in {@code verify}. The same container proves {@code postfix.extra} (set,
 * verified with postconf, refused when unknown, removed). One container pair for the class; the
 * tests build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelayHostIT {

    static final String SMARTHOST = "smarthost.portcullis.test";
    static final String USER = "relay@portcullis.test";
    static final String RIGHT_PASSWORD = "Right-Relay-Pw-5f3";
    static final String WRONG_PASSWORD = "Wrong-Relay-Pw-9c1";
    /** The smart host's certificate, copied to the Portcullis host as the CA that verifies it. */
    static final String CA = "/etc/postfix/smarthost-ca.pem";
    static final String MAP = PostfixPaths.RELAY_PASSWORD_MAP;
    static final String CYRUS_PLAIN = "/usr/lib/x86_64-linux-gnu/sasl2/libplain.so.2";

    @AutoClose
    static LinuxTestHost host;
    static TestClient smarthost;
    static HostFacts facts;
    static Path rightSecret;
    static Path wrongSecret;
    static String originalFiles;

    @BeforeAll
    static void start() throws IOException {
        host = LinuxTestHost.start().startPostfix();
        smarthost = host.newClient();
        facts = HostFactsGatherer.gather(host.runner());
        startSmarthost(smarthost.runner(), smarthost.address());
        // Postfix's SMTP client logs in through Cyrus SASL, whose PLAIN and LOGIN come with libsasl2-modules
        // (a Recommends of libsasl2-2, so on every Debian installed with recommends; the test image lacks it)
        if (host.runner().execute(Command.builder("test").args("-e", CYRUS_PLAIN).successExitCodes(0, 1).build()).exitCode() != 0) {
            host.runner().run(Command.builder("apt-get").args("-q", "update").timeout(Duration.ofMinutes(5)).build());
            host.runner().run(Command.builder("apt-get").args("-q", "-y", "--no-install-recommends", "install", "libsasl2-modules")
                    .env("DEBIAN_FRONTEND", "noninteractive").timeout(Duration.ofMinutes(5)).build());
        }
        // the host resolves the smart host through the smart host's dnsmasq, inside Postfix's chroot too
        write(host.runner(), "/etc/resolv.conf", "nameserver " + smarthost.address() + "\n");
        host.run("mkdir", "-p", "/var/spool/postfix/etc");
        host.run("cp", "/etc/resolv.conf", "/var/spool/postfix/etc/resolv.conf");
        write(host.runner(), CA, smarthost.runner().run(Command.of("cat", "/etc/ssl/certs/smarthost.pem")).stdout());
        rightSecret = secretFile(RIGHT_PASSWORD);
        wrongSecret = secretFile(WRONG_PASSWORD);
        originalFiles = digests();
    }

    /** Postfix on 587 requiring STARTTLS and AUTH, Dovecot checking one login, dnsmasq naming the container. */
    static void startSmarthost(CommandRunner c, String address) {
        c.run(Command.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-days", "2", "-nodes", "-subj",
                "/CN=" + SMARTHOST, "-addext", "subjectAltName=DNS:" + SMARTHOST, "-keyout", "/etc/ssl/private/smarthost.key",
                "-out", "/etc/ssl/certs/smarthost.pem"));
        c.run(Command.builder("install").args("-m", "0640", "-o", "root", "-g", "dovecot", "/dev/stdin", "/etc/dovecot/smarthost-users")
                .sensitiveStdin(USER + ":{PLAIN}" + RIGHT_PASSWORD + "\n").build());
        write(c, "/etc/dovecot/conf.d/99-smarthost.conf", "auth_mechanisms = plain login\n"
                + "service auth {\n  unix_listener /var/spool/postfix/private/auth {\n    mode = 0660\n    user = postfix\n"
                + "    group = postfix\n  }\n}\n"
                + "passdb {\n  driver = passwd-file\n  args = username_format=%u /etc/dovecot/smarthost-users\n}\n");
        c.run(Command.of("dovecot"));
        c.run(Command.of("postconf", "-e", "myhostname=" + SMARTHOST, "mydestination=localhost",
                "smtpd_tls_cert_file=/etc/ssl/certs/smarthost.pem", "smtpd_tls_key_file=/etc/ssl/private/smarthost.key",
                "smtpd_sasl_type=dovecot", "smtpd_sasl_path=private/auth", "smtpd_tls_auth_only=yes",
                // relayed mail stays in the smart host's queue, where the test finds it
                "defer_transports=smtp"));
        c.run(Command.of("postconf", "-M", "submission/inet=submission inet n - y - - smtpd"));
        c.run(Command.of("postconf", "-P", "submission/inet/syslog_name=postfix/submission",
                "submission/inet/smtpd_tls_security_level=encrypt", "submission/inet/smtpd_sasl_auth_enable=yes",
                "submission/inet/smtpd_relay_restrictions=permit_sasl_authenticated,reject"));
        c.run(Command.of("postfix", "start"));
        c.run(Command.of("dnsmasq", "--no-hosts", "--bind-interfaces", "--listen-address=" + address,
                "--pid-file=/tmp/dnsmasq.pid", "--local=/portcullis.test/", "--address=/" + SMARTHOST + "/" + address));
        await(() -> c.execute(Command.builder("test").args("-S", "/var/spool/postfix/private/auth").successExitCodes(0, 1).build())
                .exitCode() == 0 ? "socket" : "", "socket"::equals, "the smart host's Dovecot auth socket");
    }

    @AfterAll
    static void deleteSecrets() throws IOException {
        for (Path p : new Path[] {rightSecret, wrongSecret}) {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        }
    }

    static MailServerSpec spec(Path password, boolean verified) {
        RelayHost.Builder relay = RelayHost.builder(SMARTHOST, 587).credentials(USER, SecretRef.file(password));
        if (verified) {
            relay.trustedCa(Path.of(CA));
        }
        return MailServerSpec.forHost("mail.portcullis.test")
                .origin("portcullis.test")
                .acceptMailFor("portcullis.test")
                .relayHost(relay.build())
                .postfix(PostfixTuning.builder().extra("max_idle", "200s").extra("default_destination_concurrency_limit", "5").build())
                .build();
    }

    static Provisioner provisioner() {
        return Provisioner.on(host.runner()).facts(facts).mailServer("postfix").option("postfix.probe.address", host.address());
    }

    @Test
    @Order(1)
    void anExtraThisPostfixDoesNotKnowIsRefusedNamingItWithNothingChanged() {
        MailServerSpec typo = spec(rightSecret, true).toBuilder()
                .postfix(PostfixTuning.builder().extra("max_idel", "200s").build()).build();

        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> provisioner().plan(typo));

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("postfix.extra.max_idel"));
        assertThat(digests()).isEqualTo(originalFiles);
    }

    @Test
    @Order(2)
    void aFailureAfterTheLoginMapIsWrittenLeavesNoSecretBehind() {
        Plan plan = provisioner().plan(spec(rightSecret, true));
        int postconf = indexOf(plan, "set ");

        ApplyReport report = PlanExecutor.on(host.runner()).execute(InjectedFailure.probeFailsAt(plan, postconf));

        assertThat(report.outcome()).as("%s", report).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.findings()).as("%s", report).anyMatch(f -> f.startsWith("after rollback, host is as before"));
        assertThat(digests()).isEqualTo(originalFiles);
        assertThat(host.runner().execute(Command.builder("ls").args("-d", MAP, MAP + ".db", PostfixPaths.STATE_DIR)
                .successExitCodes(0, 2).build()).stdout()).isEmpty();
    }

    @Test
    @Order(3)
    void mailForAnOutsideDomainReachesTheSmarthostLoggedInOverVerifiedTls() {
        Plan plan = provisioner().plan(spec(rightSecret, true));
        ApplyReport report = provisioner().apply(spec(rightSecret, true));

        assertThat(report.outcome()).as("%s", report).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(host.run("stat", "-c", "%n %a %U %G", MAP, MAP + ".db").stdout())
                .isEqualTo(MAP + " 600 root root\n" + MAP + ".db 600 root root\n");
        assertThat(host.run("postconf", "-h", "smtp_sasl_auth_enable", "smtp_tls_security_level", "smtp_tls_CAfile",
                "max_idle", "default_destination_concurrency_limit").stdout()).isEqualTo("yes\nsecure\n" + CA + "\n200s\n5\n");

        send("bob@outside.example");

        String queued = await(() -> smarthost.runner().run(Command.of("postqueue", "-j")).stdout(),
                q -> q.contains("bob@outside.example"), "the message in the smart host's queue");
        assertThat(queued).contains("\"sender\": \"alice@portcullis.test\"");
        assertThat(smarthost.runner().run(Command.of("cat", "/var/log/postfix.log")).stdout())
                .contains("sasl_method=PLAIN, sasl_username=" + USER);
        String log = host.run("cat", "/var/log/postfix.log").stdout();
        // sent at level secure: an unverified certificate would have deferred it ("Server certificate not verified")
        assertThat(log).containsPattern("to=<bob@outside.example>, relay=" + SMARTHOST.replace(".", "\\.")
                + "\\[[0-9.]+\\]:587, .*status=sent \\(250 ");
        assertThat(provisioner().verify(spec(rightSecret, true)).converged()).isTrue();
        for (String shown : new String[] {plan.render(), report.toJson(), report.toString(), log,
            host.run("cat", "/etc/postfix/main.cf", "/etc/postfix/portcullis/record", PostfixPaths.redactedTwin(MAP)).stdout()}) {
            assertThat(shown).doesNotContain(RIGHT_PASSWORD);
        }
    }

    @Test
    @Order(4)
    void aWrongPasswordShowsTheSmarthosts535InVerify() {
        ApplyReport report = provisioner().apply(spec(wrongSecret, false));
        assertThat(report.outcome()).as("%s", report).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(host.run("postconf", "-h", "smtp_tls_security_level").stdout().strip()).isEqualTo("encrypt");

        send("carol@outside.example");
        await(() -> host.run("postqueue", "-j").stdout(), q -> q.contains("535"), "the relay's refusal in the queue");

        VerifyReport verify = provisioner().verify(spec(wrongSecret, false));
        assertThat(verify.converged()).isFalse();
        assertThat(verify.drifts()).singleElement().satisfies(d -> {
            assertThat(d.subject()).isEqualTo("relayHost " + SMARTHOST);
            assertThat(d.actual()).contains("SASL authentication failed", SMARTHOST, "535 5.7.8");
        });
        assertThat(verify.toJson()).doesNotContain(WRONG_PASSWORD).doesNotContain(RIGHT_PASSWORD);
        assertThat(host.run("cat", "/var/log/postfix.log").stdout()).doesNotContain(WRONG_PASSWORD);
    }

    @Test
    @Order(5)
    void removePutsMainCfBackByteForByteAndDeletesTheLogin() {
        host.run("postsuper", "-d", "ALL");

        ApplyReport report = provisioner().remove(spec(wrongSecret, false));

        assertThat(report.outcome()).as("%s", report).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(digests()).isEqualTo(originalFiles);
        assertThat(host.run("postconf", "-n").stdout()).doesNotContain("max_idle", "smtp_sasl", "relayhost = [");
        assertThat(host.runner().execute(Command.builder("ls").args("-d", MAP, MAP + ".db", PostfixPaths.STATE_DIR)
                .successExitCodes(0, 2).build()).stdout()).isEmpty();
    }

    private static void send(String recipient) {
        host.run("swaks", "--server", "127.0.0.1", "--from", "alice@portcullis.test", "--to", recipient,
                "--header", "Subject: through the smart host", "--silent", "2");
    }

    private static int indexOf(Plan plan, String prefix) {
        for (int i = 0; i < plan.steps().size(); i++) {
            if (plan.steps().get(i).description().startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no step starting with '" + prefix + "' in " + plan.render());
    }

    private static String digests() {
        return host.run("sha256sum", "/etc/postfix/main.cf", "/etc/postfix/master.cf").stdout();
    }

    private static Path secretFile(String password) throws IOException {
        Path p = Files.createTempFile("portcullis-relay", ".secret",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(p, password + "\n");
        return p;
    }

    /** Writes through {@code tee}: /etc/resolv.conf is a bind mount that cannot be replaced, only written. */
    private static void write(CommandRunner runner, String path, String content) {
        runner.run(Command.builder("tee").args(path).stdin(content).build());
    }

    /** Polls (every 200 ms, at most 30 s) until the read satisfies the condition; returns the last read. */
    private static String await(java.util.function.Supplier<String> read, Predicate<String> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = read.get();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for " + what + "; last read: " + last);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = read.get();
        }
        return last;
    }
}
