package dev.portcullis.mailevents;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message, correlated from every log line about its queue id: who sent it from where (with TLS
 * and SASL from the same SMTP session), its envelope and size, the last status of each recipient,
 * and how it ended. {@link #complete()} is false for a record the {@link MessageCorrelator} evicted
 * before the queue manager removed the message.
 *
 * @param queueId the Postfix queue id (ECS {@code email.local_id})
 * @param firstSeen when the first line about it was logged
 * @param lastSeen when the last line about it was logged
 * @param clientName the SMTP client's name, empty for local submissions
 * @param clientIp the SMTP client's address, empty for local submissions
 * @param tlsVersion the TLS protocol of the session it came in, empty without TLS
 * @param saslUser the authenticated user, empty without SASL
 * @param from the envelope sender (empty string for the null sender), empty when not logged
 * @param size the size in bytes, -1 when not logged
 * @param messageId the Message-ID header, empty when not logged or empty
 * @param recipients each recipient's last delivery attempt, in the order they were first tried
 * @param outcome how it ended
 * @param complete whether the log showed the message leave the queue
 */
public record MessageRecord(String queueId, Instant firstSeen, Instant lastSeen, Optional<String> clientName,
        Optional<String> clientIp, Optional<String> tlsVersion, Optional<String> saslUser, Optional<String> from,
        long size, Optional<String> messageId, List<Recipient> recipients, MessageOutcome outcome, boolean complete) {

    /** Copies the list and checks that nothing is null. */
    public MessageRecord {
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(outcome, "outcome");
        recipients = List.copyOf(recipients);
    }

    /**
     * One recipient's last delivery attempt.
     *
     * @param address the envelope recipient
     * @param status how the last attempt ended
     * @param dsn its enhanced status code, such as {@code 2.0.0}
     * @param relay where it went
     */
    public record Recipient(String address, DeliveryStatus status, String dsn, String relay) {
    }
}
