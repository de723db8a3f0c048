package dev.portcullis;

import java.util.Objects;

/**
 * One connection attempt as a firewall sees it: its direction, the address of the other end (the
 * source of an inbound connection, the destination of an outbound one), its protocol and the
 * port on this host (inbound) or on the peer (outbound). The IP family follows from the address.
 * {@link PortPolicy#decide(Connection)} says what a policy does with it.
 *
 * <pre>{@code
 * Connection c = Connection.inbound("192.0.2.7", Protocol.TCP, 25);
 * }</pre>
 */
public final class Connection {

    private final Direction direction;
    private final Cidr peer;
    private final Protocol protocol;
    private final int port;

    private Connection(Direction direction, Cidr peer, Protocol protocol, int port) {
        this.direction = direction;
        this.peer = peer;
        this.protocol = protocol;
        this.port = port;
    }

    /**
     * A connection arriving at this host.
     *
     * @param source the client's address, one IPv4 or IPv6 address (not IPv4-mapped IPv6)
     * @param protocol TCP or UDP
     * @param port the port on this host, 1-65535
     * @return the connection
     * @throws InvalidSpecException naming {@code source} or {@code port} when either is not valid
     */
    public static Connection inbound(String source, Protocol protocol, int port) {
        return of(Direction.INBOUND, source, protocol, port);
    }

    /**
     * A connection in either direction.
     *
     * @param direction inbound (the peer is the source) or outbound (the peer is the destination)
     * @param peer the other end's address, one IPv4 or IPv6 address (not IPv4-mapped IPv6)
     * @param protocol TCP or UDP
     * @param port the destination port, 1-65535
     * @return the connection
     * @throws InvalidSpecException naming {@code source} or {@code port} when either is not valid
     */
    public static Connection of(Direction direction, String peer, Protocol protocol, int port) {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(protocol, "protocol");
        String field = direction == Direction.INBOUND ? "source" : "destination";
        Cidr address;
        try {
            address = Cidr.parse(peer);
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException(field, e.problems().get(0).reason());
        }
        if (address.ipv4MappedProblem().isPresent()) {
            throw new InvalidSpecException(field, address.ipv4MappedProblem().get());
        }
        if (!address.isHost()) {
            throw new InvalidSpecException(field, dev.portcullis.internal.Text.show(peer)
                    + " is a network; a connection comes from one address");
        }
        String problem = PortRange.problem(port, port);
        if (problem != null) {
            throw new InvalidSpecException("port", problem);
        }
        return new Connection(direction, address, protocol, port);
    }

    /** @return inbound or outbound */
    public Direction direction() {
        return direction;
    }

    /** @return the other end's address as a single-host network (/32 or /128) */
    public Cidr peer() {
        return peer;
    }

    /** @return IPv4 or IPv6, from the peer's address */
    public IpFamily family() {
        return peer.family();
    }

    /** @return TCP or UDP */
    public Protocol protocol() {
        return protocol;
    }

    /** @return the destination port */
    public int port() {
        return port;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Connection)) {
            return false;
        }
        Connection c = (Connection) o;
        return direction == c.direction && peer.equals(c.peer) && protocol == c.protocol && port == c.port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(direction, peer, protocol, port);
    }

    @Override
    public String toString() {
        return (direction == Direction.INBOUND ? "inbound " : "outbound ") + protocol.id() + " port " + port
                + (direction == Direction.INBOUND ? " from " : " to ") + peer.address();
    }
}
