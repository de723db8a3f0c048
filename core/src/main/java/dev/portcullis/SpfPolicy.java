package dev.portcullis;

import java.util.Locale;

/**
 * What a mail server does with the SPF verdict on mail it receives: whether the sending host may
 * send for the envelope sender's domain, as that domain's SPF record says.
 */
public enum SpfPolicy {
    /**
     * Refuses mail whose SPF check fails (the domain's record excludes the client: {@code -all})
     * with a permanent 550 at RCPT; every other verdict is accepted and marked with a
     * {@code Received-SPF} header.
     */
    REJECT_FAIL,
    /** Accepts every message and only marks it with a {@code Received-SPF} header, for filters downstream. */
    MARK_ONLY;

    /** @return the word spec files use: "reject-fail" or "mark-only" */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
