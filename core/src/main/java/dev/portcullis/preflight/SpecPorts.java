package dev.portcullis.preflight;

import dev.portcullis.Direction;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRange;
import dev.portcullis.PortRule;
import dev.portcullis.Protocol;
import dev.portcullis.RuleAction;
import dev.portcullis.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ports a spec is about: which ones it opens inbound (for the firewall audit) and, for a mail
 * server, which ones its server must bind (for the occupancy check).
 */
final class SpecPorts {

    /** The SMTP ports the occupancy check always looks at: SMTP, submissions, submission. */
    static final List<Integer> SMTP_PORTS = List.of(MailServerSpec.SMTP_PORT, MailServerSpec.SMTPS_PORT,
            MailServerSpec.SUBMISSION_PORT);

    /** A protocol and port range the spec opens inbound. */
    record Opening(Protocol protocol, PortRange range) {
        boolean matches(Protocol p, int port) {
            return protocol == p && range.contains(port);
        }

        @Override
        public String toString() {
            return protocol.id() + "/" + range.format("-");
        }
    }

    private final boolean mailServer;
    private final List<Opening> inbound;
    private final Set<Integer> listenPorts;

    private SpecPorts(boolean mailServer, List<Opening> inbound, Set<Integer> listenPorts) {
        this.mailServer = mailServer;
        this.inbound = List.copyOf(inbound);
        this.listenPorts = Set.copyOf(listenPorts);
    }

    static SpecPorts of(Spec spec) {
        return spec.match(policy -> new SpecPorts(false, openings(policy), Set.of()),
                mail -> new SpecPorts(true, openings(mail.firewallPolicy()), new TreeSet<>(mail.listeningPorts())));
    }

    private static List<Opening> openings(PortPolicy policy) {
        List<Opening> list = new ArrayList<>();
        for (PortRule rule : policy.rules()) {
            if (rule.action() == RuleAction.ALLOW && rule.direction() == Direction.INBOUND) {
                rule.ports().forEach(r -> list.add(new Opening(rule.protocol(), r)));
            }
        }
        return list;
    }

    /** @return whether the spec is a mail server (which binds its ports itself) */
    boolean mailServer() {
        return mailServer;
    }

    /** @return what the spec opens inbound */
    List<Opening> inbound() {
        return inbound;
    }

    /** @return the ports the spec's mail server binds (empty for a port policy) */
    Set<Integer> listenPorts() {
        return listenPorts;
    }

    /**
     * @param protocol tcp or udp
     * @param port a port
     * @return whether the spec opens it inbound
     */
    boolean opensInbound(Protocol protocol, int port) {
        return inbound.stream().anyMatch(o -> o.matches(protocol, port));
    }

    /**
     * @param protocol tcp or udp
     * @param range a range of ports
     * @return the first port in the range the spec opens inbound, or -1
     */
    int firstOpenedIn(Protocol protocol, PortRange range) {
        for (Opening o : inbound) {
            if (o.protocol() == protocol) {
                int lo = Math.max(o.range().from(), range.from());
                int hi = Math.min(o.range().to(), range.to());
                if (lo <= hi) {
                    return lo;
                }
            }
        }
        return -1;
    }

    /** @return the TCP ports the occupancy check looks at: the SMTP ports plus the spec's single TCP ports */
    Set<Integer> occupancyPorts() {
        Set<Integer> ports = new TreeSet<>(SMTP_PORTS);
        ports.addAll(listenPorts);
        for (Opening o : inbound) {
            // a range says "anything in here", not "a service listens here": only single ports are examined
            if (o.protocol() == Protocol.TCP && o.range().isSingle()) {
                ports.add(o.range().from());
            }
        }
        return ports;
    }
}
