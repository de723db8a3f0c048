package dev.portcullis;

import dev.portcullis.internal.Problems;
import dev.portcullis.internal.Text;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What an SMTP server must be: its name, the domains it accepts mail for, whom it relays for, where
 * it listens, TLS, submission, limits and virtual mailboxes. Backends (Postfix, Exchange) turn it
 * into configuration; {@link #firewallPolicy()} gives the ports it needs open.
 *
 * <pre>{@code
 * MailServerSpec mail = MailServerSpec.forHost("mail.example.com")
 *     .origin("example.com")
 *     .acceptMailFor("example.com", "example.org")
 *     .trustNetworks("192.168.1.0/24")
 *     .tls(Tls.fromFiles(Path.of("/etc/ssl/certs/mail.pem"), Path.of("/etc/ssl/private/mail.key"))
 *             .minimumVersion(TlsVersion.TLS_1_2))
 *     .submission()
 *     .maxMessageSize(DataSize.ofMegabytes(50))
 *     .build();
 * }</pre>
 *
 * <p>An open relay is refused: trusted networks that amount to a large part of the Internet (see
 * {@link RelayGuard}) need the explicitly named {@link Builder#allowOpenRelayKnowingItWillBeAbused()}.
 */
public final class MailServerSpec implements Spec {

    /** SMTP, port 25. */
    public static final int SMTP_PORT = 25;
    /** Submission with STARTTLS, port 587. */
    public static final int SUBMISSION_PORT = 587;
    /** Submission over implicit TLS, port 465. */
    public static final int SMTPS_PORT = 465;

    /** The longest policy name (the limit of {@link PortPolicy#named(String)}). */
    private static final int MAX_NAME_LENGTH = 32;
    /** Ends the kept part of a cut name; never part of an uncut name, whose hyphen runs are 1 or even. */
    private static final String CUT_MARK = "---";

    private final HostName hostname;
    private final HostName origin;
    private final List<HostName> acceptedDomains;
    private final List<Cidr> trustedNetworks;
    private final ListenScope listenScope;
    private final List<String> listenAddresses;
    private final Set<IpFamily> ipFamilies;
    private final Tls tls;
    private final boolean submission;
    private final boolean smtps;
    private final RelayHost relayHost;
    private final DataSize maxMessageSize;
    private final ConnectionLimits connectionLimits;
    private final boolean vrfyDisabled;
    private final VirtualMailboxes virtualMailboxes;
    private final PostfixTuning postfixTuning;
    private final boolean openRelayAllowed;
    private final Duration logRetention;
    private final DkimSigning dkim;
    private final SpfPolicy spf;

    private MailServerSpec(Builder b, HostName hostname, HostName origin, List<HostName> domains, List<Cidr> trusted,
            List<String> addresses, RelayHost relayHost) {
        this.hostname = hostname;
        this.origin = origin;
        this.acceptedDomains = List.copyOf(domains);
        this.trustedNetworks = List.copyOf(trusted);
        this.listenScope = b.listenScope;
        this.listenAddresses = List.copyOf(addresses);
        this.ipFamilies = Collections.unmodifiableSet(EnumSet.copyOf(b.ipFamilies));
        this.tls = b.tls;
        this.submission = b.submission;
        this.smtps = b.smtps;
        this.relayHost = relayHost;
        this.maxMessageSize = b.maxMessageSize;
        this.connectionLimits = b.connectionLimits;
        this.vrfyDisabled = b.vrfyDisabled;
        this.virtualMailboxes = b.virtualMailboxes;
        this.postfixTuning = b.postfixTuning;
        this.openRelayAllowed = b.openRelayAllowed;
        this.logRetention = b.logRetention;
        this.dkim = b.dkim;
        this.spf = b.spf;
    }

    /**
     * Starts a spec.
     *
     * @param hostname the server's fully qualified name (Postfix myhostname; the banner names it)
     * @return a builder
     */
    public static Builder forHost(String hostname) {
        return new Builder(hostname);
    }

    /** @return a builder holding this spec */
    public Builder toBuilder() {
        Builder b = new Builder(hostname.value());
        b.origin = origin.value();
        acceptedDomains.forEach(d -> b.acceptedDomains.add(d.value()));
        trustedNetworks.forEach(c -> b.trustedNetworks.add(c.toCidrString()));
        b.listenScope = listenScope;
        b.listenAddresses.addAll(listenAddresses);
        b.ipFamilies.clear();
        b.ipFamilies.addAll(ipFamilies);
        b.tls = tls;
        b.submission = submission;
        b.smtps = smtps;
        b.relay = relayHost;
        b.maxMessageSize = maxMessageSize;
        b.connectionLimits = connectionLimits;
        b.vrfyDisabled = vrfyDisabled;
        b.virtualMailboxes = virtualMailboxes;
        b.postfixTuning = postfixTuning;
        b.openRelayAllowed = openRelayAllowed;
        b.logRetention = logRetention;
        b.dkim = dkim;
        b.spf = spf;
        return b;
    }

    /**
     * The name that tags what the spec owns: {@code mail-} and the host name with each {@code -}
     * doubled and each {@code .} turned into {@code -}. A label never starts or ends with a hyphen,
     * so a single hyphen is always a dot and a pair always a hyphen: two host names never share a
     * name ({@code a-b.example.com} is {@code mail-a--b-example-com}, {@code a.b-example.com} is
     * {@code mail-a-b--example-com}). A name longer than 32 characters is cut and ends in three
     * hyphens and 8 hex digits of a SHA-256 of the host name; three hyphens never occur in an uncut
     * name, so a cut name cannot equal an uncut one.
     *
     * @return the name, 1-32 characters of a-z, 0-9 and inner '-'
     */
    @Override
    public String name() {
        String n = "mail-" + hostname.value().replace("-", "--").replace('.', '-');
        if (n.length() <= MAX_NAME_LENGTH) {
            return n;
        }
        String digest = com.google.common.hash.Hashing.sha256()
                .hashString(hostname.value(), java.nio.charset.StandardCharsets.US_ASCII).toString().substring(0, 8);
        String cut = n.substring(0, MAX_NAME_LENGTH - CUT_MARK.length() - digest.length());
        while (cut.endsWith("-")) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + CUT_MARK + digest;
    }

    /**
     * The firewall policy this server needs: TCP 25, plus 587 and 465 when enabled, from anywhere,
     * for the server's IP families.
     *
     * @return the policy, named like {@link #name()}
     */
    public PortPolicy firewallPolicy() {
        List<Integer> ports = new ArrayList<>(List.of(SMTP_PORT));
        if (submission) {
            ports.add(SUBMISSION_PORT);
        }
        if (smtps) {
            ports.add(SMTPS_PORT);
        }
        // A description holds at most 128 characters, a host name up to 253.
        String description = "SMTP for " + hostname.value();
        if (description.length() > 128) {
            description = description.substring(0, 125) + "...";
        }
        PortPolicy.Builder b = PortPolicy.named(name()).description(description)
                .allow(Protocol.TCP, ports.stream().mapToInt(Integer::intValue).toArray());
        if (ipFamilies.size() == 1) {
            b.families(ipFamilies.iterator().next());
        }
        return b.build();
    }

    /** @return the ports the server listens on */
    public List<Integer> listeningPorts() {
        return firewallPolicy().rules().get(0).ports().stream().map(PortRange::from).toList();
    }

    /** @return myhostname */
    public HostName hostname() {
        return hostname;
    }

    /** @return myorigin: the domain local mail appears to come from */
    public HostName origin() {
        return origin;
    }

    /** @return domains the server accepts mail for (final destination) */
    public List<HostName> acceptedDomains() {
        return acceptedDomains;
    }

    /** @return networks allowed to relay through the server without authentication (loopback always is) */
    public List<Cidr> trustedNetworks() {
        return trustedNetworks;
    }

    /** @return whether the server listens on every address, on loopback only, or on {@link #listenAddresses()} */
    public ListenScope listenScope() {
        return listenScope;
    }

    /** @return the IP addresses the server listens on when its scope is {@link ListenScope#ADDRESSES}, else empty */
    public List<String> listenAddresses() {
        return listenAddresses;
    }

    /** @return IP families the server speaks */
    public Set<IpFamily> ipFamilies() {
        return ipFamilies;
    }

    /** @return TLS settings, if TLS is enabled */
    public Optional<Tls> tls() {
        return Optional.ofNullable(tls);
    }

    /** @return whether submission on 587 (STARTTLS required, SASL only) is enabled */
    public boolean submission() {
        return submission;
    }

    /** @return whether submission over implicit TLS on 465 is enabled */
    public boolean smtps() {
        return smtps;
    }

    /** @return settings only the Postfix backend uses (SASL socket, process limit) */
    public PostfixTuning postfixTuning() {
        return postfixTuning;
    }

    /** @return the smart host for outgoing mail, if any */
    public Optional<RelayHost> relayHost() {
        return Optional.ofNullable(relayHost);
    }

    /** @return largest message accepted */
    public DataSize maxMessageSize() {
        return maxMessageSize;
    }

    /** @return per-client limits */
    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    /** @return whether VRFY is disabled (default: true) */
    public boolean vrfyDisabled() {
        return vrfyDisabled;
    }

    /** @return virtual mailbox delivery */
    public VirtualMailboxes virtualMailboxes() {
        return virtualMailboxes;
    }

    /**
     * @return how long the mail log is kept, in whole days, when the spec manages its rotation (the
     *     Postfix backend then has Postfix write its own log file and rotates it daily)
     */
    public Optional<Duration> logRetention() {
        return Optional.ofNullable(logRetention);
    }

    /** @return DKIM signing of outgoing mail, if enabled */
    public Optional<DkimSigning> dkim() {
        return Optional.ofNullable(dkim);
    }

    /** @return the SPF check of incoming mail, if enabled */
    public Optional<SpfPolicy> spf() {
        return Optional.ofNullable(spf);
    }

    /** @return whether the open-relay refusal was explicitly overridden */
    public boolean openRelayAllowed() {
        return openRelayAllowed;
    }

    /** Calls the {@code mailServer} function with this spec. */
    @Override
    public <R> R match(Function<? super PortPolicy, ? extends R> policy,
            Function<? super MailServerSpec, ? extends R> mailServer) {
        return mailServer.apply(this);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MailServerSpec)) {
            return false;
        }
        MailServerSpec s = (MailServerSpec) o;
        return hostname.equals(s.hostname) && origin.equals(s.origin) && acceptedDomains.equals(s.acceptedDomains)
                && trustedNetworks.equals(s.trustedNetworks) && listenScope == s.listenScope
                && listenAddresses.equals(s.listenAddresses)
                && ipFamilies.equals(s.ipFamilies) && Objects.equals(tls, s.tls) && submission == s.submission
                && smtps == s.smtps && postfixTuning.equals(s.postfixTuning)
                && Objects.equals(relayHost, s.relayHost) && maxMessageSize.equals(s.maxMessageSize)
                && connectionLimits.equals(s.connectionLimits) && vrfyDisabled == s.vrfyDisabled
                && virtualMailboxes.equals(s.virtualMailboxes)
                && openRelayAllowed == s.openRelayAllowed && Objects.equals(logRetention, s.logRetention)
                && Objects.equals(dkim, s.dkim) && spf == s.spf;
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostname, origin, acceptedDomains, trustedNetworks, listenScope, listenAddresses, ipFamilies,
                tls, submission, smtps, postfixTuning, relayHost, maxMessageSize, connectionLimits, vrfyDisabled,
                virtualMailboxes, openRelayAllowed, logRetention, dkim, spf);
    }

    @Override
    public String toString() {
        return "MailServerSpec{" + hostname + ", origin=" + origin + ", domains=" + acceptedDomains + ", trusted="
                + trustedNetworks + ", listen=" + (listenScope == ListenScope.ADDRESSES ? listenAddresses : listenScope.word())
                + ", families=" + ipFamilies + ", tls=" + tls
                + ", submission=" + submission + ", smtps=" + smtps + ", relay=" + relayHost + ", maxSize="
                + maxMessageSize + ", limits=" + connectionLimits + ", vrfyDisabled=" + vrfyDisabled + ", "
                + virtualMailboxes + ", " + postfixTuning + (logRetention == null ? "" : ", logRetention=" + logRetention.toDays() + "d")
                + (dkim == null ? "" : ", dkim=" + dkim) + (spf == null ? "" : ", spf=" + spf.word())
                + (openRelayAllowed ? ", OPEN RELAY" : "") + "}";
    }

    /** Maps "trustedNetworks[i]" over the de-duplicated list back to the index the user gave. */
    private static String asGiven(String field, List<Integer> givenIndex) {
        int open = field.indexOf('[');
        if (open < 0) {
            return field;
        }
        int i = Integer.parseInt(field.substring(open + 1, field.length() - 1));
        return field.substring(0, open) + "[" + givenIndex.get(i) + "]";
    }

    /** Builds a {@link MailServerSpec}; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private final String hostname;
        private String origin;
        private final List<String> acceptedDomains = new ArrayList<>();
        private final List<String> trustedNetworks = new ArrayList<>();
        private ListenScope listenScope = ListenScope.ALL;
        private final List<String> listenAddresses = new ArrayList<>();
        private final Set<IpFamily> ipFamilies = EnumSet.allOf(IpFamily.class);
        private Tls tls;
        private boolean submission;
        private boolean smtps;
        private String relayHost;
        private int relayPort = 25;
        /** A relay built with its own builder (a login, a CA); replaces {@link #relayHost}, and the other way round. */
        private RelayHost relay;
        private DataSize maxMessageSize = DataSize.ofBytes(10_240_000);
        private ConnectionLimits connectionLimits = ConnectionLimits.NONE;
        private boolean vrfyDisabled = true;
        private VirtualMailboxes virtualMailboxes = VirtualMailboxes.none();
        private PostfixTuning postfixTuning = PostfixTuning.defaults();
        private boolean openRelayAllowed;
        private Duration logRetention;
        private DkimSigning dkim;
        private SpfPolicy spf;

        private Builder(String hostname) {
            this.hostname = hostname;
        }

        /**
         * @param origin domain that locally posted mail appears to come from (default: the host's parent domain, or the host itself when its parent is a top-level domain)
         * @return this builder
         */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /**
         * @param domains domains to accept mail for, in addition to those already given
         * @return this builder
         */
        public Builder acceptMailFor(String... domains) {
            acceptedDomains.addAll(Arrays.asList(domains));
            return this;
        }

        /**
         * @param cidrs networks allowed to relay without authentication (loopback always is)
         * @return this builder
         */
        public Builder trustNetworks(String... cidrs) {
            trustedNetworks.addAll(Arrays.asList(cidrs));
            return this;
        }

        /**
         * @param scope every address ({@link ListenScope#ALL}, the default) or loopback only
         *     ({@link ListenScope#LOOPBACK_ONLY}); replaces addresses given before
         * @return this builder
         */
        public Builder listenOn(ListenScope scope) {
            listenScope = scope;
            listenAddresses.clear();
            return this;
        }

        /**
         * @param addresses the IP addresses to listen on, instead of every address
         * @return this builder
         */
        public Builder listenOn(String... addresses) {
            listenScope = ListenScope.ADDRESSES;
            listenAddresses.clear();
            listenAddresses.addAll(Arrays.asList(addresses));
            return this;
        }

        /**
         * @param families IP families to speak (default both)
         * @return this builder
         */
        public Builder ipFamilies(IpFamily... families) {
            ipFamilies.clear();
            ipFamilies.addAll(Arrays.asList(families));
            return this;
        }

        /**
         * @param tls TLS settings, or null for none
         * @return this builder
         */
        public Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Enables submission on 587: STARTTLS required, SASL authentication only.
         *
         * @return this builder
         */
        public Builder submission() {
            this.submission = true;
            return this;
        }

        /**
         * Enables submission over implicit TLS on 465, SASL authentication only.
         *
         * @return this builder
         */
        public Builder smtps() {
            this.smtps = true;
            return this;
        }

        /**
         * @param tuning settings only the Postfix backend uses (default {@link PostfixTuning#defaults()})
         * @return this builder
         */
        public Builder postfix(PostfixTuning tuning) {
            this.postfixTuning = Objects.requireNonNull(tuning, "postfix");
            return this;
        }

        /**
         * @param host smart host for outgoing mail
         * @param port its port
         * @return this builder
         */
        public Builder relayHost(String host, int port) {
            this.relayHost = host;
            this.relayPort = port;
            this.relay = null;
            return this;
        }

        /**
         * @param relay smart host for outgoing mail, with a login or a CA to verify it by
         *     ({@link RelayHost#builder(String, int)}); null for none
         * @return this builder
         */
        public Builder relayHost(RelayHost relay) {
            this.relay = relay;
            this.relayHost = null;
            return this;
        }

        /**
         * @param size largest message accepted (default 10240000 bytes, as Postfix)
         * @return this builder
         */
        public Builder maxMessageSize(DataSize size) {
            this.maxMessageSize = Objects.requireNonNull(size, "maxMessageSize");
            return this;
        }

        /**
         * @param limits per-client limits
         * @return this builder
         */
        public Builder connectionLimits(ConnectionLimits limits) {
            this.connectionLimits = Objects.requireNonNull(limits, "connectionLimits");
            return this;
        }

        /**
         * @param disabled whether VRFY is refused (default true: it leaks which addresses exist)
         * @return this builder
         */
        public Builder vrfyDisabled(boolean disabled) {
            this.vrfyDisabled = disabled;
            return this;
        }

        /**
         * @param mailboxes virtual mailbox delivery
         * @return this builder
         */
        public Builder virtualMailboxes(VirtualMailboxes mailboxes) {
            this.virtualMailboxes = Objects.requireNonNull(mailboxes, "virtualMailboxes");
            return this;
        }

        /**
         * Keeps the mail log for this long and no longer: rotated daily, compressed, the oldest
         * deleted. Compliance baselines ask network logs to be kept at least 60 days
         * ({@code Duration.ofDays(60)}); privacy rules may cap mail data at six months.
         *
         * @param retention whole days, from 1 day to 3650 days
         * @return this builder
         */
        public Builder logRetention(Duration retention) {
            this.logRetention = Objects.requireNonNull(retention, "logRetention");
            return this;
        }

        /**
         * Signs outgoing mail of the origin and every accepted domain with DKIM.
         *
         * @param signing the selector and key size ({@link DkimSigning#defaults()}: "mail", 2048-bit RSA), or null for none
         * @return this builder
         */
        public Builder dkim(DkimSigning signing) {
            this.dkim = signing;
            return this;
        }

        /**
         * Checks the SPF record of the envelope sender's domain on mail from outside the trusted networks.
         *
         * @param policy refuse mail that fails, or only mark it; null for no check
         * @return this builder
         */
        public Builder spf(SpfPolicy policy) {
            this.spf = policy;
            return this;
        }

        /**
         * Lets trusted networks cover every address: anyone on the Internet may then send mail
         * through this server, and it will be found and abused within hours. Only for closed lab
         * networks.
         *
         * @return this builder
         */
        public Builder allowOpenRelayKnowingItWillBeAbused() {
            this.openRelayAllowed = true;
            return this;
        }

        /**
         * Applies a consumer to this builder (a Groovy closure works here).
         *
         * @param spec configures this builder
         * @return this builder
         */
        public Builder configure(Consumer<Builder> spec) {
            spec.accept(this);
            return this;
        }

        /**
         * @return the spec
         * @throws InvalidSpecException listing every problem, each with its field path
         */
        public MailServerSpec build() {
            Problems p = Problems.create();
            HostName host = p.parse("hostname", hostname, HostName::of);
            if (host != null && !host.isQualified()) {
                p.add("hostname", "'" + host + "' is not fully qualified (e.g. mail.example.com)");
            }
            HostName orig = origin == null ? (host == null ? null : host.parent().isQualified() ? host.parent() : host)
                    : p.parse("origin", origin, HostName::of);
            List<HostName> domains = new ArrayList<>();
            for (int i = 0; i < acceptedDomains.size(); i++) {
                HostName d = p.parse("acceptedDomains[" + i + "]", acceptedDomains.get(i), HostName::of);
                if (d != null && !domains.contains(d)) {
                    domains.add(d);
                }
            }
            List<Cidr> trusted = new ArrayList<>();
            List<Integer> trustedIndex = new ArrayList<>();
            for (int i = 0; i < trustedNetworks.size(); i++) {
                Cidr c = p.parse("trustedNetworks[" + i + "]", trustedNetworks.get(i), Cidr::parse);
                if (c != null && c.ipv4MappedProblem().isPresent()) {
                    // No client arrives from a mapped address: trusting one would trust nobody, or not what was meant.
                    p.add("trustedNetworks[" + i + "]", c.ipv4MappedProblem().get());
                } else if (c != null && !trusted.contains(c)) {
                    trusted.add(c);
                    trustedIndex.add(i);
                }
            }
            if (!openRelayAllowed) {
                for (SpecProblem problem : RelayGuard.standard().problems("trustedNetworks", trusted)) {
                    p.add(asGiven(problem.field(), trustedIndex), problem.reason());
                }
            }
            List<String> addresses = new ArrayList<>();
            if (listenScope == null) {
                p.add("listenInterfaces", "is missing (all, loopback-only or IP addresses)");
            } else if (listenScope == ListenScope.ADDRESSES && listenAddresses.isEmpty()) {
                p.add("listenInterfaces", "needs at least one IP address (or listen on all or loopback-only)");
            }
            for (int i = 0; i < listenAddresses.size(); i++) {
                String raw = listenAddresses.get(i);
                if (ListenScope.ALL.word().equals(raw) || ListenScope.LOOPBACK_ONLY.word().equals(raw)) {
                    p.add("listenInterfaces[" + i + "]", "'" + raw + "' is not an address: listen on " + raw
                            + " alone (ListenScope." + (raw.equals("all") ? "ALL" : "LOOPBACK_ONLY") + "), or on addresses only");
                    continue;
                }
                Cidr c = p.parse("listenInterfaces[" + i + "]", raw, Cidr::parse);
                if (c != null && !c.isHost()) {
                    p.add("listenInterfaces[" + i + "]", "'" + raw + "' is a network, not an address");
                } else if (c != null && !addresses.contains(c.address())) {
                    addresses.add(c.address());
                }
            }
            if (ipFamilies.isEmpty()) {
                p.add("ipFamilies", "needs at least one IP family");
            }
            if (tls != null) {
                p.parse("tls.certificate", tls.certificate().toString(), Text::absolutePath);
                p.parse("tls.privateKey", tls.privateKey().toString(), Text::absolutePath);
            }
            if (submission && tls == null) {
                p.add("submission", "needs tls(...): passwords are only accepted over TLS");
            }
            if (smtps && tls == null) {
                p.add("smtps", "needs tls(...)");
            }
            RelayHost relay = this.relay;
            if (relayHost != null) {
                HostName rh = p.parse("relayHost.host", relayHost, HostName::of);
                if (PortRange.problem(relayPort, relayPort) != null) {
                    p.add("relayHost.port", PortRange.problem(relayPort, relayPort));
                } else if (rh != null) {
                    relay = new RelayHost(rh, relayPort);
                }
            }
            if (maxMessageSize.bytes() < 1024) {
                p.add("maxMessageSize", maxMessageSize + " is too small for any real message (at least 1KB)");
            }
            if (logRetention != null && (logRetention.toDays() < 1 || logRetention.toDays() > 3650
                    || !logRetention.equals(Duration.ofDays(logRetention.toDays())))) {
                p.add("logRetention", "must be whole days from 1 to 3650 days, not " + logRetention);
            }
            if (virtualMailboxes.kind() != VirtualMailboxes.Kind.NONE && domains.isEmpty()) {
                p.add("acceptedDomains", "virtual mailboxes need at least one accepted (virtual) domain");
            }
            p.throwIfAny();
            return new MailServerSpec(this, host, orig, domains, trusted, addresses, relay);
        }
    }
}
