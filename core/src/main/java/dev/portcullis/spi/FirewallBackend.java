package dev.portcullis.spi;

import dev.portcullis.PortPolicy;

/**
 * Turns {@link PortPolicy}s into firewall rules. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.portcullis.spi.FirewallBackend}; it needs a public no-argument
 * constructor.
 */
public interface FirewallBackend extends Backend<PortPolicy> {
}
