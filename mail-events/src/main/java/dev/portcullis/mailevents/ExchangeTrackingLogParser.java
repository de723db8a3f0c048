package dev.portcullis.mailevents;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Exchange message tracking log entries (the objects {@code Get-MessageTrackingLog} returns,
 * as {@code ConvertTo-Json} writes them) into the same {@link MailEvent}s as the Postfix parser:
 * {@code RECEIVE} → {@link EventKind#MESSAGE_RECEIVED}; {@code SEND} and {@code DELIVER} → a
 * {@link EventKind#DELIVERY} per recipient with status {@code sent}; {@code DEFER} → deferred;
 * {@code FAIL} → bounced, except when a transport agent refused the message in the SMTP session
 * ({@code Source} {@code AGENT}), which is a {@link EventKind#REJECT} with its reason class. Other
 * event ids ({@code EXPAND}, {@code RESOLVE}, {@code SUBMIT}, {@code AGENTINFO}, {@code DSN}, ...)
 * carry nothing the schema reports and yield no event.
 *
 * <p>The queue id is Exchange's {@code InternalMessageId}. Timestamps are read both as ISO 8601
 * (PowerShell 7, or the query's own {@code ToString('o')}) and as {@code /Date(ms)/} (Windows
 * PowerShell 5.1's {@code ConvertTo-Json}).
 *
 * <p>Tested on fixture JSON only: no Exchange server was available to verify it live.
 */
public final class ExchangeTrackingLogParser {

    /** The process name the events carry. */
    public static final String PROCESS = "MSExchangeTransport";

    private ExchangeTrackingLogParser() {
    }

    /**
     * @param entries one entry object, or an array of them (ConvertTo-Json writes a single result without the array)
     * @return the events, in the order of the entries
     * @throws IllegalArgumentException when an entry has no readable {@code Timestamp} or no {@code EventId}
     */
    public static List<MailEvent> parse(JsonNode entries) {
        List<MailEvent> events = new ArrayList<>();
        if (entries == null || entries.isNull() || entries.isMissingNode()) {
            return events;
        }
        if (entries.isArray()) {
            entries.forEach(e -> entry(e, events));
        } else {
            entry(entries, events);
        }
        return events;
    }

    private static void entry(JsonNode e, List<MailEvent> out) {
        String eventId = text(e, "EventId");
        if (eventId == null) {
            throw new IllegalArgumentException("message tracking entry without EventId: " + e);
        }
        Instant when = timestamp(e);
        String source = text(e, "Source");
        String queueId = text(e, "InternalMessageId");
        String client = text(e, "ClientIp");
        String clientName = text(e, "ClientHostname");
        String server = text(e, "ServerHostname");
        String from = text(e, "Sender");
        List<String> recipients = strings(e, "Recipients");
        List<String> statuses = strings(e, "RecipientStatus");
        String messageId = text(e, "MessageId");
        if (messageId != null && messageId.startsWith("<") && messageId.endsWith(">")) {
            messageId = messageId.substring(1, messageId.length() - 1);
        }
        switch (eventId.toUpperCase(Locale.ROOT)) {
            case "RECEIVE":
                MailEvent.Builder b = base(EventKind.MESSAGE_RECEIVED, when, server).queueId(queueId).from(from)
                        .size(e.path("TotalBytes").asLong(-1), e.path("RecipientCount").asInt(-1)).messageId(messageId);
                if (client != null) {
                    b.client(clientName, client);
                }
                out.add(b.build());
                break;
            case "SEND":
            case "DELIVER":
                deliveries(out, when, server, queueId, recipients, statuses, DeliveryStatus.SENT,
                        eventId.equalsIgnoreCase("DELIVER") ? "mailbox" : relay(e));
                break;
            case "DEFER":
                deliveries(out, when, server, queueId, recipients, statuses, DeliveryStatus.DEFERRED, relay(e));
                break;
            case "FAIL":
                if ("AGENT".equalsIgnoreCase(source)) {
                    for (int i = 0; i < Math.max(1, recipients.size()); i++) {
                        String status = i < statuses.size() ? statuses.get(i) : statuses.isEmpty() ? "" : statuses.get(0);
                        Reply r = Reply.of(status);
                        MailEvent.Builder rej = base(EventKind.REJECT, when, server).queueId(queueId).from(from)
                                .to(i < recipients.size() ? recipients.get(i) : null)
                                .reject("RCPT", r.code, r.enhanced, RejectReason.classify(r.text)).reason(r.text);
                        if (client != null) {
                            rej.client(clientName, client);
                        }
                        out.add(rej.build());
                    }
                } else {
                    deliveries(out, when, server, queueId, recipients, statuses, DeliveryStatus.BOUNCED, relay(e));
                }
                break;
            default:
                break;
        }
    }

    private static MailEvent.Builder base(EventKind kind, Instant when, String server) {
        return MailEvent.builder(kind, when).origin(server, PROCESS, -1);
    }

    private static void deliveries(List<MailEvent> out, Instant when, String server, String queueId,
            List<String> recipients, List<String> statuses, DeliveryStatus status, String relay) {
        for (int i = 0; i < recipients.size(); i++) {
            Reply r = Reply.of(i < statuses.size() ? statuses.get(i) : statuses.isEmpty() ? "" : statuses.get(0));
            out.add(base(EventKind.DELIVERY, when, server).queueId(queueId).to(recipients.get(i))
                    .delivery(relay, -1, null, r.enhanced, status).reason(r.text.isEmpty() ? null : r.text).build());
        }
    }

    private static String relay(JsonNode e) {
        String host = text(e, "ServerHostname");
        String ip = text(e, "ServerIp");
        String connector = text(e, "ConnectorId");
        if (ip != null) {
            return (host == null ? "unknown" : host) + "[" + ip + "]";
        }
        return connector;
    }

    private static Instant timestamp(JsonNode e) {
        String t = text(e, "Timestamp");
        if (t == null) {
            throw new IllegalArgumentException("message tracking entry without Timestamp: " + e);
        }
        if (t.startsWith("/Date(") && t.endsWith(")/")) {
            String ms = t.substring(6, t.length() - 2);
            int sign = Math.max(ms.indexOf('+', 1), ms.indexOf('-', 1));
            return Instant.ofEpochMilli(Long.parseLong(sign > 0 ? ms.substring(0, sign) : ms));
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("message tracking entry with an unreadable Timestamp: " + t, ex);
        }
    }

    private static String text(JsonNode e, String field) {
        JsonNode n = e.get(field);
        return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    private static List<String> strings(JsonNode e, String field) {
        JsonNode n = e.get(field);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }

    /** An SMTP reply as Exchange writes it in RecipientStatus: {@code 550 5.1.1 RESOLVER.ADR.RecipNotFound; not found}. */
    private static final class Reply {
        final int code;
        final String enhanced;
        final String text;

        private Reply(int code, String enhanced, String text) {
            this.code = code;
            this.enhanced = enhanced;
            this.text = text;
        }

        static Reply of(String s) {
            String rest = s.trim();
            int code = -1;
            if (rest.length() >= 4 && rest.charAt(3) == ' ' && PostfixLogParser.parseLongOr(rest.substring(0, 3), -1) > 0) {
                code = Integer.parseInt(rest.substring(0, 3));
                rest = rest.substring(4);
            }
            String enhanced = null;
            int sp = rest.indexOf(' ');
            String first = sp < 0 ? rest : rest.substring(0, sp);
            if (first.matches("[245]\\.\\d{1,3}\\.\\d{1,3}")) {
                enhanced = first;
                rest = sp < 0 ? "" : rest.substring(sp + 1);
            }
            return new Reply(code, enhanced, rest);
        }
    }
}
