package dev.portcullis.firewalld;

import dev.portcullis.PortRange;
import dev.portcullis.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A firewalld service that a Portcullis policy owns: one protocol and a set of ports, named after
 * the policy and its content, e.g. {@code portcullis-smtp-inbound_tcp_25_465_587} or
 * {@code portcullis-backup_udp_1000-2000}.
 *
 * <p>The name says everything the service holds, so a service is never edited: a different set
 * of ports is a different service. That keeps the runtime and permanent configurations easy to
 * compare (a service exists or it does not), lets an undo re-create a deleted service from its
 * name alone, and makes ownership a prefix test: policy names contain no {@code _}, so
 * {@code portcullis-<policy>_} can never be the start of another policy's services.
 *
 * @param policy the owning policy's name
 * @param protocol TCP or UDP
 * @param ports the ports and ranges, sorted
 */
public record OwnedService(String policy, Protocol protocol, List<PortRange> ports) {

    /** Every owned service name starts with this. */
    public static final String PREFIX = "portcullis-";

    /** @param policy p @param protocol r @param ports s */
    public OwnedService {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(protocol, "protocol");
        ports = List.copyOf(ports.stream().sorted().distinct().toList());
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("an owned service needs at least one port");
        }
    }

    /**
     * @param policy a policy name
     * @return what every service the policy owns starts with, e.g. {@code portcullis-smtp_}
     */
    public static String prefixOf(String policy) {
        return PREFIX + policy + "_";
    }

    /** @return the firewalld service name, e.g. {@code portcullis-smtp-inbound_tcp_25_587} */
    public String name() {
        StringBuilder sb = new StringBuilder(prefixOf(policy)).append(protocol.id());
        for (PortRange r : ports) {
            sb.append('_').append(r.format("-"));
        }
        return sb.toString();
    }

    /** @return the {@code --add-port} values: "25/tcp", "1000-2000/tcp" */
    public List<String> portOptions() {
        return ports.stream().map(r -> r.format("-") + "/" + protocol.id()).toList();
    }

    /**
     * Reads a service name back, if it is one that the policy owns.
     *
     * @param policy the policy name
     * @param serviceName a firewalld service name
     * @return the service, when the name has the policy's prefix and a well-formed content part
     */
    public static Optional<OwnedService> parse(String policy, String serviceName) {
        String prefix = prefixOf(policy);
        if (!serviceName.startsWith(prefix)) {
            return Optional.empty();
        }
        String[] parts = serviceName.substring(prefix.length()).split("_", -1);
        Protocol protocol;
        try {
            protocol = Protocol.valueOf(parts[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (parts.length < 2) {
            return Optional.empty();
        }
        List<PortRange> ranges = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            try {
                ranges.add(PortRange.parse(parts[i]));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        OwnedService s = new OwnedService(policy, protocol, ranges);
        // Only the canonical spelling counts, so that parse(name).name() == name.
        return s.name().equals(serviceName) ? Optional.of(s) : Optional.empty();
    }

    @Override
    public String toString() {
        return name();
    }
}
