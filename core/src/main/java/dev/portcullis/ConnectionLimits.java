package dev.portcullis;

/**
 * Limits per SMTP client, enforced by the mail server (Postfix anvil: per minute).
 *
 * @param connectionsPerMinute new connections one client may open per minute (0: no limit)
 * @param concurrentConnections simultaneous connections per client (0: server default)
 * @param messagesPerMinute messages one client may send per minute (0: no limit)
 */
public record ConnectionLimits(int connectionsPerMinute, int concurrentConnections, int messagesPerMinute) {

    /** No limits beyond the server's defaults. */
    public static final ConnectionLimits NONE = new ConnectionLimits(0, 0, 0);

    /**
     * @param connectionsPerMinute per-client connection rate
     * @param concurrentConnections per-client concurrency
     * @param messagesPerMinute per-client message rate
     */
    public ConnectionLimits {
        if (connectionsPerMinute < 0) {
            throw new InvalidSpecException("connectionsPerMinute", "cannot be negative: " + connectionsPerMinute);
        }
        if (concurrentConnections < 0) {
            throw new InvalidSpecException("concurrentConnections", "cannot be negative: " + concurrentConnections);
        }
        if (messagesPerMinute < 0) {
            throw new InvalidSpecException("messagesPerMinute", "cannot be negative: " + messagesPerMinute);
        }
    }
}
