package dev.portcullis.mailevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report over the captured Postfix 3.7 log; the expected counts were counted by hand with grep. */
class MailReportTest {

    private static MailReport report(Instant since, Instant until) {
        MailReport.Collector c = MailReport.collector(since, until, 5);
        CapturedLog.events().forEach(c);
        return c.report();
    }

    @Test
    void countsOutcomesRejectReasonsTlsAndAuthenticationOfTheCapturedLog() {
        MailReport r = report(null, null);
        assertThat(r.connections()).isEqualTo(27);
        assertThat(r.tlsConnections()).isEqualTo(3);
        assertThat(r.tlsShare()).isEqualTo(3.0 / 27);
        assertThat(r.received()).isEqualTo(6);
        assertThat(r.deliveries(DeliveryStatus.SENT)).isEqualTo(4);
        assertThat(r.deliveries(DeliveryStatus.DEFERRED)).isEqualTo(5);
        assertThat(r.deliveries(DeliveryStatus.BOUNCED)).isEqualTo(1);
        assertThat(r.deliveries(DeliveryStatus.EXPIRED)).isEqualTo(3);
        assertThat(r.rejects()).isEqualTo(7);
        assertThat(r.rejects(RejectReason.RELAY_DENIED)).isEqualTo(1);
        assertThat(r.rejects(RejectReason.UNKNOWN_USER)).isEqualTo(1);
        assertThat(r.rejects(RejectReason.SIZE)).isEqualTo(2);
        assertThat(r.rejects(RejectReason.TLS_REQUIRED)).isEqualTo(1);
        assertThat(r.rejects(RejectReason.SPF)).isEqualTo(1);
        assertThat(r.rejects(RejectReason.RBL)).isEqualTo(1);
        assertThat(r.rejects(RejectReason.OTHER)).isZero();
        assertThat(r.topRejectedClients()).containsExactly(Map.entry("172.20.0.3", 6L));
        assertThat(r.authFailures()).isEqualTo(2);
        assertThat(r.authSuccesses()).isEqualTo(1);
        assertThat(r.rateLimitWarnings()).isEqualTo(2);
        assertThat(r.deferredQueue()).as("every deferred message expired by the end").isZero();
    }

    @Test
    void countsOnlyTheWindowAndTheDeferredQueueAtItsEnd() {
        MailReport r = report(Instant.parse("2026-11-30T14:38:50Z"), Instant.parse("2026-11-30T14:39:10Z"));
        assertThat(r.deferredQueue()).isEqualTo(2);
        assertThat(r.deliveries(DeliveryStatus.EXPIRED)).isZero();
        assertThat(r.rejects(RejectReason.RELAY_DENIED)).as("14:38:47 is before the window").isZero();
        assertThat(r.rejects(RejectReason.SPF)).isEqualTo(1);
        assertThat(r.authFailures()).isEqualTo(2);
    }

    @Test
    void writesEveryCountInJsonAndText() throws Exception {
        MailReport r = report(null, null);
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertThat(json.at("/connections/total").asLong()).isEqualTo(27);
        assertThat(json.at("/connections/tlsShare").asDouble()).isEqualTo(0.111);
        assertThat(json.at("/outcomes/sent").asLong()).isEqualTo(4);
        assertThat(json.at("/outcomes/rejected").asLong()).isEqualTo(7);
        assertThat(json.at("/rejectReasons/relay-denied").asLong()).isEqualTo(1);
        assertThat(json.at("/topRejectedClients/0/ip").asText()).isEqualTo("172.20.0.3");
        assertThat(json.at("/authentication/failed").asLong()).isEqualTo(2);
        assertThat(json.at("/deferredQueue").asInt()).isZero();
        String text = r.toString();
        assertThat(text).contains("connections            27   TLS 3 (11.1%)")
                .contains("    relay-denied          1")
                .contains("    172.20.0.3");
    }

    @Test
    void refusesAnEmptyWindow() {
        Instant t = Instant.parse("2026-11-30T14:00:00Z");
        assertThatThrownBy(() -> MailReport.collector(t, t, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window is empty");
    }
}
