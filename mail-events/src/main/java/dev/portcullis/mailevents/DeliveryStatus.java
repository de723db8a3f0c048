package dev.portcullis.mailevents;

import java.util.Locale;
import java.util.Optional;

/** How one delivery attempt to one recipient ended, as the delivery agent logs it. */
public enum DeliveryStatus {
    /** Delivered (to a mailbox, a relay or a program). */
    SENT,
    /** Failed for now; the message stays queued and is tried again. */
    DEFERRED,
    /** Failed for good; a non-delivery notification goes to the sender. */
    BOUNCED,
    /** Gave up after the maximal queue lifetime; returned to the sender. */
    EXPIRED;

    /**
     * @param word the {@code status=} word Postfix logs
     * @return the status, or empty for words this library does not know (such as {@code undeliverable})
     */
    public static Optional<DeliveryStatus> fromLogWord(String word) {
        switch (word) {
            case "sent": return Optional.of(SENT);
            case "deferred": return Optional.of(DEFERRED);
            case "bounced": return Optional.of(BOUNCED);
            case "expired": return Optional.of(EXPIRED);
            default: return Optional.empty();
        }
    }

    /** @return the word Postfix logs and the JSON lines carry, such as {@code sent} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
