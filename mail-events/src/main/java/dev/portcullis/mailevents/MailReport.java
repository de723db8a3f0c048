package dev.portcullis.mailevents;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a mail server did over a time window, counted from its events: connections and the share
 * that used TLS, messages received, delivery attempts per status, messages expired, rejects per
 * {@link RejectReason}, the clients rejected most, SASL failures, rate-limit warnings, and the
 * deferred queue (messages whose last attempt was deferred and that have not left the queue).
 * Renders as text for a person and as JSON for a script.
 *
 * <p>Immutable; collect with {@link #collector(Instant, Instant, int)}.
 */
public final class MailReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Instant since;
    private final Instant until;
    private final long events;
    private final long connections;
    private final long tlsConnections;
    private final long received;
    private final Map<DeliveryStatus, Long> deliveries;
    private final Map<RejectReason, Long> rejects;
    private final List<Map.Entry<String, Long>> topRejectedClients;
    private final long authFailures;
    private final long authSuccesses;
    private final long rateLimitWarnings;
    private final int deferredQueue;

    private MailReport(Collector c) {
        this.since = c.since;
        this.until = c.until;
        this.events = c.events;
        this.connections = c.connections;
        this.tlsConnections = c.tlsConnections;
        this.received = c.received;
        this.deliveries = Map.copyOf(c.deliveries);
        this.rejects = Map.copyOf(c.rejects);
        List<Map.Entry<String, Long>> top = new ArrayList<>(c.rejectedClients.entrySet());
        top.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        this.topRejectedClients = top.subList(0, Math.min(c.top, top.size())).stream()
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        this.authFailures = c.authFailures;
        this.authSuccesses = c.authSuccesses;
        this.rateLimitWarnings = c.rateLimitWarnings;
        this.deferredQueue = c.deferred.size();
    }

    /**
     * Starts counting.
     *
     * @param since events before this instant are not counted (null: from the start of the log)
     * @param until events at or after this instant are not counted (null: to the end of the log)
     * @param topClients how many of the most rejected clients the report names
     * @return a collector to feed the log's events to, in order
     */
    public static Collector collector(Instant since, Instant until, int topClients) {
        return new Collector(since, until, topClients);
    }

    /** @return the start of the window, if it has one */
    public Optional<Instant> since() {
        return Optional.ofNullable(since);
    }

    /** @return the end of the window, if it has one */
    public Optional<Instant> until() {
        return Optional.ofNullable(until);
    }

    /** @return how many events fell in the window */
    public long events() {
        return events;
    }

    /** @return SMTP connections opened */
    public long connections() {
        return connections;
    }

    /** @return connections that established TLS */
    public long tlsConnections() {
        return tlsConnections;
    }

    /** @return the share of connections that used TLS, 0 to 1 (0 without connections) */
    public double tlsShare() {
        return connections == 0 ? 0 : Math.min(1.0, (double) tlsConnections / connections);
    }

    /** @return messages that entered the queue (from SMTP clients and local submission) */
    public long received() {
        return received;
    }

    /**
     * @param status a delivery status
     * @return how many delivery attempts ended so (expired counts messages)
     */
    public long deliveries(DeliveryStatus status) {
        return deliveries.getOrDefault(status, 0L);
    }

    /** @return every reject, whatever its reason */
    public long rejects() {
        return rejects.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @param reason a reason class
     * @return how many rejects had it
     */
    public long rejects(RejectReason reason) {
        return rejects.getOrDefault(reason, 0L);
    }

    /** @return the clients rejected most (address and count), most first */
    public List<Map.Entry<String, Long>> topRejectedClients() {
        return topRejectedClients;
    }

    /** @return failed SASL authentications */
    public long authFailures() {
        return authFailures;
    }

    /** @return successful SASL authentications (Postfix logs them with the message they sent) */
    public long authSuccesses() {
        return authSuccesses;
    }

    /** @return rate and concurrency limit warnings */
    public long rateLimitWarnings() {
        return rateLimitWarnings;
    }

    /** @return messages whose last attempt was deferred and that have not left the queue by the window's end */
    public int deferredQueue() {
        return deferredQueue;
    }

    /** @return the report as a tree for JSON: every count by name */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("since", since == null ? null : since.toString());
        m.put("until", until == null ? null : until.toString());
        m.put("events", events);
        Map<String, Object> conn = new LinkedHashMap<>();
        conn.put("total", connections);
        conn.put("tls", tlsConnections);
        conn.put("tlsShare", Math.round(tlsShare() * 1000) / 1000.0);
        m.put("connections", conn);
        Map<String, Object> outcomes = new LinkedHashMap<>();
        outcomes.put("received", received);
        for (DeliveryStatus s : DeliveryStatus.values()) {
            outcomes.put(s.label(), deliveries(s));
        }
        outcomes.put("rejected", rejects());
        m.put("outcomes", outcomes);
        Map<String, Object> reasons = new LinkedHashMap<>();
        for (RejectReason r : RejectReason.values()) {
            reasons.put(r.label(), rejects(r));
        }
        m.put("rejectReasons", reasons);
        List<Map<String, Object>> top = new ArrayList<>();
        for (Map.Entry<String, Long> e : topRejectedClients) {
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("ip", e.getKey());
            client.put("rejects", e.getValue());
            top.add(client);
        }
        m.put("topRejectedClients", top);
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("succeeded", authSuccesses);
        auth.put("failed", authFailures);
        m.put("authentication", auth);
        m.put("rateLimitWarnings", rateLimitWarnings);
        m.put("deferredQueue", deferredQueue);
        return m;
    }

    /** @return the report as indented JSON */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the report as text for a terminal */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("mail report ").append(since == null ? "from the start of the log" : "since " + since)
                .append(until == null ? "" : " until " + until).append('\n');
        b.append(String.format(Locale.ROOT, "  connections      %8d   TLS %d (%.1f%%)%n", connections, tlsConnections, tlsShare() * 100));
        b.append(String.format(Locale.ROOT, "  received         %8d%n", received));
        for (DeliveryStatus s : DeliveryStatus.values()) {
            b.append(String.format(Locale.ROOT, "  %-16s %8d%n", s.label(), deliveries(s)));
        }
        b.append(String.format(Locale.ROOT, "  rejected         %8d%n", rejects()));
        for (RejectReason r : RejectReason.values()) {
            if (rejects(r) > 0) {
                b.append(String.format(Locale.ROOT, "    %-14s %8d%n", r.label(), rejects(r)));
            }
        }
        b.append(String.format(Locale.ROOT, "  auth failures    %8d   (succeeded %d)%n", authFailures, authSuccesses));
        b.append(String.format(Locale.ROOT, "  rate-limit hits  %8d%n", rateLimitWarnings));
        b.append(String.format(Locale.ROOT, "  deferred queue   %8d%n", deferredQueue));
        if (!topRejectedClients.isEmpty()) {
            b.append("  top rejected clients\n");
            for (Map.Entry<String, Long> e : topRejectedClients) {
                b.append(String.format(Locale.ROOT, "    %-39s %6d%n", e.getKey(), e.getValue()));
            }
        }
        return b.toString();
    }

    /**
     * Counts events into a report. Memory stays bounded: it keeps one counter per rejected client
     * address (at most {@value #MAX_CLIENTS}, then new addresses are counted only in the totals)
     * and the queue ids of deferred messages (at most {@value #MAX_DEFERRED}).
     */
    public static final class Collector implements Consumer<MailEvent> {
        /** How many distinct rejected client addresses are counted one by one. */
        public static final int MAX_CLIENTS = 100_000;
        /** How many deferred queue ids are followed. */
        public static final int MAX_DEFERRED = 1_000_000;

        private final Instant since;
        private final Instant until;
        private final int top;
        private long events;
        private long connections;
        private long tlsConnections;
        private long received;
        private final EnumMap<DeliveryStatus, Long> deliveries = new EnumMap<>(DeliveryStatus.class);
        private final EnumMap<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
        private final Map<String, Long> rejectedClients = new HashMap<>();
        private long authFailures;
        private long authSuccesses;
        private long rateLimitWarnings;
        private final Set<String> deferred = new LinkedHashSet<>();

        private Collector(Instant since, Instant until, int top) {
            if (since != null && until != null && !since.isBefore(until)) {
                throw new IllegalArgumentException("the window is empty: since " + since + " is not before until " + until);
            }
            if (top < 0) {
                throw new IllegalArgumentException("topClients must not be negative: " + top);
            }
            this.since = since;
            this.until = until;
            this.top = top;
        }

        /** @param e the next event of the log; events outside the window are skipped */
        @Override
        public void accept(MailEvent e) {
            Objects.requireNonNull(e, "event");
            if (since != null && e.timestamp().isBefore(since) || until != null && !e.timestamp().isBefore(until)) {
                return;
            }
            events++;
            switch (e.kind()) {
                case CONNECT:
                    connections++;
                    break;
                case TLS_ESTABLISHED:
                    tlsConnections++;
                    break;
                case MESSAGE_RECEIVED:
                    received++;
                    break;
                case DELIVERY:
                    DeliveryStatus s = e.status().orElseThrow();
                    deliveries.merge(s, 1L, Long::sum);
                    String id = e.queueId().orElse("");
                    if (s == DeliveryStatus.DEFERRED) {
                        if (deferred.size() < MAX_DEFERRED) {
                            deferred.add(id);
                        }
                    } else {
                        deferred.remove(id);
                    }
                    break;
                case MESSAGE_EXPIRED:
                    deliveries.merge(DeliveryStatus.EXPIRED, 1L, Long::sum);
                    deferred.remove(e.queueId().orElse(""));
                    break;
                case MESSAGE_REMOVED:
                    deferred.remove(e.queueId().orElse(""));
                    break;
                case REJECT:
                    rejects.merge(e.rejectReason().orElse(RejectReason.OTHER), 1L, Long::sum);
                    e.clientIp().ifPresent(ip -> {
                        if (rejectedClients.containsKey(ip) || rejectedClients.size() < MAX_CLIENTS) {
                            rejectedClients.merge(ip, 1L, Long::sum);
                        }
                    });
                    break;
                case AUTH_FAILURE:
                    authFailures++;
                    break;
                case AUTH_SUCCESS:
                    authSuccesses++;
                    break;
                case RATE_LIMIT:
                    rateLimitWarnings++;
                    break;
                default:
                    break;
            }
        }

        /** @return the report of everything counted so far */
        public MailReport report() {
            return new MailReport(this);
        }
    }
}
