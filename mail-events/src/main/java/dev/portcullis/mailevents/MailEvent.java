package dev.portcullis.mailevents;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One thing a mail server logged, typed: its {@link EventKind} says which of the optional fields
 * are set (a {@link EventKind#DELIVERY} has a recipient, relay, delays, DSN and status; a
 * {@link EventKind#REJECT} has a stage, SMTP code, enhanced status and {@link RejectReason}).
 * {@link EcsJsonLines} writes it with Elastic Common Schema field names.
 *
 * <p>Immutable; build with {@link #builder(EventKind, Instant)}.
 */
public final class MailEvent {

    private final EventKind kind;
    private final Instant timestamp;
    private final String host;
    private final String process;
    private final long pid;
    private final String queueId;
    private final String clientName;
    private final String clientIp;
    private final String tlsVersion;
    private final String tlsCipher;
    private final String stage;
    private final int smtpCode;
    private final String enhancedStatus;
    private final RejectReason rejectReason;
    private final String reason;
    private final String from;
    private final String to;
    private final long size;
    private final int recipientCount;
    private final String relay;
    private final double delay;
    private final Delays delays;
    private final DeliveryStatus status;
    private final String saslUser;
    private final String saslMethod;
    private final String messageId;
    private final String service;
    private final int rate;

    private MailEvent(Builder b) {
        this.kind = b.kind;
        this.timestamp = b.timestamp;
        this.host = b.host;
        this.process = b.process;
        this.pid = b.pid;
        this.queueId = b.queueId;
        this.clientName = b.clientName;
        this.clientIp = b.clientIp;
        this.tlsVersion = b.tlsVersion;
        this.tlsCipher = b.tlsCipher;
        this.stage = b.stage;
        this.smtpCode = b.smtpCode;
        this.enhancedStatus = b.enhancedStatus;
        this.rejectReason = b.rejectReason;
        this.reason = b.reason;
        this.from = b.from;
        this.to = b.to;
        this.size = b.size;
        this.recipientCount = b.recipientCount;
        this.relay = b.relay;
        this.delay = b.delay;
        this.delays = b.delays;
        this.status = b.status;
        this.saslUser = b.saslUser;
        this.saslMethod = b.saslMethod;
        this.messageId = b.messageId;
        this.service = b.service;
        this.rate = b.rate;
    }

    /**
     * Starts an event.
     *
     * @param kind what happened
     * @param timestamp when the server logged it
     * @return a builder with every optional field unset
     */
    public static Builder builder(EventKind kind, Instant timestamp) {
        return new Builder(kind, timestamp);
    }

    /** @return a builder holding this event's fields, to derive a changed copy */
    public Builder toBuilder() {
        Builder b = new Builder(kind, timestamp);
        b.host = host;
        b.process = process;
        b.pid = pid;
        b.queueId = queueId;
        b.clientName = clientName;
        b.clientIp = clientIp;
        b.tlsVersion = tlsVersion;
        b.tlsCipher = tlsCipher;
        b.stage = stage;
        b.smtpCode = smtpCode;
        b.enhancedStatus = enhancedStatus;
        b.rejectReason = rejectReason;
        b.reason = reason;
        b.from = from;
        b.to = to;
        b.size = size;
        b.recipientCount = recipientCount;
        b.relay = relay;
        b.delay = delay;
        b.delays = delays;
        b.status = status;
        b.saslUser = saslUser;
        b.saslMethod = saslMethod;
        b.messageId = messageId;
        b.service = service;
        b.rate = rate;
        return b;
    }

    /** @return what happened */
    public EventKind kind() {
        return kind;
    }

    /** @return when the server logged it */
    public Instant timestamp() {
        return timestamp;
    }

    /** @return the host name in the log line */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /** @return the logging program, such as {@code postfix/smtpd} */
    public Optional<String> process() {
        return Optional.ofNullable(process);
    }

    /** @return the logging process's id */
    public OptionalLong pid() {
        return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    /** @return the queue id (ECS {@code email.local_id}) the line is about */
    public Optional<String> queueId() {
        return Optional.ofNullable(queueId);
    }

    /** @return the client's reverse DNS name, {@code unknown} when it has none */
    public Optional<String> clientName() {
        return Optional.ofNullable(clientName);
    }

    /** @return the client's IP address (ECS {@code source.ip}) */
    public Optional<String> clientIp() {
        return Optional.ofNullable(clientIp);
    }

    /** @return the TLS protocol as Postfix names it, such as {@code TLSv1.3} */
    public Optional<String> tlsVersion() {
        return Optional.ofNullable(tlsVersion);
    }

    /** @return the TLS cipher, such as {@code TLS_AES_256_GCM_SHA384} */
    public Optional<String> tlsCipher() {
        return Optional.ofNullable(tlsCipher);
    }

    /** @return the SMTP stage a reject happened at: {@code CONNECT}, {@code MAIL}, {@code RCPT}, {@code DATA}... */
    public Optional<String> stage() {
        return Optional.ofNullable(stage);
    }

    /** @return the SMTP reply code of a reject */
    public OptionalInt smtpCode() {
        return smtpCode < 0 ? OptionalInt.empty() : OptionalInt.of(smtpCode);
    }

    /** @return the enhanced status code (RFC 3463) of a reject or a delivery, such as {@code 5.7.1} */
    public Optional<String> enhancedStatus() {
        return Optional.ofNullable(enhancedStatus);
    }

    /** @return the class of a reject's reason */
    public Optional<RejectReason> rejectReason() {
        return Optional.ofNullable(rejectReason);
    }

    /** @return the server's text: a reject's reply, a delivery's status text, a failure's detail */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** @return the envelope sender; empty string for the null sender {@code <>} */
    public Optional<String> from() {
        return Optional.ofNullable(from);
    }

    /** @return the envelope recipient of a delivery or a reject */
    public Optional<String> to() {
        return Optional.ofNullable(to);
    }

    /** @return the message size in bytes */
    public OptionalLong size() {
        return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
    }

    /** @return the number of recipients the queue manager took */
    public OptionalInt recipientCount() {
        return recipientCount < 0 ? OptionalInt.empty() : OptionalInt.of(recipientCount);
    }

    /** @return where a delivery went: {@code local}, {@code none}, {@code mx.example[192.0.2.1]:25} */
    public Optional<String> relay() {
        return Optional.ofNullable(relay);
    }

    /** @return a delivery's total delay in seconds */
    public Optional<Double> delay() {
        return delay < 0 ? Optional.empty() : Optional.of(delay);
    }

    /** @return where a delivery's time went */
    public Optional<Delays> delays() {
        return Optional.ofNullable(delays);
    }

    /** @return how a delivery attempt ended */
    public Optional<DeliveryStatus> status() {
        return Optional.ofNullable(status);
    }

    /** @return the SASL user name of an authentication */
    public Optional<String> saslUser() {
        return Optional.ofNullable(saslUser);
    }

    /** @return the SASL mechanism, such as {@code PLAIN} */
    public Optional<String> saslMethod() {
        return Optional.ofNullable(saslMethod);
    }

    /** @return the message's Message-ID header, without angle brackets */
    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    /** @return the service a rate limit applies to, such as {@code smtp} */
    public Optional<String> service() {
        return Optional.ofNullable(service);
    }

    /** @return a rate limit's count: connections (or messages, recipients) counted in the window */
    public OptionalInt rate() {
        return rate < 0 ? OptionalInt.empty() : OptionalInt.of(rate);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MailEvent)) {
            return false;
        }
        MailEvent e = (MailEvent) o;
        return kind == e.kind && timestamp.equals(e.timestamp) && pid == e.pid && smtpCode == e.smtpCode
                && size == e.size && recipientCount == e.recipientCount && Double.compare(delay, e.delay) == 0
                && rate == e.rate && rejectReason == e.rejectReason && status == e.status
                && Objects.equals(host, e.host) && Objects.equals(process, e.process)
                && Objects.equals(queueId, e.queueId) && Objects.equals(clientName, e.clientName)
                && Objects.equals(clientIp, e.clientIp) && Objects.equals(tlsVersion, e.tlsVersion)
                && Objects.equals(tlsCipher, e.tlsCipher) && Objects.equals(stage, e.stage)
                && Objects.equals(enhancedStatus, e.enhancedStatus) && Objects.equals(reason, e.reason)
                && Objects.equals(from, e.from) && Objects.equals(to, e.to) && Objects.equals(relay, e.relay)
                && Objects.equals(delays, e.delays) && Objects.equals(saslUser, e.saslUser)
                && Objects.equals(saslMethod, e.saslMethod) && Objects.equals(messageId, e.messageId)
                && Objects.equals(service, e.service);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, timestamp, queueId, clientIp, to, status, rejectReason);
    }

    /** @return this event as its ECS JSON line */
    @Override
    public String toString() {
        return EcsJsonLines.toJson(this);
    }

    /** Collects an event's fields; only {@link #build()} makes the immutable event. */
    public static final class Builder {
        private final EventKind kind;
        private final Instant timestamp;
        private String host;
        private String process;
        private long pid = -1;
        private String queueId;
        private String clientName;
        private String clientIp;
        private String tlsVersion;
        private String tlsCipher;
        private String stage;
        private int smtpCode = -1;
        private String enhancedStatus;
        private RejectReason rejectReason;
        private String reason;
        private String from;
        private String to;
        private long size = -1;
        private int recipientCount = -1;
        private String relay;
        private double delay = -1;
        private Delays delays;
        private DeliveryStatus status;
        private String saslUser;
        private String saslMethod;
        private String messageId;
        private String service;
        private int rate = -1;

        private Builder(EventKind kind, Instant timestamp) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        }

        /**
         * @param hostName the host name in the log line
         * @param program the logging program, such as {@code postfix/smtpd}
         * @param processId its process id, or -1 when the line has none
         * @return this builder
         */
        public Builder origin(String hostName, String program, long processId) {
            this.host = hostName;
            this.process = program;
            this.pid = processId;
            return this;
        }

        /**
         * @param id the queue id the line is about
         * @return this builder
         */
        public Builder queueId(String id) {
            this.queueId = id;
            return this;
        }

        /**
         * @param name the client's reverse DNS name ({@code unknown} when it has none)
         * @param ip the client's address
         * @return this builder
         */
        public Builder client(String name, String ip) {
            this.clientName = name;
            this.clientIp = ip;
            return this;
        }

        /**
         * @param version the TLS protocol, such as {@code TLSv1.3}
         * @param cipher the cipher suite
         * @return this builder
         */
        public Builder tls(String version, String cipher) {
            this.tlsVersion = version;
            this.tlsCipher = cipher;
            return this;
        }

        /**
         * @param smtpStage the SMTP stage of the reject, such as {@code RCPT}
         * @param code the SMTP reply code
         * @param enhanced the enhanced status code, or null when the reply has none
         * @param reasonClass what kind of refusal it is
         * @return this builder
         */
        public Builder reject(String smtpStage, int code, String enhanced, RejectReason reasonClass) {
            this.stage = smtpStage;
            this.smtpCode = code;
            this.enhancedStatus = enhanced;
            this.rejectReason = reasonClass;
            return this;
        }

        /**
         * @param text the server's text (reply, status detail)
         * @return this builder
         */
        public Builder reason(String text) {
            this.reason = text;
            return this;
        }

        /**
         * @param sender the envelope sender, empty for the null sender
         * @return this builder
         */
        public Builder from(String sender) {
            this.from = sender;
            return this;
        }

        /**
         * @param recipient the envelope recipient
         * @return this builder
         */
        public Builder to(String recipient) {
            this.to = recipient;
            return this;
        }

        /**
         * @param bytes the message size
         * @param recipients the number of recipients, or -1 when not logged
         * @return this builder
         */
        public Builder size(long bytes, int recipients) {
            this.size = bytes;
            this.recipientCount = recipients;
            return this;
        }

        /**
         * @param via where the delivery went
         * @param totalSeconds the total delay, or -1 when not logged
         * @param breakdown where the time went, or null when not logged
         * @param dsn the enhanced status code of the delivery
         * @param outcome how the attempt ended
         * @return this builder
         */
        public Builder delivery(String via, double totalSeconds, Delays breakdown, String dsn, DeliveryStatus outcome) {
            this.relay = via;
            this.delay = totalSeconds;
            this.delays = breakdown;
            this.enhancedStatus = dsn;
            this.status = outcome;
            return this;
        }

        /**
         * @param user the SASL user name, or null when the log does not name it
         * @param method the SASL mechanism
         * @return this builder
         */
        public Builder sasl(String user, String method) {
            this.saslUser = user;
            this.saslMethod = method;
            return this;
        }

        /**
         * @param id the Message-ID header without angle brackets
         * @return this builder
         */
        public Builder messageId(String id) {
            this.messageId = id;
            return this;
        }

        /**
         * @param serviceName the service the limit applies to
         * @param count what was counted in the window
         * @return this builder
         */
        public Builder rate(String serviceName, int count) {
            this.service = serviceName;
            this.rate = count;
            return this;
        }

        /** @return the immutable event */
        public MailEvent build() {
            return new MailEvent(this);
        }
    }
}
