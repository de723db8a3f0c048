package dev.portcullis.mailevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exchange message tracking entries on fixture JSON laid out as Get-MessageTrackingLog's objects
 * (not captured from a live Exchange: none is available here).
 */
class ExchangeTrackingLogParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<MailEvent> fixture() throws IOException {
        try (InputStream in = ExchangeTrackingLogParserTest.class.getResourceAsStream("/exchange/message-tracking.json")) {
            return ExchangeTrackingLogParser.parse(JSON.readTree(in));
        }
    }

    @Test
    void mapsTrackingEventsToTheSameSchema() throws IOException {
        assertThat(fixture()).extracting(MailEvent::kind).containsExactly(EventKind.MESSAGE_RECEIVED, EventKind.DELIVERY,
                EventKind.REJECT, EventKind.DELIVERY, EventKind.DELIVERY, EventKind.DELIVERY, EventKind.DELIVERY);
    }

    @Test
    void readsAReceiveWithClientEnvelopeSizeAndQueueId() throws IOException {
        MailEvent r = fixture().get(0);
        assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-11-30T09:15:02.441Z"));
        assertThat(r.clientIp()).contains("198.51.100.7");
        assertThat(r.clientName()).contains("mx.partner.example");
        assertThat(r.from()).contains("alice@partner.example");
        assertThat(r.size()).hasValue(5120);
        assertThat(r.recipientCount()).hasValue(1);
        assertThat(r.queueId()).contains("41781441773569");
        assertThat(r.messageId()).contains("3f2a@partner.example");
        assertThat(r.host()).contains("EX01");
        assertThat(EcsJsonLines.toJson(r)).contains("\"module\":\"exchange\"");
    }

    @Test
    void readsAnAgentRefusalAsARejectWithItsReasonAndPowerShell51Dates() throws IOException {
        MailEvent r = fixture().get(2);
        assertThat(r.timestamp()).isEqualTo(Instant.ofEpochMilli(1796037600000L));
        assertThat(r.rejectReason()).contains(RejectReason.UNKNOWN_USER);
        assertThat(r.smtpCode()).hasValue(550);
        assertThat(r.enhancedStatus()).contains("5.1.10");
        assertThat(r.clientIp()).contains("203.0.113.66");
        assertThat(r.to()).contains("nobody@contoso.example");
    }

    @Test
    void readsSendDeferAndFailAsDeliveriesPerRecipient() throws IOException {
        List<MailEvent> events = fixture();
        assertThat(events.get(1).status()).contains(DeliveryStatus.SENT);
        assertThat(events.get(1).relay()).contains("mailbox");
        assertThat(events.subList(3, 5)).extracting(e -> e.to().orElseThrow())
                .containsExactly("carol@fabrikam.example", "dave@fabrikam.example");
        assertThat(events.get(3).relay()).contains("mx.fabrikam.example[203.0.113.25]");
        assertThat(events.get(3).enhancedStatus()).contains("2.6.0");
        assertThat(events.get(5).status()).contains(DeliveryStatus.DEFERRED);
        assertThat(events.get(5).enhancedStatus()).contains("4.4.0");
        assertThat(events.get(6).status()).contains(DeliveryStatus.BOUNCED);
        assertThat(events.get(6).reason()).contains("User unknown");
    }

    @Test
    void feedsTheReportLikePostfixEvents() throws IOException {
        MailReport.Collector c = MailReport.collector(null, null, 3);
        fixture().forEach(c);
        MailReport r = c.report();
        assertThat(r.received()).isEqualTo(1);
        assertThat(r.deliveries(DeliveryStatus.SENT)).isEqualTo(3);
        assertThat(r.deliveries(DeliveryStatus.DEFERRED)).isEqualTo(1);
        assertThat(r.deliveries(DeliveryStatus.BOUNCED)).isEqualTo(1);
        assertThat(r.rejects(RejectReason.UNKNOWN_USER)).isEqualTo(1);
        assertThat(r.deferredQueue()).isEqualTo(1);
    }

    @Test
    void readsASingleEntryWithoutItsArrayAndRefusesEntriesWithoutTimeOrId() throws IOException {
        JsonNode single = JSON.readTree("{\"Timestamp\":\"2026-11-30T09:15:02Z\",\"EventId\":\"RECEIVE\",\"Sender\":\"a@b.example\"}");
        assertThat(ExchangeTrackingLogParser.parse(single)).singleElement().satisfies(e -> assertThat(e.from()).contains("a@b.example"));
        assertThatThrownBy(() -> ExchangeTrackingLogParser.parse(JSON.readTree("{\"EventId\":\"RECEIVE\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Timestamp");
        assertThatThrownBy(() -> ExchangeTrackingLogParser.parse(JSON.readTree("{\"Timestamp\":\"2026-11-30T09:15:02Z\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EventId");
    }
}
