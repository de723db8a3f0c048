package dev.portcullis.exchange;

import java.util.List;
import java.util.Objects;

/**
 * A receive connector's settings that Portcullis manages, in the cmdlets' words.
 *
 * @param name the connector's name
 * @param transportRole {@code FrontendTransport} for Internet mail
 * @param bindings local address and port pairs ({@code 0.0.0.0:25}, {@code [::]:25})
 * @param remoteIpRanges who may connect ({@code 0.0.0.0-255.255.255.255}, {@code 192.0.2.0/24})
 * @param permissionGroups e.g. {@code [AnonymousUsers]}
 * @param authMechanisms e.g. {@code [Tls]}
 * @param maxMessageSizeBytes the largest message, in bytes
 * @param fqdn the name the connector announces
 * @param tlsCertificateName {@code <I>issuer<S>subject}, or "" for none (or not known before the apply)
 * @param requireTls whether TLS is required
 */
public record ReceiveConnectorSettings(String name, String transportRole, List<String> bindings,
        List<String> remoteIpRanges, List<String> permissionGroups, List<String> authMechanisms,
        long maxMessageSizeBytes, String fqdn, String tlsCertificateName, boolean requireTls) {

    /** @param name n @param transportRole t @param bindings b @param remoteIpRanges r @param permissionGroups p
     * @param authMechanisms a @param maxMessageSizeBytes m @param fqdn f @param tlsCertificateName c @param requireTls q */
    public ReceiveConnectorSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(transportRole, "transportRole");
        bindings = List.copyOf(bindings);
        remoteIpRanges = List.copyOf(remoteIpRanges);
        permissionGroups = List.copyOf(permissionGroups);
        authMechanisms = List.copyOf(authMechanisms);
        Objects.requireNonNull(fqdn, "fqdn");
        Objects.requireNonNull(tlsCertificateName, "tlsCertificateName");
    }
}
