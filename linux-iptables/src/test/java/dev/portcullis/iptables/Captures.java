package dev.portcullis.iptables;

import dev.portcullis.PortPolicy;
import dev.portcullis.PortRange;
import dev.portcullis.Protocol;
import dev.portcullis.RateLimit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Outputs captured from the live test host (Debian 12, iptables 1.8.9 nf_tables) and the policy
 * that produced the "smtp-inbound" captures.
 */
final class Captures {

    private Captures() {
    }

    /** The policy applied before capturing {@code smtp-inbound-applied.v4/.v6}. */
    static final PortPolicy SMTP_INBOUND = PortPolicy.named("smtp-inbound")
            .allow(Protocol.TCP, 25).from("203.0.113.0/24", "2001:db8::/48").rateLimit(RateLimit.perMinute(60)).logged()
            .allow(Protocol.TCP, 587, 465)
            .allow(Protocol.TCP, PortRange.of(10000, 10100)).from("198.51.100.7")
            .deny(Protocol.UDP, 53).from("192.0.2.0/24")
            .reject(Protocol.UDP, 161, 162)
            .reject(Protocol.TCP, 26).logged("smtp26:")
            .allow(Protocol.TCP, 25).outbound().from("192.0.2.10", "2001:db8:1::10").rateLimit(RateLimit.perHour(100).burst(10))
            .build();

    /**
     * @param name file under src/test/resources/captured
     * @return its text
     */
    static String text(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/captured/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name file under src/test/resources/captured
     * @return it, parsed
     */
    static IptablesSave save(String name) {
        return IptablesSave.parse(text(name));
    }
}
