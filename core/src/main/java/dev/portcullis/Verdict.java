package dev.portcullis;

/**
 * What a {@link PortPolicy} does with one connection attempt, by its reference semantics
 * ({@link PortPolicy#decide(Connection)}).
 */
public enum Verdict {
    /** A rule lets it through: a TCP handshake completes, a UDP datagram reaches the listener. */
    ACCEPT,
    /** A rule drops it silently: the client waits until it gives up. */
    DROP,
    /** A rule refuses it at once: a TCP reset or an ICMP port-unreachable answers. */
    REJECT,
    /**
     * No rule of the policy matches: the host's own handling of unmatched traffic applies (what
     * the rest of the firewall does; see the README's "What a policy means").
     */
    NOT_DECIDED
}
