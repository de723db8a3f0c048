package dev.portcullis.mailevents;

import java.util.Locale;

/** How a message's stay in the queue ended, as far as the log tells. */
public enum MessageOutcome {
    /** Every recipient was delivered. */
    DELIVERED,
    /** At least one recipient bounced (the others, if any, were delivered). */
    BOUNCED,
    /** The message expired in the queue and was returned to its sender. */
    EXPIRED,
    /** The server refused it after the queue file was started (too large at DATA, a header or body check). */
    REJECTED,
    /** Still queued after a deferred attempt when the record was evicted or the log ended. */
    DEFERRED,
    /** The log does not tell (the record was evicted or the log ended before any delivery). */
    UNKNOWN;

    /** @return the value the JSON carries, such as {@code delivered} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
