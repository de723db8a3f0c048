package dev.portcullis.mailevents;

import java.util.Locale;

/**
 * Why the server refused a command, classified from the reply text: what an operator groups
 * rejections by. {@link #OTHER} keeps every reply that fits none of the named classes.
 */
public enum RejectReason {
    /** The client asked to relay to a domain the server does not accept mail for. */
    RELAY_DENIED,
    /** The recipient does not exist here. */
    UNKNOWN_USER,
    /** The client's address is listed by a DNS block list. */
    RBL,
    /** The sender's domain publishes an SPF policy that fails for the client. */
    SPF,
    /** The message is larger than the server accepts. */
    SIZE,
    /** The client went over a rate or concurrency limit. */
    RATE_LIMIT,
    /** The server requires TLS and the client did not start it. */
    TLS_REQUIRED,
    /** Any other refusal. */
    OTHER;

    /**
     * Classifies a reply text as Postfix logs it.
     *
     * @param replyText the SMTP reply after the code, such as {@code "<x@y>: Relay access denied"}
     * @return its class, {@link #OTHER} when it names none
     */
    public static RejectReason classify(String replyText) {
        String t = replyText.toLowerCase(Locale.ROOT);
        if (t.contains("relay access denied")) {
            return RELAY_DENIED;
        }
        if (t.contains("user unknown") || t.contains("unknown user") || t.contains("recipientnotfound")) {
            return UNKNOWN_USER;
        }
        if (t.contains("blocked using")) {
            return RBL;
        }
        if (t.contains("spf")) {
            return SPF;
        }
        if (t.contains("message size exceeds") || t.contains("message too large")) {
            return SIZE;
        }
        if (t.contains("rate limit") || t.contains("too many connections") || t.contains("too many")) {
            return RATE_LIMIT;
        }
        if (t.contains("encryption is required") || t.contains("must issue a starttls") || t.contains("starttls")) {
            return TLS_REQUIRED;
        }
        return OTHER;
    }

    /** @return the value written to the JSON lines, such as {@code relay-denied} */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
