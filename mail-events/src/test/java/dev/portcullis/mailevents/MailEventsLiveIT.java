package dev.portcullis.mailevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.testing.LinuxTestHost;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sends accepted, relay-denied, oversized, unknown-user, TLS and SASL-failure mail to a live
 * Postfix 3.7 (SASL through Dovecot, set up here in the container), then reads the log back
 * through the host's runner and asserts the exact events and report counts. The mail is sent from
 * the host itself to its network address, which is outside {@code mynetworks} (loopback only), so
 * Postfix treats it as any client on the network; no second container is needed, which keeps
 * this suite's CI time down.
 */
class MailEventsLiveIT {

    private static final String DOVECOT_CONF = String.join("\n",
            "auth_mechanisms = plain login",
            "auth_failure_delay = 0",
            "passdb {", "  driver = passwd-file", "  args = scheme=PLAIN /etc/dovecot/events-it.passwd", "}",
            "userdb {", "  driver = static", "  args = uid=mail gid=mail home=/var/empty", "}",
            "service auth {", "  unix_listener /var/spool/postfix/private/auth {",
            "    mode = 0660", "    user = postfix", "    group = postfix", "  }", "}",
            "protocols =", "");

    private static LinuxTestHost host;
    private static String clientAddress;
    private static List<MailEvent> events;
    private static List<MessageRecord> messages;
    private static MailReport report;

    @BeforeAll
    static void sendTheMailAndReadTheLogBack() {
        long started = System.nanoTime();
        host = LinuxTestHost.start();
        CommandRunner h = host.runner();
        h.run(Command.builder("tee").args("/etc/dovecot/local.conf").stdin(DOVECOT_CONF).build());
        h.run(Command.builder("tee").args("/etc/dovecot/events-it.passwd").stdin("alice:{PLAIN}wonderland\n").build());
        h.run("dovecot");
        h.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=testhost",
                "-keyout", "/etc/ssl/private/events-it.key", "-out", "/etc/ssl/certs/events-it.pem");
        h.run("postconf", "-e", "smtpd_tls_cert_file=/etc/ssl/certs/events-it.pem",
                "smtpd_tls_key_file=/etc/ssl/private/events-it.key", "smtpd_tls_security_level=may",
                "smtpd_tls_loglevel=1", "smtpd_sasl_auth_enable=yes", "smtpd_sasl_type=dovecot",
                "smtpd_sasl_path=private/auth", "message_size_limit=20000");
        host.startPostfix();
        // start from an empty log: the start-up probe's connection is not part of the scenario
        h.run("truncate", "-s", "0", "/var/log/postfix.log");
        clientAddress = host.address();
        String server = host.address();
        swaks(server, "root@testhost.portcullis.test");
        swaks(server, "someone@elsewhere.example");
        swaks(server, "nosuchuser@testhost.portcullis.test");
        python(server, "s.sendmail('sender@client.test',['root@testhost.portcullis.test'],'Subject: big\\r\\n\\r\\n'+'x'*30000)");
        python(server, "s.starttls(); s.ehlo('client.test'); s.sendmail('sender@client.test',['root@testhost.portcullis.test'],"
                + "'Subject: tls\\r\\n\\r\\nhello\\r\\n'); s.quit()");
        python(server, "s.ehlo('client.test'); s.user, s.password = 'alice', 'wrong'; s.auth('PLAIN', s.auth_plain)");
        MailLogSource source = MailLogSource.detect(h);
        assertThat(source.path()).contains("/var/log/postfix.log");
        // poll, not sleep: the last line to wait for is the sixth disconnect and the second removal
        Instant deadline = Instant.now().plusSeconds(30);
        do {
            events = read(source, h);
        } while (Instant.now().isBefore(deadline) && !(count(EventKind.DISCONNECT) >= 6 && count(EventKind.MESSAGE_REMOVED) >= 2)
                && pause());
        messages = new ArrayList<>();
        MessageCorrelator correlator = MessageCorrelator.create(Duration.ofHours(1), 1000, messages::add);
        events.forEach(correlator);
        correlator.finish();
        MailReport.Collector collector = MailReport.collector(null, null, 5);
        events.forEach(collector);
        report = collector.report();
        System.err.printf("MailEventsLiveIT: host, traffic and log read in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    private static List<MailEvent> read(MailLogSource source, CommandRunner runner) {
        PostfixLogParser parser = PostfixLogParser.utc();
        List<MailEvent> all = new ArrayList<>();
        source.read(runner, null, line -> parser.parse(line, all::add));
        return all;
    }

    private static long count(EventKind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }

    private static List<MailEvent> of(EventKind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    private static void swaks(String server, String to) {
        CommandResult r = host.runner().execute(Command.of("swaks", "--server", server, "--helo", "client.test",
                "--from", "sender@client.test", "--to", to, "--timeout", "10"));
        assertThat(r.exitCode()).as(r.toString()).isIn(0, 23, 24, 25);
    }

    private static void python(String server, String script) {
        host.runner().execute(Command.of("python3", "-c",
                "import smtplib; s=smtplib.SMTP('" + server + "',25,'client.test'); " + script));
    }

    @Test
    void everyConnectionIsOpenedAndClosedFromTheClient() {
        assertThat(of(EventKind.CONNECT)).hasSize(6).allSatisfy(e -> assertThat(e.clientIp()).contains(clientAddress));
        assertThat(of(EventKind.DISCONNECT)).hasSize(6);
    }

    @Test
    void theRejectsCarryTheirStageCodeAndReason() {
        assertThat(of(EventKind.REJECT)).extracting(e -> e.rejectReason().orElseThrow(), e -> e.stage().orElseThrow(),
                        e -> e.smtpCode().getAsInt(), e -> e.enhancedStatus().orElseThrow(), e -> e.clientIp().orElseThrow())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RejectReason.RELAY_DENIED, "RCPT", 454, "4.7.1", clientAddress),
                        org.assertj.core.groups.Tuple.tuple(RejectReason.UNKNOWN_USER, "RCPT", 550, "5.1.1", clientAddress),
                        org.assertj.core.groups.Tuple.tuple(RejectReason.SIZE, "MAIL", 552, "5.3.4", clientAddress));
    }

    @Test
    void theTlsMessageIsDeliveredAndKnowsItsTls() {
        assertThat(of(EventKind.TLS_ESTABLISHED)).singleElement().satisfies(e -> {
            assertThat(e.tlsVersion()).contains("TLSv1.3");
            assertThat(e.tlsCipher()).isPresent();
        });
        assertThat(messages).hasSize(2).allSatisfy(m -> {
            assertThat(m.complete()).isTrue();
            assertThat(m.outcome()).isEqualTo(MessageOutcome.DELIVERED);
            assertThat(m.clientIp()).contains(clientAddress);
            assertThat(m.from()).contains("sender@client.test");
            assertThat(m.recipients()).extracting(MessageRecord.Recipient::address).containsExactly("root@testhost.portcullis.test");
        });
        assertThat(messages).extracting(m -> m.tlsVersion().orElse("none")).containsExactly("none", "TLSv1.3");
    }

    @Test
    void theSaslFailureNamesMethodAndUser() {
        assertThat(of(EventKind.AUTH_FAILURE)).singleElement().satisfies(e -> {
            assertThat(e.saslMethod()).contains("PLAIN");
            assertThat(e.saslUser()).contains("alice");
            assertThat(e.clientIp()).contains(clientAddress);
        });
        assertThat(of(EventKind.AUTH_SUCCESS)).isEmpty();
    }

    @Test
    void theReportCountsWhatWasSent() {
        assertThat(report.connections()).isEqualTo(6);
        assertThat(report.tlsConnections()).isEqualTo(1);
        assertThat(report.received()).isEqualTo(2);
        assertThat(report.deliveries(DeliveryStatus.SENT)).isEqualTo(2);
        assertThat(report.deliveries(DeliveryStatus.DEFERRED)).isZero();
        assertThat(report.deliveries(DeliveryStatus.BOUNCED)).isZero();
        assertThat(report.rejects()).isEqualTo(3);
        assertThat(report.rejects(RejectReason.RELAY_DENIED)).isEqualTo(1);
        assertThat(report.rejects(RejectReason.UNKNOWN_USER)).isEqualTo(1);
        assertThat(report.rejects(RejectReason.SIZE)).isEqualTo(1);
        assertThat(report.authFailures()).isEqualTo(1);
        assertThat(report.topRejectedClients()).containsExactly(Map.entry(clientAddress, 3L));
        assertThat(report.deferredQueue()).isZero();
    }

    @Test
    void everyEventWritesAsAnEcsLine() {
        Predicate<String> ecs = l -> l.startsWith("{\"@timestamp\":\"") && l.contains("\"event\":{\"kind\":\"event\"");
        assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(EcsJsonLines.toJson(e)).matches(ecs));
    }
}
