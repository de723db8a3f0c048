package dev.portcullis.mailevents;

/**
 * What a mail log line reports. Each kind has the {@code event.action} it is written with in the
 * Elastic Common Schema, so a dashboard can filter on it.
 */
public enum EventKind {
    /** A client opened an SMTP connection. */
    CONNECT("connection-opened"),
    /** A client's SMTP connection ended (with the per-command counts Postfix logs). */
    DISCONNECT("connection-closed"),
    /** A TLS session was established on a connection (protocol and cipher). */
    TLS_ESTABLISHED("tls-established"),
    /** The server refused a command: the stage, the SMTP reply and a reason class. */
    REJECT("rejected"),
    /** A message entered the queue: from an SMTP client or a local submission. */
    MESSAGE_RECEIVED("message-received"),
    /** The message's Message-ID header, as the cleanup daemon saw it. */
    MESSAGE_ID("message-id"),
    /** The queue manager took the message: envelope sender, size and recipient count. */
    MESSAGE_QUEUED("message-queued"),
    /** One delivery attempt to one recipient: relay, delays, DSN and status. */
    DELIVERY("delivery"),
    /** The message stayed in the queue longer than allowed and was returned to its sender. */
    MESSAGE_EXPIRED("message-expired"),
    /** The message left the queue: every recipient is done with. */
    MESSAGE_REMOVED("message-removed"),
    /** A client authenticated with SASL. */
    AUTH_SUCCESS("authentication-succeeded"),
    /** A client's SASL authentication failed. */
    AUTH_FAILURE("authentication-failed"),
    /** A client went over a connection, message or recipient rate or concurrency limit. */
    RATE_LIMIT("rate-limit-exceeded"),
    /** The connection rate statistics the anvil server logs for the busiest client. */
    RATE_STATISTICS("rate-statistics");

    private final String action;

    EventKind(String action) {
        this.action = action;
    }

    /** @return the ECS {@code event.action} value for this kind */
    public String action() {
        return action;
    }
}
