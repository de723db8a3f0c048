package dev.portcullis.preflight;

import dev.portcullis.Direction;
import dev.portcullis.PortRange;
import dev.portcullis.Protocol;
import dev.portcullis.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the firewall audit looks for in existing rules: drops or rejects of the ports the spec
 * opens inbound, and (for mail: the spec is a mail server or opens 25) of outbound SMTP. Rules that
 * carry the spec's name, as Portcullis tags what it owns, are its own and are never reported
 * against it. Each firewall's auditor parses its tool's rules and asks {@link #judge} about every
 * rule that drops or rejects.
 */
public final class BlockQuery {

    private final SpecPorts ports;
    private final boolean outboundSmtp;
    private final String ownerTag;

    BlockQuery(SpecPorts ports, boolean outboundSmtp, String ownerTag) {
        this.ports = ports;
        this.outboundSmtp = outboundSmtp;
        this.ownerTag = ownerTag;
    }

    /**
     * @param spec the port policy or mail server spec about to be applied
     * @return what blocks it: its inbound ports, outbound SMTP when it is a mail server or opens 25
     */
    public static BlockQuery of(Spec spec) {
        SpecPorts ports = SpecPorts.of(spec);
        return new BlockQuery(ports, ports.mailServer()
                || ports.opensInbound(Protocol.TCP, SmtpTarget.SMTP_PORT), spec.name());
    }

    /**
     * @param firewall the tool
     * @param location table and chain
     * @param rule the rule's text
     * @param protocol its protocol, null when it matches every protocol
     * @param dports the destination ports it matches (never empty here)
     * @param inbound whether the rule sees traffic to this host
     * @param outbound whether the rule sees traffic this host sends
     * @return the blocks it causes (none when it blocks nothing the spec needs)
     */
    public List<BlockingRule> judge(String firewall, String location, String rule, Protocol protocol, List<PortRange> dports,
            boolean inbound, boolean outbound) {
        List<BlockingRule> found = new ArrayList<>();
        if (ownedBySpec(location + " " + rule)) {
            return found;
        }
        if (inbound) {
            for (PortRange r : dports) {
                for (Protocol p : protocol == null ? List.of(Protocol.TCP, Protocol.UDP) : List.of(protocol)) {
                    int port = ports.firstOpenedIn(p, r);
                    if (port > 0) {
                        found.add(new BlockingRule(firewall, location, rule, Direction.INBOUND, port));
                        return found;
                    }
                }
            }
        }
        if (outbound && outboundSmtp && (protocol == null || protocol == Protocol.TCP)
                && PortList.contains(dports, SmtpTarget.SMTP_PORT)) {
            found.add(new BlockingRule(firewall, location, rule, Direction.OUTBOUND, SmtpTarget.SMTP_PORT));
        }
        return found;
    }

    private boolean ownedBySpec(String text) {
        return !ownerTag.isEmpty() && text.toLowerCase(Locale.ROOT).contains(ownerTag.toLowerCase(Locale.ROOT));
    }

    /**
     * @param name a protocol as firewalls print it: "tcp", "udp", "6", "17" (any case), or null
     * @return TCP or UDP, or null when the name matches every protocol or one Portcullis does not open
     */
    public static Protocol protocol(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tcp", "6" -> Protocol.TCP;
            case "udp", "17" -> Protocol.UDP;
            default -> null;
        };
    }
}
