package dev.portcullis.preflight;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A listening TCP socket: its address and port, the processes holding it (several when a daemon's
 * children inherit it, as Postfix's smtpd inherits master's), and where that was read.
 *
 * @param address the local address without brackets ("0.0.0.0", "::", "127.0.0.1")
 * @param port the port
 * @param owners the processes holding the socket, empty when they could not be read
 * @param source what told us: "ss", "/proc/net/tcp", "Get-NetTCPConnection", or an inference
 */
public record Listener(String address, int port, List<Owner> owners, String source) {

    /** A process holding a socket. @param name its command name @param pid its process id */
    public record Owner(String name, long pid) {
        @Override
        public String toString() {
            return name + " (pid " + pid + ")";
        }
    }

    /** Copies the owners, so the listener stays immutable. */
    public Listener {
        owners = List.copyOf(owners);
    }

    /**
     * @param newOwners the processes now known to hold the socket
     * @param newSource how they became known
     * @return this listener with those owners
     */
    public Listener withOwners(List<Owner> newOwners, String newSource) {
        return new Listener(address, port, newOwners, newSource);
    }

    /** @return whether it accepts connections only from this host */
    public boolean loopbackOnly() {
        return address.startsWith("127.") || address.equals("::1") || address.equals("::ffff:127.0.0.1");
    }

    /** @return the owners in words, "an unknown process" when none could be read */
    public String ownersText() {
        return owners.isEmpty() ? "a process whose owner could not be read"
                : String.join(", ", owners.stream().map(Owner::toString).toList());
    }

    Map<String, Object> toDetail() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", address);
        m.put("port", port);
        m.put("processes", owners.stream().map(o -> Map.<String, Object>of("name", o.name(), "pid", o.pid())).toList());
        m.put("source", source);
        return m;
    }
}
