package dev.portcullis.exchange;

import java.util.List;
import java.util.Objects;

/**
 * A send connector's settings that Portcullis manages.
 *
 * @param name the connector's name
 * @param addressSpaces where it sends ({@code SMTP:*;1} as reported, {@code *} as given)
 * @param smartHosts the relay hosts, empty for DNS routing
 * @param port the remote port
 * @param fqdn the name it announces
 * @param maxMessageSizeBytes the largest message, in bytes
 */
public record SendConnectorSettings(String name, List<String> addressSpaces, List<String> smartHosts, int port,
        String fqdn, long maxMessageSizeBytes) {

    /** @param name n @param addressSpaces a @param smartHosts s @param port p @param fqdn f @param maxMessageSizeBytes m */
    public SendConnectorSettings {
        Objects.requireNonNull(name, "name");
        addressSpaces = List.copyOf(addressSpaces);
        smartHosts = List.copyOf(smartHosts);
        Objects.requireNonNull(fqdn, "fqdn");
    }

    /** @return whether mail is routed by DNS MX lookups rather than through smart hosts */
    public boolean dnsRouting() {
        return smartHosts.isEmpty();
    }
}
