package dev.portcullis.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.powershell.PowerShellJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an Exchange server has, read in one PowerShell process by {@link ExchangeScripts#inspect}:
 * accepted domains, the server's receive connectors and which of them grant anonymous relay, send
 * connectors, the transport limits, the server's certificates, and the certificate in the spec's
 * PFX file (when TLS comes from a file).
 *
 * <p>Parsed strictly (see {@link PowerShellJson}). The script casts Exchange's own types to text
 * before {@code ConvertTo-Json}: flags enumerations to their names ({@code AnonymousUsers,
 * ExchangeUsers}), sizes to {@code 36 MB (37,748,736 bytes)}, multi-valued properties to lists of
 * strings. The numeric forms of the two flags enumerations are read too, in case a host prints them
 * uncast.
 *
 * @param acceptedDomains the accepted domains
 * @param receiveConnectors the server's receive connectors
 * @param sendConnectors the organisation's send connectors
 * @param maxReceiveSizeBytes the organisation's largest received message (-1: unlimited)
 * @param maxSendSizeBytes the organisation's largest sent message (-1: unlimited)
 * @param certificates the server's certificates
 * @param certificateFile the certificate in the spec's PFX file, when TLS comes from a file
 * @param anonymousRelayGrants the names of the receive connectors whose Active Directory permissions
 *     allow {@value #ACCEPT_ANY_RECIPIENT} to {@value #ANONYMOUS_LOGON}: anonymous senders may relay
 *     through them to every address
 */
public record ExchangeSnapshot(List<AcceptedDomain> acceptedDomains, List<ReceiveConnectorSettings> receiveConnectors,
        List<SendConnectorSettings> sendConnectors, long maxReceiveSizeBytes, long maxSendSizeBytes,
        List<ExchangeCertificate> certificates, Optional<ExchangeCertificate> certificateFile,
        List<String> anonymousRelayGrants) {

    /** The extended right that lets a session send to any recipient, i.e. relay. */
    public static final String ACCEPT_ANY_RECIPIENT = "ms-Exch-SMTP-Accept-Any-Recipient";
    /** The security principal of anonymous SMTP sessions. */
    public static final String ANONYMOUS_LOGON = "NT AUTHORITY\\ANONYMOUS LOGON";

    /** PermissionGroups flags by bit (Microsoft.Exchange.Data.PermissionGroups). */
    static final String[] PERMISSION_GROUPS = {"AnonymousUsers", "ExchangeUsers", "ExchangeServers",
        "ExchangeLegacyServers", "Partners", "Custom"};
    /** AuthMechanism flags by bit (Microsoft.Exchange.Data.AuthMechanisms). */
    static final String[] AUTH_MECHANISMS = {"Tls", "Integrated", "BasicAuth", "BasicAuthRequireTLS", "ExchangeServer",
        "ExternalAuthoritative"};

    /**
     * An accepted domain.
     *
     * @param name its name
     * @param domainName the domain
     * @param domainType {@code Authoritative}, {@code InternalRelay} or {@code ExternalRelay}
     */
    public record AcceptedDomain(String name, String domainName, String domainType) {
    }

    /** @param acceptedDomains a @param receiveConnectors r @param sendConnectors s @param maxReceiveSizeBytes m
     * @param maxSendSizeBytes n @param certificates c @param certificateFile f @param anonymousRelayGrants g */
    public ExchangeSnapshot {
        anonymousRelayGrants = List.copyOf(anonymousRelayGrants);
        acceptedDomains = List.copyOf(acceptedDomains);
        receiveConnectors = List.copyOf(receiveConnectors);
        sendConnectors = List.copyOf(sendConnectors);
        certificates = List.copyOf(certificates);
    }

    /**
     * @param name a connector name
     * @return the server's receive connector of that name
     */
    public Optional<ReceiveConnectorSettings> receiveConnector(String name) {
        return receiveConnectors.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * @param connector a receive connector name
     * @return whether its permissions let anonymous senders relay ({@value #ACCEPT_ANY_RECIPIENT}
     *     for {@value #ANONYMOUS_LOGON})
     */
    public boolean grantsAnonymousRelay(String connector) {
        return anonymousRelayGrants.stream().anyMatch(n -> n.equalsIgnoreCase(connector));
    }

    /**
     * @param name a connector name
     * @return the send connector of that name
     */
    public Optional<SendConnectorSettings> sendConnector(String name) {
        return sendConnectors.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * @param domain a domain
     * @return the accepted domain for it, whatever its name
     */
    public Optional<AcceptedDomain> acceptedDomain(String domain) {
        return acceptedDomains.stream().filter(d -> d.domainName().equalsIgnoreCase(domain)).findFirst();
    }

    /**
     * @param thumbprint a thumbprint
     * @return the server's certificate with it
     */
    public Optional<ExchangeCertificate> certificate(String thumbprint) {
        return certificates.stream().filter(c -> c.thumbprint().equalsIgnoreCase(thumbprint)).findFirst();
    }

    /**
     * @param json the inspection script's result table
     * @return the snapshot
     * @throws IllegalStateException naming the field that does not parse
     */
    public static ExchangeSnapshot parse(JsonNode json) {
        for (String key : List.of("acceptedDomains", "receiveConnectors", "anonymousRelayGrants", "sendConnectors",
                "transportConfig", "certificates")) {
            if (!json.has(key)) {
                throw new IllegalStateException(key + ": missing from the inspection result");
            }
        }
        List<AcceptedDomain> domains = new ArrayList<>();
        for (JsonNode d : PowerShellJson.objects(json.get("acceptedDomains"), "acceptedDomains")) {
            domains.add(new AcceptedDomain(PowerShellJson.requiredText(d.get("Name"), "acceptedDomains.Name"),
                    PowerShellJson.requiredText(d.get("DomainName"), "acceptedDomains.DomainName"),
                    PowerShellJson.requiredText(d.get("DomainType"), "acceptedDomains.DomainType")));
        }
        List<ReceiveConnectorSettings> receive = new ArrayList<>();
        for (JsonNode c : PowerShellJson.objects(json.get("receiveConnectors"), "receiveConnectors")) {
            String name = PowerShellJson.requiredText(c.get("Name"), "receiveConnectors.Name");
            String at = "receive connector " + name + ": ";
            receive.add(new ReceiveConnectorSettings(name,
                    PowerShellJson.requiredText(c.get("TransportRole"), at + "TransportRole"),
                    PowerShellJson.strings(c.get("Bindings"), at + "Bindings"),
                    PowerShellJson.strings(c.get("RemoteIPRanges"), at + "RemoteIPRanges"),
                    flags(c.get("PermissionGroups"), at + "PermissionGroups", PERMISSION_GROUPS),
                    flags(c.get("AuthMechanism"), at + "AuthMechanism", AUTH_MECHANISMS),
                    ByteQuantifiedSize.parse(PowerShellJson.requiredText(c.get("MaxMessageSize"), at + "MaxMessageSize"),
                            at + "MaxMessageSize"),
                    PowerShellJson.text(c.get("Fqdn"), at + "Fqdn"),
                    PowerShellJson.text(c.get("TlsCertificateName"), at + "TlsCertificateName"),
                    PowerShellJson.bool(c.get("RequireTLS"), at + "RequireTLS")));
        }
        List<SendConnectorSettings> send = new ArrayList<>();
        for (JsonNode c : PowerShellJson.objects(json.get("sendConnectors"), "sendConnectors")) {
            String name = PowerShellJson.requiredText(c.get("Name"), "sendConnectors.Name");
            String at = "send connector " + name + ": ";
            String port = PowerShellJson.requiredText(c.get("Port"), at + "Port");
            if (!port.matches("[0-9]{1,5}")) {
                throw new IllegalStateException(at + "Port: '" + port + "' is not a port");
            }
            send.add(new SendConnectorSettings(name,
                    PowerShellJson.strings(c.get("AddressSpaces"), at + "AddressSpaces"),
                    PowerShellJson.strings(c.get("SmartHosts"), at + "SmartHosts"),
                    Integer.parseInt(port),
                    PowerShellJson.text(c.get("Fqdn"), at + "Fqdn"),
                    ByteQuantifiedSize.parse(PowerShellJson.requiredText(c.get("MaxMessageSize"), at + "MaxMessageSize"),
                            at + "MaxMessageSize")));
        }
        JsonNode transport = json.get("transportConfig");
        long maxReceive = ByteQuantifiedSize.parse(PowerShellJson.requiredText(transport.get("MaxReceiveSize"),
                "transportConfig.MaxReceiveSize"), "transportConfig.MaxReceiveSize");
        long maxSend = ByteQuantifiedSize.parse(PowerShellJson.requiredText(transport.get("MaxSendSize"),
                "transportConfig.MaxSendSize"), "transportConfig.MaxSendSize");
        List<ExchangeCertificate> certs = new ArrayList<>();
        for (JsonNode c : PowerShellJson.objects(json.get("certificates"), "certificates")) {
            certs.add(certificate(c, "certificates"));
        }
        JsonNode file = json.path("certificateFile");
        Optional<ExchangeCertificate> fromFile = file.isMissingNode() || file.isNull()
                ? Optional.empty() : Optional.of(certificate(file, "certificateFile"));
        List<String> grants = PowerShellJson.strings(json.get("anonymousRelayGrants"), "anonymousRelayGrants");
        return new ExchangeSnapshot(domains, receive, send, maxReceive, maxSend, certs, fromFile, grants);
    }

    private static ExchangeCertificate certificate(JsonNode c, String field) {
        String thumbprint = PowerShellJson.requiredText(c.get("Thumbprint"), field + ".Thumbprint");
        if (!thumbprint.matches("[0-9A-Fa-f]{40}")) {
            throw new IllegalStateException(field + ".Thumbprint: '" + thumbprint + "' is not a SHA-1 thumbprint");
        }
        String services = PowerShellJson.text(c.get("Services"), field + ".Services");
        List<String> list = new ArrayList<>();
        for (String s : services.split(",")) {
            if (!s.isBlank() && !s.strip().equals("None")) {
                list.add(s.strip());
            }
        }
        return new ExchangeCertificate(thumbprint.toUpperCase(java.util.Locale.ROOT),
                PowerShellJson.text(c.get("FriendlyName"), field + ".FriendlyName"),
                PowerShellJson.requiredText(c.get("Subject"), field + ".Subject"),
                PowerShellJson.requiredText(c.get("Issuer"), field + ".Issuer"), list);
    }

    /** Reads a flags enumeration printed as names ("Tls, Integrated") or as its number. */
    static List<String> flags(JsonNode node, String field, String[] byBit) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isIntegralNumber()) {
            long v = node.asLong();
            for (int bit = 0; bit < byBit.length; bit++) {
                if ((v & (1L << bit)) != 0) {
                    out.add(byBit[bit]);
                    v &= ~(1L << bit);
                }
            }
            if (v != 0) {
                throw new IllegalStateException(field + ": unknown flags in " + node.asLong());
            }
            return out;
        }
        String text = PowerShellJson.requiredText(node, field);
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty() || p.equals("None")) {
                continue;
            }
            String known = null;
            for (String n : byBit) {
                if (n.equalsIgnoreCase(p)) {
                    known = n;
                }
            }
            if (known == null) {
                throw new IllegalStateException(field + ": unknown value '" + p + "'");
            }
            out.add(known);
        }
        return out;
    }
}
