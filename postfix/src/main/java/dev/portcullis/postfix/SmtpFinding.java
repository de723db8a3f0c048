package dev.portcullis.postfix;

import java.util.Objects;

/**
 * One observation of the SMTP probe: what was checked, whether it held, and what was seen.
 *
 * @param status passed, failed, or not checked (with the reason in {@code detail})
 * @param check what was checked ("port 25: EHLO advertises STARTTLS")
 * @param detail what was seen (the server's reply, the negotiated protocol...)
 */
public record SmtpFinding(Status status, String check, String detail) {

    /** Outcome of one check. */
    public enum Status {
        /** The server behaved as the spec says. */
        PASS,
        /** It did not. */
        FAIL,
        /** Not checked, with the reason (for example: the probe runs inside mynetworks). */
        SKIP
    }

    /**
     * Refuses a missing part (an empty {@code detail} is fine).
     *
     * @param status passed, failed, or not checked
     * @param check what was checked
     * @param detail what was seen, or why it was not checked
     */
    public SmtpFinding {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return status + " " + check + (detail.isEmpty() ? "" : ": " + detail);
    }
}
