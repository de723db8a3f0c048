package dev.portcullis.mailevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The parser on real lines captured from Postfix 3.7 in the test image. */
class PostfixLogParserTest {

    private static MailEvent only(String line) {
        List<MailEvent> events = CapturedLog.parser().parse(line);
        assertThat(events).as(line).hasSize(1);
        return events.get(0);
    }

    @Test
    void readsEveryEventKindFromTheCapturedLog() {
        Set<EventKind> kinds = CapturedLog.events().stream().map(MailEvent::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EventKind.class)));
        assertThat(kinds).containsExactlyInAnyOrder(EventKind.values());
    }

    @Test
    void readsConnectWithClientNameAddressHostProcessAndTime() {
        MailEvent e = only("Nov 30 14:38:46 testhost postfix/smtpd[179]: connect from unknown[172.20.0.3]");
        assertThat(e.kind()).isEqualTo(EventKind.CONNECT);
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-30T14:38:46Z"));
        assertThat(e.host()).contains("testhost");
        assertThat(e.process()).contains("postfix/smtpd");
        assertThat(e.pid()).hasValue(179);
        assertThat(e.clientName()).contains("unknown");
        assertThat(e.clientIp()).contains("172.20.0.3");
    }

    @Test
    void readsDisconnectWithItsCommandCounts() {
        MailEvent e = only(CapturedLog.line("disconnect from unknown", "starttls=1 auth=0/2"));
        assertThat(e.kind()).isEqualTo(EventKind.DISCONNECT);
        assertThat(e.clientIp()).contains("172.20.0.3");
        assertThat(e.reason()).contains("ehlo=2 starttls=1 auth=0/2 commands=3/5");
    }

    @Test
    void readsTlsProtocolAndCipher() {
        MailEvent e = only(CapturedLog.lines().stream().filter(l -> l.contains("TLS connection established")).findFirst().orElseThrow());
        assertThat(e.kind()).isEqualTo(EventKind.TLS_ESTABLISHED);
        assertThat(e.tlsVersion()).contains("TLSv1.3");
        assertThat(e.tlsCipher()).contains("TLS_AES_256_GCM_SHA384");
        assertThat(e.clientIp()).contains("172.20.0.3");
    }

    @Test
    void classifiesRelayDenied() {
        MailEvent e = only(CapturedLog.line("Relay access denied"));
        assertThat(e.kind()).isEqualTo(EventKind.REJECT);
        assertThat(e.stage()).contains("RCPT");
        assertThat(e.smtpCode()).hasValue(454);
        assertThat(e.enhancedStatus()).contains("4.7.1");
        assertThat(e.rejectReason()).contains(RejectReason.RELAY_DENIED);
        assertThat(e.reason()).contains("<someone@elsewhere.example>: Relay access denied");
        assertThat(e.from()).contains("sender@client.portcullis.test");
        assertThat(e.to()).contains("someone@elsewhere.example");
        assertThat(e.queueId()).isEmpty();
    }

    @Test
    void classifiesUnknownUser() {
        MailEvent e = only(CapturedLog.line("User unknown in local recipient table"));
        assertThat(e.smtpCode()).hasValue(550);
        assertThat(e.enhancedStatus()).contains("5.1.1");
        assertThat(e.rejectReason()).contains(RejectReason.UNKNOWN_USER);
        assertThat(e.to()).contains("nosuchuser@testhost.portcullis.test");
    }

    @Test
    void classifiesRbl() {
        MailEvent e = only(CapturedLog.line("blocked using rbl.portcullis.test"));
        assertThat(e.smtpCode()).hasValue(554);
        assertThat(e.enhancedStatus()).contains("5.7.1");
        assertThat(e.rejectReason()).contains(RejectReason.RBL);
    }

    @Test
    void classifiesSpfFailWithoutTakingTheSemicolonsInItsUrlForTheEnvelope() {
        MailEvent e = only(CapturedLog.line("SPF fail"));
        assertThat(e.smtpCode()).hasValue(550);
        assertThat(e.enhancedStatus()).contains("5.7.23");
        assertThat(e.rejectReason()).contains(RejectReason.SPF);
        assertThat(e.from()).contains("someone@spf-fail.portcullis.test");
        assertThat(e.to()).contains("root@testhost.portcullis.test");
        assertThat(e.reason().orElseThrow()).endsWith("r=testhost.portcullis.test");
    }

    @Test
    void classifiesSizeAtMailAndAtData() {
        MailEvent atMail = only(CapturedLog.line("Message size exceeds fixed limit"));
        assertThat(atMail.stage()).contains("MAIL");
        assertThat(atMail.smtpCode()).hasValue(552);
        assertThat(atMail.enhancedStatus()).contains("5.3.4");
        assertThat(atMail.rejectReason()).contains(RejectReason.SIZE);
        assertThat(atMail.to()).isEmpty();

        MailEvent atData = only(CapturedLog.line("queue file size limit exceeded"));
        assertThat(atData.kind()).isEqualTo(EventKind.REJECT);
        assertThat(atData.stage()).contains("DATA");
        assertThat(atData.rejectReason()).contains(RejectReason.SIZE);
        assertThat(atData.queueId()).contains("15B2F194227");
    }

    @Test
    void classifiesTlsRequired() {
        MailEvent e = only(CapturedLog.line("Session encryption is required"));
        assertThat(e.smtpCode()).hasValue(450);
        assertThat(e.rejectReason()).contains(RejectReason.TLS_REQUIRED);
    }

    @Test
    void readsTheQueueLifecycle() {
        MailEvent received = only(CapturedLog.line("7FC7E194220: client="));
        assertThat(received.kind()).isEqualTo(EventKind.MESSAGE_RECEIVED);
        assertThat(received.clientIp()).contains("172.20.0.3");
        MailEvent id = only(CapturedLog.line("7FC7E194220: message-id="));
        assertThat(id.messageId()).contains("20261130143846.000008@client.portcullis.test");
        MailEvent queued = only(CapturedLog.line("7FC7E194220: from="));
        assertThat(queued.kind()).isEqualTo(EventKind.MESSAGE_QUEUED);
        assertThat(queued.from()).contains("sender@client.portcullis.test");
        assertThat(queued.size()).hasValue(698);
        assertThat(queued.recipientCount()).hasValue(1);
        assertThat(only(CapturedLog.line("7FC7E194220: removed")).kind()).isEqualTo(EventKind.MESSAGE_REMOVED);
        MailEvent pickup = only(CapturedLog.line("940C719405E: uid=0"));
        assertThat(pickup.kind()).isEqualTo(EventKind.MESSAGE_RECEIVED);
        assertThat(pickup.from()).contains("root@testhost.portcullis.test");
        assertThat(pickup.clientIp()).isEmpty();
        MailEvent bounceNotice = only(CapturedLog.line("EB2CF194077: from=<>"));
        assertThat(bounceNotice.from()).contains("");
    }

    @Test
    void readsASentDeliveryWithRelayDelaysAndDsn() {
        MailEvent e = only(CapturedLog.line("7FC7E194220: to="));
        assertThat(e.kind()).isEqualTo(EventKind.DELIVERY);
        assertThat(e.queueId()).contains("7FC7E194220");
        assertThat(e.to()).contains("root@testhost.portcullis.test");
        assertThat(e.relay()).contains("local");
        assertThat(e.delay()).contains(0.56);
        assertThat(e.delays()).contains(new Delays(0.45, 0.1, 0, 0));
        assertThat(e.enhancedStatus()).contains("2.0.0");
        assertThat(e.status()).contains(DeliveryStatus.SENT);
        assertThat(e.reason()).contains("delivered to mailbox");
    }

    @Test
    void readsDeferredBouncedAndExpired() {
        MailEvent deferred = only(CapturedLog.line("940C719405E: to=", "delay=0.17"));
        assertThat(deferred.status()).contains(DeliveryStatus.DEFERRED);
        assertThat(deferred.enhancedStatus()).contains("4.4.3");
        assertThat(deferred.relay()).contains("none");
        assertThat(deferred.reason().orElseThrow()).startsWith("Host or domain name not found.");
        MailEvent bounced = only(CapturedLog.line("D67FC194067: to="));
        assertThat(bounced.status()).contains(DeliveryStatus.BOUNCED);
        assertThat(bounced.enhancedStatus()).contains("5.1.1");
        assertThat(bounced.reason()).contains("unknown user: \"ghost\"");
        MailEvent expired = only(CapturedLog.line("940C719405E: from=", "status=expired"));
        assertThat(expired.kind()).isEqualTo(EventKind.MESSAGE_EXPIRED);
        assertThat(expired.status()).contains(DeliveryStatus.EXPIRED);
        assertThat(expired.from()).contains("root@testhost.portcullis.test");
    }

    @Test
    void readsSaslSuccessAsAuthenticationAndReceipt() {
        List<MailEvent> events = CapturedLog.parser().parse(CapturedLog.line("sasl_method=PLAIN, sasl_username=alice"));
        assertThat(events).extracting(MailEvent::kind).containsExactly(EventKind.AUTH_SUCCESS, EventKind.MESSAGE_RECEIVED);
        MailEvent auth = events.get(0);
        assertThat(auth.saslUser()).contains("alice");
        assertThat(auth.saslMethod()).contains("PLAIN");
        assertThat(auth.queueId()).contains("95224194228");
        assertThat(auth.clientIp()).contains("172.20.0.3");
    }

    @Test
    void readsSaslFailureWithMethodAndUser() {
        MailEvent e = only(CapturedLog.line("SASL LOGIN authentication failed"));
        assertThat(e.kind()).isEqualTo(EventKind.AUTH_FAILURE);
        assertThat(e.saslMethod()).contains("LOGIN");
        assertThat(e.saslUser()).contains("alice");
        assertThat(e.clientIp()).contains("172.20.0.3");
        assertThat(e.reason()).contains("(reason unavailable)");
    }

    @Test
    void readsRateLimitWarningsAndAnvilStatistics() {
        MailEvent limit = only(CapturedLog.line("Connection rate limit exceeded: 13"));
        assertThat(limit.kind()).isEqualTo(EventKind.RATE_LIMIT);
        assertThat(limit.rate()).hasValue(13);
        assertThat(limit.service()).contains("smtp");
        assertThat(limit.clientIp()).contains("172.20.0.3");
        assertThat(limit.reason()).contains("Connection rate limit exceeded");
        MailEvent stats = only(CapturedLog.line("max connection rate 6/60s"));
        assertThat(stats.kind()).isEqualTo(EventKind.RATE_STATISTICS);
        assertThat(stats.rate()).hasValue(6);
        assertThat(stats.service()).contains("smtp");
        assertThat(stats.clientIp()).contains("172.20.0.3");
    }

    @Test
    void ignoresLinesThatReportNoMailEvent() {
        PostfixLogParser p = CapturedLog.parser();
        assertThat(p.parse(CapturedLog.line("starting the Postfix mail system"))).isEmpty();
        assertThat(p.parse(CapturedLog.line("max cache size 2"))).isEmpty();
        assertThat(p.parse(CapturedLog.line("EB2CF194077", "sender non-delivery notification"))).isEmpty();
        assertThat(p.parse("Nov 30 14:38:46 testhost sshd[12]: connect from unknown[172.20.0.3]")).isEmpty();
        assertThat(p.parse("")).isEmpty();
        assertThat(p.parse("garbage")).isEmpty();
        assertThat(p.parse("{not json")).isEmpty();
        assertThat(p.parse("Xyz 30 14:38:46 testhost postfix/smtpd[1]: connect from a[1.2.3.4]")).isEmpty();
    }

    @Test
    void readsTheSameEventsFromJournalJsonAndRfc3339Syslog() throws Exception {
        ObjectMapper json = new ObjectMapper();
        PostfixLogParser classic = CapturedLog.parser();
        PostfixLogParser journal = CapturedLog.parser();
        PostfixLogParser rfc3339 = CapturedLog.parser();
        for (String line : CapturedLog.lines()) {
            List<MailEvent> expected = classic.parse(line);
            String stamp = Instant.parse("2026-11-30T" + line.substring(7, 15) + "Z").toString();
            String rest = line.substring(16);
            String host = rest.substring(0, rest.indexOf(' '));
            String tag = rest.substring(host.length() + 1, rest.indexOf(": "));
            String message = rest.substring(rest.indexOf(": ") + 2);
            var node = json.createObjectNode();
            node.put("__REALTIME_TIMESTAMP", String.valueOf(Instant.parse(stamp).toEpochMilli() * 1000));
            node.put("_HOSTNAME", host);
            node.put("SYSLOG_IDENTIFIER", tag.substring(0, tag.indexOf('[')));
            node.put("SYSLOG_PID", tag.substring(tag.indexOf('[') + 1, tag.length() - 1));
            node.put("MESSAGE", message);
            node.put("_SYSTEMD_UNIT", "postfix@-.service");
            assertThat(journal.parse(json.writeValueAsString(node))).as(line).isEqualTo(expected);
            assertThat(rfc3339.parse("2026-11-30T" + line.substring(7, 15) + ".000000+00:00 " + rest)).as(line)
                    .isEqualTo(expected);
        }
    }

    @Test
    void datesADecemberLineReadInJanuaryInThePreviousYear() {
        PostfixLogParser p = PostfixLogParser.create(ZoneOffset.UTC, Clock.fixed(Instant.parse("2027-01-02T00:00:00Z"), ZoneOffset.UTC));
        assertThat(p.parse("Dec 31 23:59:59 h postfix/smtpd[1]: connect from a[192.0.2.1]").get(0).timestamp())
                .isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
        assertThat(p.parse("Jan  2 00:00:00 h postfix/smtpd[1]: connect from a[192.0.2.1]").get(0).timestamp())
                .isEqualTo(Instant.parse("2027-01-02T00:00:00Z"));
    }

    @Test
    void readsClassicTimeInTheHostZone() {
        PostfixLogParser p = PostfixLogParser.create(java.time.ZoneId.of("Europe/Berlin"), CapturedLog.CAPTURE_DAY);
        assertThat(p.parse("Nov 30 15:00:00 h postfix/smtpd[1]: connect from a[192.0.2.1]").get(0).timestamp())
                .isEqualTo(Instant.parse("2026-11-30T14:00:00Z"));
    }

    @Test
    void writesElasticCommonSchemaFieldNames() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode reject = json.readTree(EcsJsonLines.toJson(only(CapturedLog.line("Relay access denied"))));
        assertThat(reject.path("@timestamp").asText()).isEqualTo("2026-11-30T14:38:47Z");
        assertThat(reject.at("/event/action").asText()).isEqualTo("rejected");
        assertThat(reject.at("/event/outcome").asText()).isEqualTo("failure");
        assertThat(reject.at("/event/category/0").asText()).isEqualTo("email");
        assertThat(reject.at("/source/ip").asText()).isEqualTo("172.20.0.3");
        assertThat(reject.at("/source/domain").isMissingNode()).as("'unknown' is no domain").isTrue();
        assertThat(reject.at("/email/from/address/0").asText()).isEqualTo("sender@client.portcullis.test");
        assertThat(reject.at("/email/to/address/0").asText()).isEqualTo("someone@elsewhere.example");
        assertThat(reject.at("/mail/smtp_code").asInt()).isEqualTo(454);
        assertThat(reject.at("/mail/reject_reason").asText()).isEqualTo("relay-denied");
        assertThat(reject.at("/host/hostname").asText()).isEqualTo("testhost");
        assertThat(reject.at("/process/name").asText()).isEqualTo("postfix/smtpd");

        JsonNode tls = json.readTree(EcsJsonLines.toJson(only(
                CapturedLog.lines().stream().filter(l -> l.contains("TLS connection established")).findFirst().orElseThrow())));
        assertThat(tls.at("/tls/version").asText()).isEqualTo("1.3");
        assertThat(tls.at("/tls/version_protocol").asText()).isEqualTo("tls");
        assertThat(tls.at("/tls/cipher").asText()).isEqualTo("TLS_AES_256_GCM_SHA384");

        JsonNode delivery = json.readTree(EcsJsonLines.toJson(only(CapturedLog.line("7FC7E194220: to="))));
        assertThat(delivery.at("/email/local_id").asText()).isEqualTo("7FC7E194220");
        assertThat(delivery.at("/event/outcome").asText()).isEqualTo("success");
        assertThat(delivery.at("/mail/delays/before_queue_manager").asDouble()).isEqualTo(0.45);
        assertThat(delivery.at("/mail/status").asText()).isEqualTo("sent");

        JsonNode auth = json.readTree(EcsJsonLines.toJson(CapturedLog.parser()
                .parse(CapturedLog.line("sasl_method=PLAIN, sasl_username=alice")).get(0)));
        assertThat(auth.at("/user/name").asText()).isEqualTo("alice");
        assertThat(auth.at("/event/category/1").asText()).isEqualTo("authentication");
    }
}
