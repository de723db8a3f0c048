package dev.portcullis.examples.meaning;

import dev.portcullis.Verdict;

/** What a client sees when it knocks on one port of the test host. */
enum Observed {
    /** The TCP handshake completed, or the UDP responder answered. */
    OPEN,
    /** Nothing came back before the probe gave up. */
    DROPPED,
    /** A TCP reset or an ICMP error came back at once. */
    REJECTED;

    /**
     * @param verdict a policy's verdict
     * @param unmatched what the test host does with traffic no rule of the policy matches
     * @return what a client should see
     */
    static Observed expected(Verdict verdict, Observed unmatched) {
        return switch (verdict) {
            case ACCEPT -> OPEN;
            case DROP -> DROPPED;
            case REJECT -> REJECTED;
            case NOT_DECIDED -> unmatched;
        };
    }
}
