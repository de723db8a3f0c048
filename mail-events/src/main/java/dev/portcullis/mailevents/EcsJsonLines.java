package dev.portcullis.mailevents;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes {@link MailEvent}s as JSON lines with Elastic Common Schema (ECS 8.x) field names, so that
 * Filebeat, Logstash or Elasticsearch take them unchanged: {@code @timestamp}, {@code event.*},
 * {@code source.ip}, {@code tls.version}, {@code email.local_id} (the queue id),
 * {@code email.from.address}, {@code email.to.address}, {@code email.message_id}, {@code user.name},
 * {@code host.hostname}, {@code process.*}. What ECS has no field for (SMTP stage and code, reject
 * class, delays, size, rate counts) goes under the custom {@code mail.*} object, as ECS asks of
 * custom fields.
 */
public final class EcsJsonLines {

    private static final JsonFactory FACTORY = new JsonFactory();

    private EcsJsonLines() {
    }

    /**
     * @param event the event
     * @return its JSON object on one line, without a line terminator
     */
    public static String toJson(MailEvent event) {
        StringWriter out = new StringWriter(256);
        write(event, out);
        return out.toString();
    }

    /**
     * Writes one event as one JSON object (no line terminator).
     *
     * @param event the event
     * @param out where to write
     * @throws UncheckedIOException when the writer fails
     */
    public static void write(MailEvent event, Writer out) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("@timestamp", event.timestamp().toString());
            writeEvent(event, g);
            if (event.host().isPresent()) {
                g.writeObjectFieldStart("host");
                g.writeStringField("hostname", event.host().get());
                g.writeEndObject();
            }
            if (event.process().isPresent()) {
                g.writeObjectFieldStart("process");
                g.writeStringField("name", event.process().get());
                if (event.pid().isPresent()) {
                    g.writeNumberField("pid", event.pid().getAsLong());
                }
                g.writeEndObject();
            }
            if (event.clientIp().isPresent()) {
                g.writeObjectFieldStart("source");
                g.writeStringField("ip", event.clientIp().get());
                if (event.clientName().filter(n -> !n.equals("unknown")).isPresent()) {
                    g.writeStringField("domain", event.clientName().get());
                }
                g.writeEndObject();
            }
            if (event.tlsVersion().isPresent()) {
                g.writeObjectFieldStart("tls");
                String v = event.tlsVersion().get();
                g.writeStringField("version", v.startsWith("TLSv") ? v.substring(4) : v);
                g.writeStringField("version_protocol", v.startsWith("TLS") ? "tls" : v.startsWith("SSL") ? "ssl" : v);
                if (event.tlsCipher().isPresent()) {
                    g.writeStringField("cipher", event.tlsCipher().get());
                }
                g.writeEndObject();
            }
            writeEmail(event, g);
            if (event.saslUser().isPresent()) {
                g.writeObjectFieldStart("user");
                g.writeStringField("name", event.saslUser().get());
                g.writeEndObject();
            }
            writeMail(event, g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeEvent(MailEvent e, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("event");
        g.writeStringField("kind", "event");
        g.writeArrayFieldStart("category");
        g.writeString("email");
        switch (e.kind()) {
            case CONNECT: case DISCONNECT: case TLS_ESTABLISHED: case RATE_LIMIT: case RATE_STATISTICS:
                g.writeString("network");
                break;
            case AUTH_SUCCESS: case AUTH_FAILURE:
                g.writeString("authentication");
                break;
            default:
                break;
        }
        g.writeEndArray();
        g.writeArrayFieldStart("type");
        g.writeString(type(e.kind()));
        g.writeEndArray();
        g.writeStringField("action", e.kind().action());
        String outcome = outcome(e);
        if (outcome != null) {
            g.writeStringField("outcome", outcome);
        }
        if (e.reason().isPresent()) {
            g.writeStringField("reason", e.reason().get());
        }
        g.writeStringField("module", moduleOf(e));
        g.writeEndObject();
    }

    private static String moduleOf(MailEvent e) {
        return e.process().map(p -> p.startsWith("postfix") ? "postfix" : p.startsWith("MSExchange") ? "exchange" : p)
                .orElse("mail");
    }

    private static String type(EventKind kind) {
        switch (kind) {
            case CONNECT: return "start";
            case DISCONNECT: return "end";
            case REJECT: case RATE_LIMIT: return "denied";
            case TLS_ESTABLISHED: return "protocol";
            case AUTH_SUCCESS: return "allowed";
            case AUTH_FAILURE: return "denied";
            case MESSAGE_RECEIVED: case MESSAGE_QUEUED: return "creation";
            case MESSAGE_REMOVED: return "deletion";
            default: return "info";
        }
    }

    private static String outcome(MailEvent e) {
        switch (e.kind()) {
            case REJECT: case AUTH_FAILURE: case RATE_LIMIT: case MESSAGE_EXPIRED:
                return "failure";
            case AUTH_SUCCESS: case MESSAGE_RECEIVED: case TLS_ESTABLISHED:
                return "success";
            case DELIVERY:
                DeliveryStatus s = e.status().orElse(null);
                return s == DeliveryStatus.SENT ? "success" : s == DeliveryStatus.DEFERRED ? "unknown" : "failure";
            default:
                return null;
        }
    }

    private static void writeEmail(MailEvent e, JsonGenerator g) throws IOException {
        if (e.queueId().isEmpty() && e.from().isEmpty() && e.to().isEmpty() && e.messageId().isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("email");
        if (e.queueId().isPresent()) {
            g.writeStringField("local_id", e.queueId().get());
        }
        if (e.messageId().isPresent()) {
            g.writeStringField("message_id", e.messageId().get());
        }
        if (e.from().isPresent()) {
            g.writeObjectFieldStart("from");
            g.writeArrayFieldStart("address");
            g.writeString(e.from().get());
            g.writeEndArray();
            g.writeEndObject();
        }
        if (e.to().isPresent()) {
            g.writeObjectFieldStart("to");
            g.writeArrayFieldStart("address");
            g.writeString(e.to().get());
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** The custom fields: what ECS has no name for. */
    private static void writeMail(MailEvent e, JsonGenerator g) throws IOException {
        boolean any = e.stage().isPresent() || e.smtpCode().isPresent() || e.enhancedStatus().isPresent()
                || e.rejectReason().isPresent() || e.size().isPresent() || e.recipientCount().isPresent()
                || e.relay().isPresent() || e.delay().isPresent() || e.delays().isPresent() || e.status().isPresent()
                || e.saslMethod().isPresent() || e.service().isPresent() || e.rate().isPresent();
        if (!any) {
            return;
        }
        g.writeObjectFieldStart("mail");
        if (e.stage().isPresent()) {
            g.writeStringField("smtp_stage", e.stage().get());
        }
        if (e.smtpCode().isPresent()) {
            g.writeNumberField("smtp_code", e.smtpCode().getAsInt());
        }
        if (e.enhancedStatus().isPresent()) {
            g.writeStringField("enhanced_status", e.enhancedStatus().get());
        }
        if (e.rejectReason().isPresent()) {
            g.writeStringField("reject_reason", e.rejectReason().get().label());
        }
        if (e.size().isPresent()) {
            g.writeNumberField("size", e.size().getAsLong());
        }
        if (e.recipientCount().isPresent()) {
            g.writeNumberField("nrcpt", e.recipientCount().getAsInt());
        }
        if (e.relay().isPresent()) {
            g.writeStringField("relay", e.relay().get());
        }
        if (e.delay().isPresent()) {
            g.writeNumberField("delay", e.delay().get());
        }
        if (e.delays().isPresent()) {
            Delays d = e.delays().get();
            g.writeObjectFieldStart("delays");
            g.writeNumberField("before_queue_manager", d.beforeQueueManager());
            g.writeNumberField("in_queue_manager", d.inQueueManager());
            g.writeNumberField("connection_setup", d.connectionSetup());
            g.writeNumberField("transmission", d.transmission());
            g.writeEndObject();
        }
        if (e.status().isPresent()) {
            g.writeStringField("status", e.status().get().label());
        }
        if (e.saslMethod().isPresent()) {
            g.writeStringField("sasl_method", e.saslMethod().get());
        }
        if (e.service().isPresent()) {
            g.writeStringField("service", e.service().get());
        }
        if (e.rate().isPresent()) {
            g.writeNumberField("rate", e.rate().getAsInt());
        }
        g.writeEndObject();
    }
}
