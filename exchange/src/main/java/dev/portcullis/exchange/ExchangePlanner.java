package dev.portcullis.exchange;

import dev.portcullis.Cidr;
import dev.portcullis.HostName;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.IpFamily;
import dev.portcullis.ListenScope;
import dev.portcullis.MailServerSpec;
import dev.portcullis.Tls;
import dev.portcullis.TlsSecurityLevel;
import dev.portcullis.TlsVersion;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.plan.Drift;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The pure part of the exchange backend: what a spec asks of a server ({@link #desired}), what must
 * change given a snapshot ({@link #changes}), and how a server differs from the spec or from an
 * earlier snapshot ({@link #drifts}, {@link #differencesFrom}). Runs nothing.
 */
public final class ExchangePlanner {

    /** Every IPv4 address, as Exchange writes remote ranges. */
    static final String ALL_IPV4 = "0.0.0.0-255.255.255.255";
    /** Every IPv6 address, as Exchange writes remote ranges. */
    static final String ALL_IPV6 = "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    /** The smallest MaxMessageSize a receive connector takes: 64 KB. */
    static final long MIN_CONNECTOR_MESSAGE_SIZE = 65_536;
    /** The largest MaxMessageSize a receive connector takes: 2 GB - 1 byte. */
    static final long MAX_CONNECTOR_MESSAGE_SIZE = 2_147_483_647;
    /** The largest MaxReceiveSize and MaxSendSize Set-TransportConfig takes: 2 GB - 1 KB. */
    static final long MAX_TRANSPORT_MESSAGE_SIZE = 2_147_482_624;
    /** The longest name Exchange takes for an accepted domain or a certificate's friendly name. */
    static final int MAX_NAME_LENGTH = 64;

    private ExchangePlanner() {
    }

    /**
     * @param spec the mail server spec
     * @return the name of the Internet receive connector Portcullis owns for it
     */
    public static String internetConnectorName(MailServerSpec spec) {
        return "Portcullis " + spec.name();
    }

    /**
     * @param spec the mail server spec
     * @return the name of the relay connector for its trusted networks
     */
    public static String relayConnectorName(MailServerSpec spec) {
        return "Portcullis " + spec.name() + " relay";
    }

    /**
     * @param spec the mail server spec
     * @return the name of the send connector to the Internet
     */
    public static String sendConnectorName(MailServerSpec spec) {
        return "Portcullis " + spec.name() + " Internet";
    }

    /**
     * @param domain an accepted domain
     * @return the name Portcullis gives the accepted domain it creates (at most 64 characters)
     */
    public static String acceptedDomainName(String domain) {
        return boundedName("Portcullis " + domain);
    }

    /**
     * @param hostname the server's host name
     * @return the friendly name of the self-signed certificate Portcullis makes for it (at most 64
     *     characters)
     */
    public static String selfSignedFriendlyName(String hostname) {
        return boundedName("Portcullis " + hostname);
    }

    /**
     * Keeps a name within Exchange's 64 characters and unique: a longer one is cut and ends with a
     * digest of the whole name, so that two long names with the same beginning stay apart.
     */
    static String boundedName(String name) {
        if (name.length() <= MAX_NAME_LENGTH) {
            return name;
        }
        String digest = com.google.common.hash.Hashing.sha256()
                .hashString(name, java.nio.charset.StandardCharsets.UTF_8).toString().substring(0, 8);
        return name.substring(0, MAX_NAME_LENGTH - digest.length() - 1) + "~" + digest;
    }

    /**
     * @param spec the mail server spec
     * @param options the backend options
     * @param snapshot the server as it is (names the certificate the connector must name)
     * @return what the spec asks of the server
     * @throws InvalidSpecException for anything Exchange cannot do or would make an open relay
     */
    public static ExchangeDesired desired(MailServerSpec spec, ExchangeOptions options, ExchangeSnapshot snapshot) {
        check(spec);
        List<String> notes = new ArrayList<>();
        if (spec.submission() || spec.smtps()) {
            notes.add("submission on 587/465 is served by Exchange's own 'Client Frontend' and 'Client Proxy' connectors;"
                    + " Portcullis leaves them as they are");
        }
        if (!spec.connectionLimits().equals(dev.portcullis.ConnectionLimits.NONE)) {
            notes.add("connection limits are not applied by the exchange backend (Exchange sets them per connector:"
                    + " MessageRateLimit, MaxInboundConnectionPerSource)");
        }
        spec.relayHost().filter(dev.portcullis.RelayHost::requiresTls).ifPresent(r -> notes.add("WARNING: the relay's login"
                + " and TLS requirement (" + r + ") are not applied by the exchange backend: set the send connector's"
                + " SmartHostAuthMechanism, AuthenticationCredential and RequireTLS yourself"));
        if (!spec.postfixTuning().isDefault()) {
            notes.add("postfix tuning (" + spec.postfixTuning() + ") is for the postfix backend: the exchange backend"
                    + " does not use it");
        }
        List<String> domains = new ArrayList<>();
        for (HostName d : spec.acceptedDomains().isEmpty() ? List.of(spec.origin()) : spec.acceptedDomains()) {
            domains.add(d.value());
        }
        ExchangeDesired.Certificate certificate = certificate(spec, options, snapshot, notes);
        long size = spec.maxMessageSize().bytes();
        List<String> bindings = bindings(spec);
        List<String> all = new ArrayList<>();
        if (spec.ipFamilies().contains(IpFamily.IPV4)) {
            all.add(ALL_IPV4);
        }
        if (spec.ipFamilies().contains(IpFamily.IPV6)) {
            all.add(ALL_IPV6);
        }
        List<String> auth = spec.tls().isPresent() ? List.of("Tls") : List.of();
        boolean requireTls = spec.tls().map(t -> t.securityLevel() == TlsSecurityLevel.ENCRYPT).orElse(false);
        String internetName = options.adoptReceiveConnector().orElse(internetConnectorName(spec));
        ReceiveConnectorSettings internet = new ReceiveConnectorSettings(internetName, "FrontendTransport", bindings, all,
                List.of("AnonymousUsers"), auth, size, spec.hostname().value(), certificate.tlsCertificateName(), requireTls);
        if (options.adoptReceiveConnector().isPresent()) {
            if (snapshot.receiveConnector(internetName).isEmpty()) {
                throw new InvalidSpecException("options." + ExchangeOptions.ADOPT_RECEIVE_CONNECTOR, "no receive connector '"
                        + internetName + "' on this server to adopt");
            }
            notes.add("receive connector '" + internetName + "' is adopted: Portcullis sets it to the spec (its permission"
                    + " groups become AnonymousUsers only, which other Exchange servers of the organisation may have relied"
                    + " on), and never removes it");
            if (snapshot.grantsAnonymousRelay(internetName)) {
                throw new InvalidSpecException("options." + ExchangeOptions.ADOPT_RECEIVE_CONNECTOR, "receive connector '"
                        + internetName + "' grants " + ExchangeSnapshot.ANONYMOUS_LOGON + " "
                        + ExchangeSnapshot.ACCEPT_ANY_RECIPIENT + ": adopted for every remote address it would relay mail"
                        + " from anyone to every address; remove the grant first (Remove-ADPermission -Identity '"
                        + internetName + "' -User '" + ExchangeSnapshot.ANONYMOUS_LOGON + "' -ExtendedRights "
                        + ExchangeSnapshot.ACCEPT_ANY_RECIPIENT + ") or adopt another connector");
            }
        } else {
            if (snapshot.grantsAnonymousRelay(internetName)) {
                throw new IllegalStateException("receive connector '" + internetName + "' grants "
                        + ExchangeSnapshot.ANONYMOUS_LOGON + " " + ExchangeSnapshot.ACCEPT_ANY_RECIPIENT + " although Portcullis"
                        + " never does on its Internet connector: it relays mail from anyone to every address; remove the"
                        + " grant by hand (Remove-ADPermission), nothing was changed");
            }
            conflict(internet, snapshot).ifPresent(c -> {
                throw new InvalidSpecException("listenInterfaces", "receive connector '" + c + "' already listens on "
                        + bindings + " for every remote address, and Exchange allows one connector per binding and"
                        + " remote range: set " + ExchangeOptions.ADOPT_RECEIVE_CONNECTOR + "=" + c
                        + " to let Portcullis set that connector, or listenOn(...) an address of its own");
            });
        }
        Optional<ReceiveConnectorSettings> relay = Optional.empty();
        if (!spec.trustedNetworks().isEmpty()) {
            relay = Optional.of(new ReceiveConnectorSettings(relayConnectorName(spec), "FrontendTransport", bindings,
                    spec.trustedNetworks().stream().map(Cidr::toCidrString).toList(), List.of("AnonymousUsers"), auth, size,
                    spec.hostname().value(), certificate.tlsCertificateName(), false));
        }
        for (ReceiveConnectorSettings c : relay.isPresent() ? List.of(internet, relay.get()) : List.of(internet)) {
            AnonymousRelayGuard.openRelay(c).ifPresent(why -> {
                throw new IllegalStateException("refusing to configure an open relay: " + why);
            });
        }
        List<String> smartHosts = spec.relayHost().map(r -> List.of(r.host().value())).orElse(List.of());
        int port = spec.relayHost().map(r -> r.port()).orElse(25);
        SendConnectorSettings send = new SendConnectorSettings(sendConnectorName(spec), List.of("*"), smartHosts, port,
                spec.hostname().value(), size);
        return new ExchangeDesired(domains, certificate, internet, options.adoptReceiveConnector().isPresent(), relay,
                relayConnectorName(spec), size, send, notes);
    }

    /**
     * Everything that can be refused from the spec alone, before any process runs.
     *
     * @param spec the mail server spec
     * @throws InvalidSpecException naming each field the exchange backend cannot apply
     */
    public static void check(MailServerSpec spec) {
        AnonymousRelayGuard.check(spec);
        long size = spec.maxMessageSize().bytes();
        if (size < MIN_CONNECTOR_MESSAGE_SIZE) {
            throw new InvalidSpecException("maxMessageSize", spec.maxMessageSize() + " (" + size + " bytes) is below"
                    + " the smallest MaxMessageSize an Exchange receive connector takes: 64 KB (65,536 bytes)");
        }
        if (size > MAX_TRANSPORT_MESSAGE_SIZE) {
            throw new InvalidSpecException("maxMessageSize", spec.maxMessageSize() + " (" + size + " bytes) is above"
                    + " the largest organisation limit Exchange takes (Set-TransportConfig MaxReceiveSize/MaxSendSize):"
                    + " 2,147,482,624 bytes (2 GB - 1 KB); receive connectors stop at " + MAX_CONNECTOR_MESSAGE_SIZE);
        }
        if (spec.virtualMailboxes().kind() != VirtualMailboxes.Kind.NONE) {
            throw new InvalidSpecException("virtualMailboxes", "Exchange delivers to its own mailboxes; virtual mailbox"
                    + " maps are a Postfix feature the exchange backend cannot apply");
        }
        certificateToRead(spec);
    }

    /**
     * The certificate the inspection must read from a file: the spec's PFX file, when TLS comes
     * from one.
     *
     * @param spec the mail server spec
     * @return a FILE certificate with its path (thumbprint not yet known), or none
     * @throws InvalidSpecException when the files are not one PKCS#12 file
     */
    public static ExchangeDesired.Certificate certificateToRead(MailServerSpec spec) {
        if (spec.tls().isEmpty() || spec.tls().get().selfSigned()) {
            return ExchangeDesired.Certificate.none();
        }
        Tls tls = spec.tls().get();
        String path = tls.certificate().toString();
        if (!tls.privateKey().toString().equals(path) || !path.toLowerCase(Locale.ROOT).matches(".*\\.(pfx|p12)")) {
            throw new InvalidSpecException("tls.certificate", "Exchange imports the certificate and its key together from"
                    + " one PKCS#12 file: give the same .pfx (or .p12) path as certificate and private key");
        }
        return new ExchangeDesired.Certificate(ExchangeDesired.Certificate.Kind.FILE, path, "", "", "");
    }

    private static ExchangeDesired.Certificate certificate(MailServerSpec spec, ExchangeOptions options,
            ExchangeSnapshot snapshot, List<String> notes) {
        if (spec.tls().isEmpty()) {
            return ExchangeDesired.Certificate.none();
        }
        Tls tls = spec.tls().get();
        if (tls.minimumVersion().compareTo(TlsVersion.TLS_1_2) > 0) {
            notes.add("the minimum TLS version is a Windows (SCHANNEL) setting: the exchange backend does not change it");
        }
        tls.cipherPolicy().ifPresent(c -> notes.add("tls.cipherPolicy " + c.word() + " is not applied: Exchange takes its"
                + " cipher suites, their order and TLS versions from Windows (SCHANNEL, machine-wide), which the exchange"
                + " backend does not change"));
        if (tls.selfSigned()) {
            notes.add("the certificate is self-signed: clients will not trust it");
            String friendly = selfSignedFriendlyName(spec.hostname().value());
            Optional<ExchangeCertificate> existing = snapshot.certificates().stream()
                    .filter(c -> c.friendlyName().equals(friendly)).findFirst();
            return new ExchangeDesired.Certificate(ExchangeDesired.Certificate.Kind.SELF_SIGNED, "", friendly,
                    existing.map(ExchangeCertificate::thumbprint).orElse(""),
                    existing.map(ExchangeCertificate::tlsCertificateName).orElse(""));
        }
        String path = certificateToRead(spec).path();
        ExchangeCertificate file = snapshot.certificateFile().orElseThrow(() -> new IllegalStateException(
                "the inspection did not read the certificate file " + path));
        if (options.certificatePasswordEnv().isEmpty()) {
            notes.add("no " + ExchangeOptions.CERTIFICATE_PASSWORD_ENV + ": the PFX file is read without a password");
        }
        return new ExchangeDesired.Certificate(ExchangeDesired.Certificate.Kind.FILE, path, "", file.thumbprint(),
                file.tlsCertificateName());
    }

    private static List<String> bindings(MailServerSpec spec) {
        List<String> out = new ArrayList<>();
        if (spec.listenScope() != ListenScope.ADDRESSES) {
            boolean loop = spec.listenScope() == ListenScope.LOOPBACK_ONLY;
            if (spec.ipFamilies().contains(IpFamily.IPV4)) {
                out.add((loop ? "127.0.0.1" : "0.0.0.0") + ":" + MailServerSpec.SMTP_PORT);
            }
            if (spec.ipFamilies().contains(IpFamily.IPV6)) {
                out.add((loop ? "[::1]" : "[::]") + ":" + MailServerSpec.SMTP_PORT);
            }
        }
        for (String i : spec.listenAddresses()) {
            out.add((i.contains(":") ? "[" + i + "]" : i) + ":" + MailServerSpec.SMTP_PORT);
        }
        return out;
    }

    /** A connector Portcullis does not own that holds one of the bindings for every remote address. */
    private static Optional<String> conflict(ReceiveConnectorSettings wanted, ExchangeSnapshot snapshot) {
        for (ReceiveConnectorSettings c : snapshot.receiveConnectors()) {
            if (c.name().equalsIgnoreCase(wanted.name()) || !c.transportRole().equalsIgnoreCase(wanted.transportRole())) {
                continue;
            }
            boolean sharesBinding = normal(c.bindings()).stream().anyMatch(normal(wanted.bindings())::contains);
            boolean everyone = ranges(c.remoteIpRanges()).stream().anyMatch(r -> r.endsWith("/0"));
            if (sharesBinding && everyone) {
                return Optional.of(c.name());
            }
        }
        return Optional.empty();
    }

    /**
     * @param desired what the spec asks
     * @param snapshot what the server has
     * @return what must change; empty when converged
     */
    public static ExchangeChanges changes(ExchangeDesired desired, ExchangeSnapshot snapshot) {
        List<String> domains = desired.acceptedDomains().stream().filter(d -> snapshot.acceptedDomain(d).isEmpty()).toList();
        ExchangeChanges.CertificateChange cert = certificateChange(desired.certificate(), snapshot);
        boolean certChanges = cert == ExchangeChanges.CertificateChange.CREATE_SELF_SIGNED;
        ExchangeChanges.Change internet = connectorChange(desired.internet(), snapshot, certChanges);
        ExchangeChanges.Change relay = desired.relay().map(r -> connectorChange(r, snapshot, certChanges))
                .orElse(snapshot.receiveConnector(desired.relayName()).isPresent()
                        ? ExchangeChanges.Change.REMOVE : ExchangeChanges.Change.NONE);
        boolean limits = snapshot.maxReceiveSizeBytes() != desired.maxMessageSizeBytes()
                || snapshot.maxSendSizeBytes() != desired.maxMessageSizeBytes();
        Optional<SendConnectorSettings> send = snapshot.sendConnector(desired.send().name());
        ExchangeChanges.Change sendChange = send.isEmpty() ? ExchangeChanges.Change.CREATE
                : sendDifferences(desired.send(), send.get()).isEmpty() ? ExchangeChanges.Change.NONE : ExchangeChanges.Change.UPDATE;
        return new ExchangeChanges(domains, cert, internet, relay, limits, sendChange);
    }

    private static ExchangeChanges.CertificateChange certificateChange(ExchangeDesired.Certificate c, ExchangeSnapshot s) {
        switch (c.kind()) {
            case FILE:
                Optional<ExchangeCertificate> have = s.certificate(c.thumbprint());
                if (have.isEmpty()) {
                    return ExchangeChanges.CertificateChange.IMPORT;
                }
                return have.get().servesSmtp() ? ExchangeChanges.CertificateChange.NONE : ExchangeChanges.CertificateChange.ENABLE_SMTP;
            case SELF_SIGNED:
                if (c.thumbprint().isEmpty()) {
                    return ExchangeChanges.CertificateChange.CREATE_SELF_SIGNED;
                }
                return s.certificate(c.thumbprint()).map(ExchangeCertificate::servesSmtp).orElse(false)
                        ? ExchangeChanges.CertificateChange.NONE : ExchangeChanges.CertificateChange.ENABLE_SMTP;
            default:
                return ExchangeChanges.CertificateChange.NONE;
        }
    }

    private static ExchangeChanges.Change connectorChange(ReceiveConnectorSettings want, ExchangeSnapshot s, boolean certChanges) {
        Optional<ReceiveConnectorSettings> have = s.receiveConnector(want.name());
        if (have.isEmpty()) {
            return ExchangeChanges.Change.CREATE;
        }
        return certChanges || !connectorDifferences(want, have.get()).isEmpty()
                ? ExchangeChanges.Change.UPDATE : ExchangeChanges.Change.NONE;
    }

    /**
     * @param desired the spec's connector
     * @param actual the server's
     * @return "setting: expected x, found y" per difference
     */
    static List<Drift> connectorDifferences(ReceiveConnectorSettings desired, ReceiveConnectorSettings actual) {
        List<Drift> d = new ArrayList<>();
        String subject = "receive connector '" + desired.name() + "' ";
        same(d, subject + "TransportRole", desired.transportRole(), actual.transportRole());
        same(d, subject + "Bindings", normal(desired.bindings()), normal(actual.bindings()));
        same(d, subject + "RemoteIPRanges", ranges(desired.remoteIpRanges()), ranges(actual.remoteIpRanges()));
        same(d, subject + "PermissionGroups", new TreeSet<>(desired.permissionGroups()), new TreeSet<>(actual.permissionGroups()));
        same(d, subject + "AuthMechanism", new TreeSet<>(desired.authMechanisms()), new TreeSet<>(actual.authMechanisms()));
        same(d, subject + "MaxMessageSize", desired.maxMessageSizeBytes(), actual.maxMessageSizeBytes());
        same(d, subject + "Fqdn", desired.fqdn().toLowerCase(Locale.ROOT), actual.fqdn().toLowerCase(Locale.ROOT));
        same(d, subject + "TlsCertificateName", desired.tlsCertificateName(), actual.tlsCertificateName());
        same(d, subject + "RequireTLS", desired.requireTls(), actual.requireTls());
        return d;
    }

    static List<Drift> sendDifferences(SendConnectorSettings desired, SendConnectorSettings actual) {
        List<Drift> d = new ArrayList<>();
        String subject = "send connector '" + desired.name() + "' ";
        same(d, subject + "AddressSpaces", addressSpaces(desired.addressSpaces()), addressSpaces(actual.addressSpaces()));
        same(d, subject + "SmartHosts", normal(desired.smartHosts()), normal(actual.smartHosts()));
        same(d, subject + "Port", desired.port(), actual.port());
        same(d, subject + "Fqdn", desired.fqdn().toLowerCase(Locale.ROOT), actual.fqdn().toLowerCase(Locale.ROOT));
        // A send connector keeps its limit in whole kilobytes, rounding the bytes it is given up.
        same(d, subject + "MaxMessageSize (KB)", kilobytesRoundedUp(desired.maxMessageSizeBytes()),
                kilobytesRoundedUp(actual.maxMessageSizeBytes()));
        return d;
    }

    /**
     * @param desired what the spec asks
     * @param snapshot what the server has
     * @return every difference; empty when converged
     */
    public static List<Drift> drifts(ExchangeDesired desired, ExchangeSnapshot snapshot) {
        List<Drift> d = new ArrayList<>();
        for (String domain : desired.acceptedDomains()) {
            if (snapshot.acceptedDomain(domain).isEmpty()) {
                d.add(new Drift("accepted domain " + domain, "present", "absent", "exchange"));
            }
        }
        ExchangeChanges.CertificateChange cert = certificateChange(desired.certificate(), snapshot);
        if (cert != ExchangeChanges.CertificateChange.NONE) {
            d.add(new Drift("SMTP certificate", desired.certificate().kind() + " enabled for SMTP",
                    cert == ExchangeChanges.CertificateChange.ENABLE_SMTP ? "not enabled for SMTP" : "absent", "exchange"));
        }
        List<ReceiveConnectorSettings> connectors = new ArrayList<>(List.of(desired.internet()));
        desired.relay().ifPresent(connectors::add);
        for (ReceiveConnectorSettings want : connectors) {
            Optional<ReceiveConnectorSettings> have = snapshot.receiveConnector(want.name());
            if (have.isEmpty()) {
                d.add(new Drift("receive connector '" + want.name() + "'", "present", "absent", "exchange"));
            } else {
                d.addAll(connectorDifferences(want, have.get()));
            }
        }
        if (desired.relay().isEmpty() && snapshot.receiveConnector(desired.relayName()).isPresent()) {
            d.add(new Drift("receive connector '" + desired.relayName() + "'", "absent (the spec trusts no network)",
                    "present", "exchange"));
        }
        same(d, "transport config MaxReceiveSize", desired.maxMessageSizeBytes(), snapshot.maxReceiveSizeBytes());
        same(d, "transport config MaxSendSize", desired.maxMessageSizeBytes(), snapshot.maxSendSizeBytes());
        Optional<SendConnectorSettings> send = snapshot.sendConnector(desired.send().name());
        if (send.isEmpty()) {
            d.add(new Drift("send connector '" + desired.send().name() + "'", "present", "absent", "exchange"));
        } else {
            d.addAll(sendDifferences(desired.send(), send.get()));
        }
        return d;
    }

    /**
     * What differs between two snapshots in the objects a plan manages: proves a rollback.
     *
     * @param before the snapshot the plan was made from
     * @param now the server after the rollback
     * @param desired the plan's desired state (names the managed objects)
     * @return the differences; empty when the server is as before
     */
    public static List<Drift> differencesFrom(ExchangeSnapshot before, ExchangeSnapshot now, ExchangeDesired desired) {
        List<Drift> d = new ArrayList<>();
        for (String domain : desired.acceptedDomains()) {
            same(d, "accepted domain " + domain, before.acceptedDomain(domain).isPresent() ? "present" : "absent",
                    now.acceptedDomain(domain).isPresent() ? "present" : "absent");
        }
        for (String name : List.of(desired.internet().name(), desired.relayName())) {
            Optional<ReceiveConnectorSettings> b = before.receiveConnector(name);
            Optional<ReceiveConnectorSettings> n = now.receiveConnector(name);
            if (b.isPresent() != n.isPresent()) {
                d.add(new Drift("receive connector '" + name + "'", b.isPresent() ? "present" : "absent",
                        n.isPresent() ? "present" : "absent", "exchange"));
            } else if (b.isPresent()) {
                d.addAll(connectorDifferences(b.get(), n.get()));
            }
        }
        same(d, "transport config MaxReceiveSize", before.maxReceiveSizeBytes(), now.maxReceiveSizeBytes());
        same(d, "transport config MaxSendSize", before.maxSendSizeBytes(), now.maxSendSizeBytes());
        Optional<SendConnectorSettings> bs = before.sendConnector(desired.send().name());
        Optional<SendConnectorSettings> ns = now.sendConnector(desired.send().name());
        if (bs.isPresent() != ns.isPresent()) {
            d.add(new Drift("send connector '" + desired.send().name() + "'", bs.isPresent() ? "present" : "absent",
                    ns.isPresent() ? "present" : "absent", "exchange"));
        } else if (bs.isPresent()) {
            d.addAll(sendDifferences(bs.get(), ns.get()));
        }
        same(d, "certificates", new TreeSet<>(before.certificates().stream().map(ExchangeCertificate::thumbprint).toList()),
                new TreeSet<>(now.certificates().stream().map(ExchangeCertificate::thumbprint).toList()));
        return d;
    }

    /** @return the bytes in whole kilobytes, rounded up as a send connector stores them; unlimited stays unlimited */
    static long kilobytesRoundedUp(long bytes) {
        return bytes == ByteQuantifiedSize.UNLIMITED ? bytes : (bytes + 1023) / 1024;
    }

    private static void same(List<Drift> out, String subject, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            out.add(new Drift(subject, expected.toString(), actual.toString(), "exchange"));
        }
    }

    private static TreeSet<String> normal(List<String> values) {
        TreeSet<String> out = new TreeSet<>();
        values.forEach(v -> out.add(v.strip().toLowerCase(Locale.ROOT)));
        return out;
    }

    private static TreeSet<String> addressSpaces(List<String> spaces) {
        TreeSet<String> out = new TreeSet<>();
        for (String s : spaces) {
            String t = s.strip();
            if (t.regionMatches(true, 0, "SMTP:", 0, 5)) {
                t = t.substring(5);
            }
            int cost = t.lastIndexOf(';');
            if (cost > 0) {
                t = t.substring(0, cost);
            }
            out.add(t.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** Remote ranges in normal form: a range or subnet that is one network becomes its CIDR. */
    static TreeSet<String> ranges(List<String> ranges) {
        TreeSet<String> out = new TreeSet<>();
        for (String r : ranges) {
            out.add(normalRange(r.strip()));
        }
        return out;
    }

    private static String normalRange(String r) {
        try {
            int dash = r.indexOf('-');
            IPAddress block;
            if (dash > 0) {
                IPAddress[] blocks = new IPAddressString(r.substring(0, dash)).toAddress()
                        .spanWithPrefixBlocks(new IPAddressString(r.substring(dash + 1)).toAddress());
                if (blocks.length != 1) {
                    return r.toLowerCase(Locale.ROOT);
                }
                block = blocks[0];
            } else {
                IPAddress a = new IPAddressString(r).toAddress();
                block = (a.isPrefixed() ? a : a.setPrefixLength(a.getBitCount(), false)).toPrefixBlock();
            }
            return block.getLower().withoutPrefixLength().toCanonicalString() + "/" + block.getNetworkPrefixLength();
        } catch (Exception e) {
            return r.toLowerCase(Locale.ROOT);
        }
    }
}
