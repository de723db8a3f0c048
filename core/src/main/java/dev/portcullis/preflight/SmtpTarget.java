package dev.portcullis.preflight;

import dev.portcullis.Cidr;
import dev.portcullis.HostName;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.RelayHost;

/**
 * A relay or MX the outbound SMTP check may connect to: named by the caller, never chosen by
 * Portcullis. The host is a strict LDH host name or a single IP address, so it can be passed
 * as one argv element to {@code nc} or {@code python3} without any quoting question.
 *
 * @param host the host name or IP address
 * @param port the TCP port (25 unless the caller says otherwise)
 */
public record SmtpTarget(String host, int port) {

    /** The SMTP port outbound mail is delivered to. */
    public static final int SMTP_PORT = 25;

    /** @param host h @param port p */
    public SmtpTarget {
        host = validHost(host);
        if (port < 1 || port > 65535) {
            throw new InvalidSpecException("outboundSmtp.port", "Port out of range: " + port);
        }
    }

    /**
     * @param host a host name or IP address
     * @return the target on port 25
     */
    public static SmtpTarget of(String host) {
        return new SmtpTarget(host, SMTP_PORT);
    }

    /**
     * @param relay the relay host a mail server spec names
     * @return the same host and port
     */
    public static SmtpTarget of(RelayHost relay) {
        return new SmtpTarget(relay.host().value(), relay.port());
    }

    /** @return whether the host is an IPv6 address literal */
    public boolean isIpv6Literal() {
        return host.indexOf(':') >= 0;
    }

    private static String validHost(String host) {
        if (host != null && host.matches("[0-9A-Fa-f.:]+")) {
            Cidr address = Cidr.parse(host);
            if (!address.isHost()) {
                throw new InvalidSpecException("outboundSmtp.host", host + " is a network, not one address");
            }
            return address.address();
        }
        try {
            return HostName.of(host).value();
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException("outboundSmtp.host", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return (isIpv6Literal() ? "[" + host + "]" : host) + ":" + port;
    }
}
