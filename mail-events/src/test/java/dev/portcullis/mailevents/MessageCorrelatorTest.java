package dev.portcullis.mailevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageCorrelatorTest {

    private static Map<String, MessageRecord> correlate(List<MailEvent> events, Duration maxAge, int maxOpen,
            List<MessageCorrelator> out) {
        List<MessageRecord> records = new ArrayList<>();
        MessageCorrelator c = MessageCorrelator.create(maxAge, maxOpen, records::add);
        events.forEach(c);
        c.finish();
        out.add(c);
        return records.stream().collect(Collectors.toMap(MessageRecord::queueId, Function.identity()));
    }

    @Test
    void joinsACapturedMessageFromAcceptanceToDelivery() {
        Map<String, MessageRecord> records = correlate(CapturedLog.events(), Duration.ofHours(1), 1000, new ArrayList<>());
        MessageRecord m = records.get("7FC7E194220");
        assertThat(m.complete()).isTrue();
        assertThat(m.outcome()).isEqualTo(MessageOutcome.DELIVERED);
        assertThat(m.clientIp()).contains("172.20.0.3");
        assertThat(m.tlsVersion()).isEmpty();
        assertThat(m.from()).contains("sender@client.portcullis.test");
        assertThat(m.size()).isEqualTo(698);
        assertThat(m.messageId()).contains("20261130143846.000008@client.portcullis.test");
        assertThat(m.recipients()).containsExactly(
                new MessageRecord.Recipient("root@testhost.portcullis.test", DeliveryStatus.SENT, "2.0.0", "local"));
        assertThat(m.firstSeen()).isEqualTo(Instant.parse("2026-11-30T14:38:46Z"));
    }

    @Test
    void carriesTheSessionsTlsAndSaslIntoTheMessage() {
        Map<String, MessageRecord> records = correlate(CapturedLog.events(), Duration.ofHours(1), 1000, new ArrayList<>());
        assertThat(records.get("2BB2819417E").tlsVersion()).contains("TLSv1.3");
        MessageRecord authenticated = records.get("95224194228");
        assertThat(authenticated.saslUser()).contains("alice");
        assertThat(authenticated.tlsVersion()).contains("TLSv1.3");
        assertThat(authenticated.outcome()).isEqualTo(MessageOutcome.EXPIRED);
        assertThat(authenticated.recipients()).extracting(MessageRecord.Recipient::status).containsExactly(DeliveryStatus.DEFERRED);
    }

    @Test
    void tellsBouncedExpiredAndRejectedMessagesApart() {
        Map<String, MessageRecord> records = correlate(CapturedLog.events(), Duration.ofHours(1), 1000, new ArrayList<>());
        assertThat(records.get("D67FC194067").outcome()).isEqualTo(MessageOutcome.BOUNCED);
        assertThat(records.get("D67FC194067").complete()).isTrue();
        assertThat(records.get("940C719405E").outcome()).isEqualTo(MessageOutcome.EXPIRED);
        assertThat(records.get("EB2CF194077").from()).contains("");
        MessageRecord tooLarge = records.get("15B2F194227");
        assertThat(tooLarge.outcome()).isEqualTo(MessageOutcome.REJECTED);
        assertThat(tooLarge.complete()).as("smtpd dropped the queue file: no 'removed' line").isFalse();
    }

    @Test
    void evictsMessagesNotSeenForMaxAgeAndCountsThem() {
        Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
        List<MailEvent> events = List.of(
                MailEvent.builder(EventKind.MESSAGE_QUEUED, t0).queueId("AAA").from("a@example.org").size(10, 1).build(),
                MailEvent.builder(EventKind.MESSAGE_QUEUED, t0.plusSeconds(30)).queueId("BBB").size(20, 1).build(),
                MailEvent.builder(EventKind.MESSAGE_QUEUED, t0.plusSeconds(61)).queueId("CCC").size(30, 1).build());
        List<MessageRecord> records = new ArrayList<>();
        MessageCorrelator c = MessageCorrelator.create(Duration.ofSeconds(60), 1000, records::add);
        events.forEach(c);
        assertThat(records).extracting(MessageRecord::queueId).containsExactly("AAA");
        assertThat(records.get(0).complete()).isFalse();
        assertThat(records.get(0).outcome()).isEqualTo(MessageOutcome.UNKNOWN);
        assertThat(c.evicted()).isEqualTo(1);
        assertThat(c.openMessages()).isEqualTo(2);
    }

    @Test
    void holdsNoMoreThanMaxOpenWhateverTheLogSize() {
        Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
        List<MessageRecord> records = new ArrayList<>();
        MessageCorrelator c = MessageCorrelator.create(Duration.ofDays(5), 100, records::add);
        int mostHeld = 0;
        for (int i = 0; i < 20_000; i++) {
            c.accept(MailEvent.builder(EventKind.CONNECT, t0).origin("h", "postfix/smtpd", i).client("x", "192.0.2.1").build());
            c.accept(MailEvent.builder(EventKind.MESSAGE_QUEUED, t0).queueId("Q" + i).size(1, 1).build());
            mostHeld = Math.max(mostHeld, Math.max(c.openMessages(), c.openSessions()));
        }
        assertThat(mostHeld).isEqualTo(100);
        assertThat(c.evicted()).isEqualTo(20_000 - 100);
        assertThat(records).hasSize(20_000 - 100);
    }

    @Test
    void finishingHandsOverOpenMessagesWithoutCountingThemEvicted() {
        List<MessageCorrelator> used = new ArrayList<>();
        Map<String, MessageRecord> records = correlate(CapturedLog.events(), Duration.ofHours(1), 1000, used);
        assertThat(used.get(0).evicted()).isZero();
        assertThat(used.get(0).completed()).isEqualTo(records.values().stream().filter(MessageRecord::complete).count());
        assertThat(records.values().stream().filter(r -> !r.complete())).extracting(MessageRecord::queueId)
                .containsExactly("15B2F194227");
    }

    @Test
    void refusesANonPositiveAgeOrSize() {
        assertThatThrownBy(() -> MessageCorrelator.create(Duration.ZERO, 10, r -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
        assertThatThrownBy(() -> MessageCorrelator.create(Duration.ofMinutes(1), 0, r -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxOpen");
    }
}
