package dev.portcullis;

/**
 * A smart host that outgoing mail is handed to.
 *
 * @param host the relay's host name
 * @param port its port (usually 25 or 587)
 */
public record RelayHost(HostName host, int port) {

    /**
     * Checks the smart host's parts.
     *
     * @param host the smart host's name
     * @param port its SMTP port, 1-65535
     */
    public RelayHost {
        if (host == null) {
            throw new InvalidSpecException("host", "is missing");
        }
        String problem = PortRange.problem(port, port);
        if (problem != null) {
            throw new InvalidSpecException("port", problem);
        }
    }

    @Override
    public String toString() {
        return "[" + host + "]:" + port;
    }
}
