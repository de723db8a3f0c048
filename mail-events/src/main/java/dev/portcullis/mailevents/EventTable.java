package dev.portcullis.mailevents;

import java.util.Locale;

/**
 * Renders events as a fixed-column table for a terminal: time, action, client, queue id, then
 * what the event is about (envelope, TLS, SMTP reply and reason class, delivery status).
 */
public final class EventTable {

    /** The header line matching {@link #row(MailEvent)}. */
    public static final String HEADER = String.format(Locale.ROOT, "%-20s %-24s %-15s %-12s %s",
            "TIME", "ACTION", "CLIENT", "QUEUE ID", "DETAIL");

    private EventTable() {
    }

    /**
     * @param e the event
     * @return its row, one line
     */
    public static String row(MailEvent e) {
        StringBuilder detail = new StringBuilder();
        e.from().ifPresent(f -> detail.append("from=<").append(f).append("> "));
        e.to().ifPresent(t -> detail.append("to=<").append(t).append("> "));
        e.tlsVersion().ifPresent(v -> detail.append(v).append(' ').append(e.tlsCipher().orElse("")).append(' '));
        e.saslMethod().ifPresent(m -> detail.append("sasl ").append(m).append(' ').append(e.saslUser().orElse("")).append(' '));
        e.smtpCode().ifPresent(c -> detail.append(c).append(' '));
        e.enhancedStatus().ifPresent(s -> detail.append(s).append(' '));
        e.rejectReason().ifPresent(r -> detail.append('[').append(r.label()).append("] "));
        e.status().ifPresent(s -> detail.append("status=").append(s.label()).append(' '));
        e.relay().ifPresent(r -> detail.append("relay=").append(r).append(' '));
        e.size().ifPresent(s -> detail.append("size=").append(s).append(' '));
        e.rate().ifPresent(r -> detail.append(e.service().orElse("")).append(" rate=").append(r).append(' '));
        e.messageId().ifPresent(m -> detail.append("message-id=<").append(m).append("> "));
        if (e.kind() == EventKind.REJECT || e.kind() == EventKind.AUTH_FAILURE) {
            e.reason().ifPresent(r -> detail.append("(").append(r).append(')'));
        }
        return String.format(Locale.ROOT, "%-20s %-24s %-15s %-12s %s", e.timestamp(), e.kind().action(),
                e.clientIp().orElse("-"), e.queueId().orElse("-"), detail.toString().trim());
    }
}
