package dev.portcullis.mailevents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Joins the events of one queue id into one {@link MessageRecord}: accepted (with the TLS and SASL
 * of the SMTP session it came in) through queued to delivered, bounced or expired, ending at the
 * queue manager's {@code removed}.
 *
 * <p>Memory is bounded whatever the log size: at most {@code maxOpen} messages and as many SMTP
 * sessions are held, and a message not touched for {@code maxAge} (in log time) is evicted. An
 * evicted message is still handed to the sink, with {@link MessageRecord#complete()} false, and
 * counted in {@link #evicted()}. A message that stays deferred longer than {@code maxAge} is evicted
 * by design: choose {@code maxAge} above the retry interval to follow deferrals to the end.
 *
 * <p>Not thread-safe: feed it one log in order.
 */
public final class MessageCorrelator implements Consumer<MailEvent> {

    private final Duration maxAge;
    private final int maxOpen;
    private final Consumer<MessageRecord> sink;
    private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(256, 0.75f, true);
    private final LinkedHashMap<String, Session> sessions;
    private long evicted;
    private long completed;

    private MessageCorrelator(Duration maxAge, int maxOpen, Consumer<MessageRecord> sink) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
        }
        if (maxOpen < 1) {
            throw new IllegalArgumentException("maxOpen must be at least 1: " + maxOpen);
        }
        this.maxAge = maxAge;
        this.maxOpen = maxOpen;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.sessions = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
                return size() > MessageCorrelator.this.maxOpen;
            }
        };
    }

    /**
     * @param maxAge how long (in log time) a message may go without a line before it is evicted
     * @param maxOpen how many messages (and SMTP sessions) are held at most
     * @param sink receives each message when it leaves the queue or is evicted
     * @return the correlator
     */
    public static MessageCorrelator create(Duration maxAge, int maxOpen, Consumer<MessageRecord> sink) {
        return new MessageCorrelator(maxAge, maxOpen, sink);
    }

    /**
     * Takes the next event of the log.
     *
     * @param e the event
     */
    @Override
    public void accept(MailEvent e) {
        evictOlderThan(e.timestamp().minus(maxAge));
        String session = e.process().filter(p -> p.endsWith("/smtpd")).isPresent() && e.pid().isPresent()
                ? e.host().orElse("") + "/" + e.pid().getAsLong() : null;
        switch (e.kind()) {
            case CONNECT:
                if (session != null) {
                    sessions.put(session, new Session());
                }
                return;
            case DISCONNECT:
                if (session != null) {
                    sessions.remove(session);
                }
                return;
            case TLS_ESTABLISHED:
                if (session != null) {
                    sessions.computeIfAbsent(session, k -> new Session()).tlsVersion = e.tlsVersion().orElse(null);
                }
                return;
            default:
                break;
        }
        String queueId = e.queueId().orElse(null);
        if (queueId == null || e.kind() == EventKind.REJECT && e.stage().isPresent() && !e.stage().get().equals("DATA")) {
            return;
        }
        Open m = open.get(queueId);
        if (m == null) {
            m = new Open(queueId, e.timestamp());
            open.put(queueId, m);
            while (open.size() > maxOpen) {
                evict(open.entrySet().iterator());
            }
        }
        m.lastSeen = e.timestamp();
        switch (e.kind()) {
            case MESSAGE_RECEIVED:
                m.clientName = e.clientName().orElse(m.clientName);
                m.clientIp = e.clientIp().orElse(m.clientIp);
                m.from = e.from().orElse(m.from);
                m.saslUser = e.saslUser().orElse(m.saslUser);
                Session s = session == null ? null : sessions.get(session);
                if (s != null && s.tlsVersion != null) {
                    m.tlsVersion = s.tlsVersion;
                }
                break;
            case MESSAGE_ID:
                m.messageId = e.messageId().filter(id -> !id.isEmpty()).orElse(m.messageId);
                break;
            case MESSAGE_QUEUED:
                m.from = e.from().orElse(m.from);
                m.size = e.size().orElse(m.size);
                break;
            case DELIVERY:
                String to = e.to().orElse("");
                m.recipients.put(to, new MessageRecord.Recipient(to, e.status().orElseThrow(),
                        e.enhancedStatus().orElse(null), e.relay().orElse(null)));
                break;
            case MESSAGE_EXPIRED:
                m.expired = true;
                break;
            case REJECT:
                m.rejected = true;
                break;
            case MESSAGE_REMOVED:
                open.remove(queueId);
                completed++;
                sink.accept(m.toRecord(true));
                break;
            default:
                break;
        }
    }

    /**
     * Hands every message still open to the sink as incomplete (the log ended), and forgets them.
     * They are not counted as evicted.
     */
    public void finish() {
        List<Open> rest = new ArrayList<>(open.values());
        open.clear();
        rest.forEach(m -> sink.accept(m.toRecord(false)));
    }

    /** @return how many messages were evicted before they left the queue (by age or by the size bound) */
    public long evicted() {
        return evicted;
    }

    /** @return how many messages were followed until they left the queue */
    public long completed() {
        return completed;
    }

    /** @return how many messages are held now (never more than {@code maxOpen}) */
    public int openMessages() {
        return open.size();
    }

    /** @return how many SMTP sessions are held now (never more than {@code maxOpen}) */
    public int openSessions() {
        return sessions.size();
    }

    private void evictOlderThan(Instant cutoff) {
        // access order: the eldest entry is the one touched longest ago
        while (!open.isEmpty() && open.entrySet().iterator().next().getValue().lastSeen.isBefore(cutoff)) {
            evict(open.entrySet().iterator());
        }
    }

    private void evict(Iterator<Map.Entry<String, Open>> eldestFirst) {
        Open m = eldestFirst.next().getValue();
        eldestFirst.remove();
        evicted++;
        sink.accept(m.toRecord(false));
    }

    /** What one smtpd process knows about its current client. */
    private static final class Session {
        String tlsVersion;
    }

    /** A message still in the queue, as far as the log has told so far. */
    private static final class Open {
        final String queueId;
        final Instant firstSeen;
        Instant lastSeen;
        String clientName;
        String clientIp;
        String tlsVersion;
        String saslUser;
        String from;
        long size = -1;
        String messageId;
        boolean expired;
        boolean rejected;
        final LinkedHashMap<String, MessageRecord.Recipient> recipients = new LinkedHashMap<>(4);

        Open(String queueId, Instant firstSeen) {
            this.queueId = queueId;
            this.firstSeen = firstSeen;
            this.lastSeen = firstSeen;
        }

        MessageRecord toRecord(boolean complete) {
            return new MessageRecord(queueId, firstSeen, lastSeen, Optional.ofNullable(clientName),
                    Optional.ofNullable(clientIp), Optional.ofNullable(tlsVersion), Optional.ofNullable(saslUser),
                    Optional.ofNullable(from), size, Optional.ofNullable(messageId),
                    new ArrayList<>(recipients.values()), outcome(), complete);
        }

        private MessageOutcome outcome() {
            if (expired) {
                return MessageOutcome.EXPIRED;
            }
            if (rejected) {
                return MessageOutcome.REJECTED;
            }
            boolean anyBounced = false;
            boolean anyDeferred = false;
            for (MessageRecord.Recipient r : recipients.values()) {
                anyBounced |= r.status() == DeliveryStatus.BOUNCED;
                anyDeferred |= r.status() == DeliveryStatus.DEFERRED;
            }
            if (anyBounced) {
                return MessageOutcome.BOUNCED;
            }
            if (anyDeferred) {
                return MessageOutcome.DEFERRED;
            }
            return recipients.isEmpty() ? MessageOutcome.UNKNOWN : MessageOutcome.DELIVERED;
        }
    }
}
