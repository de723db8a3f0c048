package dev.portcullis;

/** Whether a rule governs traffic coming to this host or leaving it. */
public enum Direction {
    /** Traffic arriving at this host. */
    INBOUND,
    /** Traffic this host sends. */
    OUTBOUND
}
