package dev.portcullis.mailevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads Postfix log lines into {@link MailEvent}s. Three line forms are understood, line by line,
 * so one reader can be fed a mixed stream:
 * <ul>
 *   <li>classic syslog and Postfix's own {@code maillog_file}: {@code Nov 30 14:37:21 host postfix/smtpd[181]: ...}
 *       (the year is not logged: the parser takes the year that puts the line at most one day after
 *       its reference clock, so a December line read in January lands in the previous year);</li>
 *   <li>RFC 3339 syslog (rsyslog's default on Debian 12): {@code 2026-11-30T14:37:21.123456+00:00 host postfix/smtpd[181]: ...};</li>
 *   <li>{@code journalctl -o json}: one JSON object per line with {@code MESSAGE}, {@code SYSLOG_IDENTIFIER},
 *       {@code _PID}, {@code _HOSTNAME} and {@code __REALTIME_TIMESTAMP}.</li>
 * </ul>
 * Lines of other programs and Postfix lines that report nothing of the kinds in {@link EventKind}
 * yield no event. One line can yield two events: a queue line with {@code sasl_username} is both
 * an {@link EventKind#AUTH_SUCCESS} and a {@link EventKind#MESSAGE_RECEIVED}.
 *
 * <p>Not thread-safe (it caches the last timestamp it decoded); use one parser per stream.
 */
public final class PostfixLogParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private final ZoneId zone;
    private final Clock clock;
    private String cachedStamp = "";
    private Instant cachedInstant;

    private PostfixLogParser(ZoneId zone, Clock clock) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A parser for lines logged on a host in the given time zone.
     *
     * @param hostZone the host's time zone: classic syslog lines carry local time without a zone
     * @param reference tells the current date, from which classic lines (without a year) get theirs
     * @return the parser
     */
    public static PostfixLogParser create(ZoneId hostZone, Clock reference) {
        return new PostfixLogParser(hostZone, reference);
    }

    /** @return a parser for lines logged in UTC, dated by the system clock */
    public static PostfixLogParser utc() {
        return create(ZoneId.of("UTC"), Clock.systemUTC());
    }

    /**
     * Parses one line.
     *
     * @param line a log line without its line terminator
     * @return its events, in the order they happened; empty for lines that report none
     */
    public List<MailEvent> parse(String line) {
        List<MailEvent> events = new ArrayList<>(2);
        parse(line, events::add);
        return events;
    }

    /**
     * Parses every line a reader gives.
     *
     * @param reader the log, read to its end (not closed)
     * @param sink receives the events in log order
     * @return the number of lines read
     * @throws UncheckedIOException when the reader fails
     */
    public long parseAll(BufferedReader reader, Consumer<MailEvent> sink) {
        long lines = 0;
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                parse(line, sink);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /**
     * Parses one line into a sink.
     *
     * @param line a log line without its line terminator
     * @param sink receives the line's events, if any
     */
    public void parse(String line, Consumer<MailEvent> sink) {
        if (line.isEmpty()) {
            return;
        }
        if (line.charAt(0) == '{') {
            parseJournal(line, sink);
            return;
        }
        int afterStamp;
        Instant when;
        try {
            if (Character.isDigit(line.charAt(0))) {
                afterStamp = line.indexOf(' ');
                if (afterStamp < 0) {
                    return;
                }
                when = OffsetDateTime.parse(line.substring(0, afterStamp)).toInstant();
            } else {
                if (line.length() < 16 || line.charAt(15) != ' ') {
                    return;
                }
                afterStamp = 15;
                when = classicTimestamp(line);
                if (when == null) {
                    return;
                }
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return;
        }
        int hostEnd = line.indexOf(' ', afterStamp + 1);
        if (hostEnd < 0) {
            return;
        }
        int tagEnd = line.indexOf(": ", hostEnd + 1);
        if (tagEnd < 0 || !line.startsWith("postfix", hostEnd + 1)) {
            return;
        }
        String host = line.substring(afterStamp + 1, hostEnd);
        String tag = line.substring(hostEnd + 1, tagEnd);
        long pid = -1;
        int bracket = tag.indexOf('[');
        if (bracket > 0 && tag.endsWith("]")) {
            pid = parseLongOr(tag.substring(bracket + 1, tag.length() - 1), -1);
            tag = tag.substring(0, bracket);
        }
        new LineReader(when, host, tag, pid, line.substring(tagEnd + 2), sink).read();
    }

    private void parseJournal(String line, Consumer<MailEvent> sink) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            return;
        }
        JsonNode message = n.get("MESSAGE");
        String tag = n.path("SYSLOG_IDENTIFIER").asText("");
        if (message == null || !message.isTextual() || !tag.startsWith("postfix")) {
            return;
        }
        long micros = parseLongOr(n.path("__REALTIME_TIMESTAMP").asText(""), -1);
        if (micros < 0) {
            return;
        }
        Instant when = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
        long pid = parseLongOr(n.path("SYSLOG_PID").asText(n.path("_PID").asText("")), -1);
        new LineReader(when, n.path("_HOSTNAME").asText(null), tag, pid, message.asText(), sink).read();
    }

    /** {@code Nov 30 14:37:21}: cached, since a busy log repeats the same second many times. */
    private Instant classicTimestamp(String line) {
        if (cachedInstant != null && line.startsWith(cachedStamp)) {
            return cachedInstant;
        }
        String stamp = line.substring(0, 15);
        int month = -1;
        for (int i = 0; i < 12; i++) {
            if (stamp.startsWith(MONTHS[i])) {
                month = i + 1;
                break;
            }
        }
        if (month < 0) {
            return null;
        }
        int day = Integer.parseInt(stamp.substring(4, 6).trim());
        int hour = Integer.parseInt(stamp.substring(7, 9));
        int minute = Integer.parseInt(stamp.substring(10, 12));
        int second = Integer.parseInt(stamp.substring(13, 15));
        LocalDate today = LocalDate.now(clock.withZone(zone));
        int year = today.getYear();
        if (LocalDate.of(year, month, Math.min(day, 28)).isAfter(today.plusDays(1))) {
            year--;
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second);
        cachedStamp = stamp;
        cachedInstant = local.atZone(zone).toInstant();
        return cachedInstant;
    }

    static long parseLongOr(String s, long fallback) {
        if (s.isEmpty() || s.length() > 18) {
            return fallback;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return fallback;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The message part of one line, read according to the daemon that logged it. */
    private static final class LineReader {
        private final Instant when;
        private final String host;
        private final String tag;
        private final long pid;
        private final String msg;
        private final Consumer<MailEvent> sink;

        LineReader(Instant when, String host, String tag, long pid, String msg, Consumer<MailEvent> sink) {
            this.when = when;
            this.host = host;
            this.tag = tag;
            this.pid = pid;
            this.msg = msg;
            this.sink = sink;
        }

        private MailEvent.Builder event(EventKind kind) {
            return MailEvent.builder(kind, when).origin(host, tag, pid);
        }

        void read() {
            String daemon = tag.substring(tag.lastIndexOf('/') + 1);
            switch (daemon) {
                case "smtpd":
                    smtpd();
                    break;
                case "anvil":
                    anvil();
                    break;
                default:
                    queueLine(daemon);
            }
        }

        private void smtpd() {
            if (msg.startsWith("connect from ")) {
                String[] c = client(msg, 13);
                if (c != null) {
                    sink.accept(event(EventKind.CONNECT).client(c[0], c[1]).build());
                }
            } else if (msg.startsWith("disconnect from ")) {
                String[] c = client(msg, 16);
                if (c != null) {
                    int stats = msg.indexOf(' ', msg.indexOf(']', 16));
                    sink.accept(event(EventKind.DISCONNECT).client(c[0], c[1])
                            .reason(stats < 0 ? null : msg.substring(stats + 1)).build());
                }
            } else if (msg.startsWith("warning: ")) {
                smtpdWarning();
            } else {
                int tlsAt = msg.indexOf(" TLS connection established from ");
                if (tlsAt >= 0) {
                    tls(tlsAt + 33);
                    return;
                }
                int colon = msg.indexOf(": ");
                if (colon > 0 && msg.startsWith("reject: ", colon + 2)) {
                    reject(colon == 7 && msg.startsWith("NOQUEUE") ? null : msg.substring(0, colon), colon + 10);
                } else if (colon > 0 && msg.startsWith("client=", colon + 2)) {
                    received(msg.substring(0, colon), colon + 9);
                }
            }
        }

        private void tls(int clientAt) {
            String[] c = client(msg, clientAt);
            int proto = msg.indexOf("]: ", clientAt);
            if (c == null || proto < 0) {
                return;
            }
            int with = msg.indexOf(" with cipher ", proto);
            String version = with < 0 ? msg.substring(proto + 3) : msg.substring(proto + 3, with);
            String cipher = null;
            if (with >= 0) {
                int end = msg.indexOf(' ', with + 13);
                cipher = end < 0 ? msg.substring(with + 13) : msg.substring(with + 13, end);
            }
            sink.accept(event(EventKind.TLS_ESTABLISHED).client(c[0], c[1]).tls(version, cipher).build());
        }

        /** {@code RCPT from name[ip]: 454 4.7.1 <x>: Relay access denied; from=<a> to=<b> proto=ESMTP helo=<h>} */
        private void reject(String queueId, int at) {
            int space = msg.indexOf(' ', at);
            if (space < 0 || !msg.startsWith("from ", space + 1)) {
                return;
            }
            String stage = msg.substring(at, space);
            String[] c = client(msg, space + 6);
            int reply = msg.indexOf("]: ", space);
            if (c == null || reply < 0) {
                return;
            }
            int textAt = reply + 3;
            int code = -1;
            if (msg.length() >= textAt + 4 && msg.charAt(textAt + 3) == ' ') {
                code = (int) parseLongOr(msg.substring(textAt, textAt + 3), -1);
                textAt += 4;
            }
            String enhanced = null;
            int sp = msg.indexOf(' ', textAt);
            if (sp > textAt && isEnhancedStatus(msg.substring(textAt, sp))) {
                enhanced = msg.substring(textAt, sp);
                textAt = sp + 1;
            }
            int envelope = msg.lastIndexOf("; from=<");
            String text = envelope > textAt ? msg.substring(textAt, envelope) : msg.substring(textAt);
            MailEvent.Builder b = event(EventKind.REJECT).queueId(queueId).client(c[0], c[1])
                    .reject(stage, code, enhanced, RejectReason.classify(text)).reason(text);
            if (envelope > 0) {
                b.from(angle(msg, envelope + 7)).to(angle(msg, msg.indexOf(" to=<", envelope) + 4));
            }
            sink.accept(b.build());
        }

        /** {@code QID: client=name[ip]} optionally followed by {@code , sasl_method=PLAIN, sasl_username=alice}. */
        private void received(String queueId, int at) {
            String[] c = client(msg, at);
            if (c == null) {
                return;
            }
            String method = keyValue(msg, "sasl_method=", ",");
            String user = keyValue(msg, "sasl_username=", ",");
            if (method != null) {
                sink.accept(event(EventKind.AUTH_SUCCESS).queueId(queueId).client(c[0], c[1]).sasl(user, method).build());
            }
            MailEvent.Builder b = event(EventKind.MESSAGE_RECEIVED).queueId(queueId).client(c[0], c[1]);
            if (method != null) {
                b.sasl(user, method);
            }
            sink.accept(b.build());
        }

        private void smtpdWarning() {
            int sasl = msg.indexOf(": SASL ");
            if (sasl > 0 && msg.indexOf(" authentication failed", sasl) > 0) {
                String[] c = client(msg, 9);
                int mechEnd = msg.indexOf(' ', sasl + 7);
                int detail = msg.indexOf("failed: ", sasl);
                String reason = detail < 0 ? null : msg.substring(detail + 8);
                String user = keyValue(msg, "sasl_username=", ",");
                if (reason != null && reason.contains(", sasl_username=")) {
                    reason = reason.substring(0, reason.indexOf(", sasl_username="));
                }
                if (c != null) {
                    sink.accept(event(EventKind.AUTH_FAILURE).client(c[0], c[1])
                            .sasl(user, msg.substring(sasl + 7, mechEnd)).reason(reason).build());
                }
                return;
            }
            int limit = msg.indexOf(" limit exceeded: ");
            if (limit > 0) {
                int countEnd = msg.indexOf(" from ", limit);
                String[] c = countEnd < 0 ? null : client(msg, countEnd + 6);
                int service = msg.indexOf(" for service ", limit);
                if (c != null) {
                    sink.accept(event(EventKind.RATE_LIMIT).client(c[0], c[1])
                            .rate(service < 0 ? null : msg.substring(service + 13),
                                    (int) parseLongOr(msg.substring(limit + 17, countEnd), -1))
                            .reason(msg.substring(9, limit + 15)).build());
                }
                return;
            }
            int sizeAt = msg.indexOf(": queue file size limit exceeded");
            if (sizeAt > 9) {
                sink.accept(event(EventKind.REJECT).queueId(msg.substring(9, sizeAt))
                        .reject("DATA", -1, null, RejectReason.SIZE).reason("queue file size limit exceeded").build());
            }
        }

        /** {@code statistics: max connection rate 6/60s for (smtp:172.19.0.3) at Nov 30 14:37:29} */
        private void anvil() {
            String prefix = "statistics: max ";
            if (!msg.startsWith(prefix) || !msg.contains(" rate ")) {
                return;
            }
            int rateAt = msg.indexOf(" rate ") + 6;
            int slash = msg.indexOf('/', rateAt);
            int open = msg.indexOf(" for (", rateAt);
            int colon = open < 0 ? -1 : msg.indexOf(':', open);
            int close = msg.indexOf(')', Math.max(colon, 0));
            if (slash < 0 || open < 0 || colon < 0 || close < 0) {
                return;
            }
            sink.accept(event(EventKind.RATE_STATISTICS)
                    .client(null, msg.substring(colon + 1, close))
                    .rate(msg.substring(open + 6, colon), (int) parseLongOr(msg.substring(rateAt, slash), -1))
                    .reason(msg.substring(prefix.length(), msg.indexOf(" for (")))
                    .build());
        }

        /** Lines of the queue manager, pickup, cleanup and the delivery agents: {@code QID: ...}. */
        private void queueLine(String daemon) {
            int colon = msg.indexOf(": ");
            if (colon < 5 || !isQueueId(msg, colon)) {
                return;
            }
            String queueId = msg.substring(0, colon);
            int at = colon + 2;
            if (msg.startsWith("to=<", at)) {
                delivery(queueId, at);
            } else if (daemon.equals("qmgr")) {
                if (msg.startsWith("removed", at)) {
                    sink.accept(event(EventKind.MESSAGE_REMOVED).queueId(queueId).build());
                } else if (msg.startsWith("from=<", at)) {
                    String from = angle(msg, at + 5);
                    if (msg.indexOf(", status=expired", at) > 0) {
                        sink.accept(event(EventKind.MESSAGE_EXPIRED).queueId(queueId).from(from)
                                .delivery(null, -1, null, null, DeliveryStatus.EXPIRED).build());
                    } else {
                        String size = keyValue(msg, "size=", ",");
                        String nrcpt = keyValue(msg, "nrcpt=", " ");
                        sink.accept(event(EventKind.MESSAGE_QUEUED).queueId(queueId).from(from)
                                .size(size == null ? -1 : parseLongOr(size, -1), nrcpt == null ? -1 : (int) parseLongOr(nrcpt, -1))
                                .build());
                    }
                }
            } else if (daemon.equals("pickup") && msg.startsWith("uid=", at)) {
                int from = msg.indexOf("from=<", at);
                sink.accept(event(EventKind.MESSAGE_RECEIVED).queueId(queueId)
                        .from(from < 0 ? null : angle(msg, from + 5)).build());
            } else if (daemon.equals("cleanup")) {
                if (msg.startsWith("message-id=", at)) {
                    String id = msg.substring(at + 11);
                    if (id.startsWith("<") && id.endsWith(">")) {
                        id = id.substring(1, id.length() - 1);
                    }
                    sink.accept(event(EventKind.MESSAGE_ID).queueId(queueId).messageId(id).build());
                } else if (msg.startsWith("reject: ", at)) {
                    cleanupReject(queueId, at + 8);
                }
            }
        }

        /** {@code reject: header Subject: x from name[ip]; from=<a> to=<b> proto=ESMTP helo=<h>: 5.7.1 text} */
        private void cleanupReject(String queueId, int at) {
            int space = msg.indexOf(' ', at);
            int fromClient = msg.lastIndexOf(" from ", msg.indexOf("; from=<", at) < 0 ? msg.length() : msg.indexOf("; from=<", at));
            int envelope = msg.indexOf("; from=<", at);
            int reply = msg.indexOf(">: ", Math.max(envelope, at));
            if (space < 0 || envelope < 0 || reply < 0) {
                return;
            }
            String[] c = fromClient < 0 ? null : client(msg, fromClient + 6);
            String text = msg.substring(reply + 3);
            String enhanced = null;
            int sp = text.indexOf(' ');
            if (sp > 0 && isEnhancedStatus(text.substring(0, sp))) {
                enhanced = text.substring(0, sp);
                text = text.substring(sp + 1);
            }
            MailEvent.Builder b = event(EventKind.REJECT).queueId(queueId)
                    .reject(msg.substring(at, space).toUpperCase(java.util.Locale.ROOT), -1, enhanced, RejectReason.classify(text))
                    .reason(text).from(angle(msg, envelope + 7)).to(angle(msg, msg.indexOf(" to=<", envelope) + 4));
            if (c != null) {
                b.client(c[0], c[1]);
            }
            sink.accept(b.build());
        }

        /** {@code to=<r>, [orig_to=<o>,] relay=local, delay=1.7, delays=1.5/0.14/0/0.01, dsn=2.0.0, status=sent (text)} */
        private void delivery(String queueId, int at) {
            String to = angle(msg, at + 3);
            int statusAt = msg.indexOf(", status=", at);
            if (statusAt < 0) {
                return;
            }
            int wordEnd = msg.indexOf(' ', statusAt + 9);
            String word = wordEnd < 0 ? msg.substring(statusAt + 9) : msg.substring(statusAt + 9, wordEnd);
            DeliveryStatus status = DeliveryStatus.fromLogWord(word).orElse(null);
            if (status == null) {
                return;
            }
            String text = null;
            if (wordEnd > 0 && msg.startsWith("(", wordEnd + 1) && msg.endsWith(")")) {
                text = msg.substring(wordEnd + 2, msg.length() - 1);
            }
            String head = msg.substring(at, statusAt + 1);
            String delay = keyValue(head, "delay=", ",");
            String delays = keyValue(head, "delays=", ",");
            Delays breakdown = null;
            try {
                breakdown = delays == null ? null : Delays.parse(delays);
            } catch (IllegalArgumentException e) {
                // an unexpected form: the delivery still counts, without its breakdown
            }
            double total = -1;
            try {
                total = delay == null ? -1 : Double.parseDouble(delay);
            } catch (NumberFormatException e) {
                // as above
            }
            sink.accept(event(EventKind.DELIVERY).queueId(queueId).to(to)
                    .delivery(keyValue(head, "relay=", ","), total, breakdown, keyValue(head, "dsn=", ","), status)
                    .reason(text).build());
        }
    }

    /** {@code name[ip]} (optionally {@code :port}) starting at {@code at}: {name, ip}, or null. */
    static String[] client(String s, int at) {
        int open = s.indexOf('[', at);
        int close = open < 0 ? -1 : s.indexOf(']', open);
        if (open < 0 || close < 0) {
            return null;
        }
        return new String[] {s.substring(at, open), s.substring(open + 1, close)};
    }

    /** The address between {@code <} at {@code at} and the next {@code >}; null when there is none. */
    static String angle(String s, int at) {
        if (at < 0 || at >= s.length() || s.charAt(at) != '<') {
            return null;
        }
        int close = s.indexOf('>', at);
        return close < 0 ? null : s.substring(at + 1, close);
    }

    /** The value after {@code key} up to {@code end} (or the end of the text); null when the key is absent. */
    static String keyValue(String s, String key, String end) {
        int at = s.indexOf(key);
        // "delay=" must not match inside "xdelay=": the key starts the text or follows a separator
        while (at > 0 && (Character.isLetterOrDigit(s.charAt(at - 1)) || s.charAt(at - 1) == '_')) {
            at = s.indexOf(key, at + 1);
        }
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        int stop = s.indexOf(end, from);
        return stop < 0 ? s.substring(from) : s.substring(from, stop);
    }

    private static boolean isEnhancedStatus(String s) {
        return s.length() >= 5 && (s.charAt(0) == '2' || s.charAt(0) == '4' || s.charAt(0) == '5') && s.charAt(1) == '.'
                && s.chars().allMatch(ch -> ch == '.' || (ch >= '0' && ch <= '9'));
    }

    private static boolean isQueueId(String s, int end) {
        for (int i = 0; i < end; i++) {
            if (!Character.isLetterOrDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
