package dev.portcullis.postfix;

import dev.portcullis.Cidr;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SecretRef;
import dev.portcullis.Tls;
import dev.portcullis.TlsSecurityLevel;
import dev.portcullis.TlsVersion;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.StepContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPReply;

/**
 * Proves a mail server over the wire, from wherever this JVM runs, with Apache Commons Net's SMTP
 * client. On port 25: the banner names the host; EHLO advertises STARTTLS (when TLS is on), SIZE
 * equal to the limit, PIPELINING, and no VRFY when it is disabled; a STARTTLS handshake succeeds
 * at the minimum TLS version and fails one version below it; RCPT TO a foreign domain is refused
 * (no open relay). On 587: STARTTLS is offered, AUTH is not offered before it and MAIL before it
 * is refused; after STARTTLS, AUTH PLAIN is offered (a smtpd without a SASL server dies right
 * there). On 465: the implicit TLS handshake succeeds and AUTH PLAIN is offered. Given a
 * {@link #login(String, SecretRef)}, on both: a wrong password is refused, the right one logs in,
 * and the user may relay to a foreign domain. Nothing is ever delivered: every session ends with
 * RSET and QUIT.
 *
 * <pre>{@code
 * SmtpProbeReport r = MailServerProbe.forSpec(spec).target("192.0.2.25").run();
 * if (!r.passed()) System.err.println(r);
 * }</pre>
 *
 * <p>The relay check is only meaningful from an address outside mynetworks; when this JVM's
 * address is inside (loopback, a trusted network), the check is reported as skipped, not passed.
 */
public final class MailServerProbe {

    /** Local part and domain used for the relay check; .invalid can never be a real domain (RFC 2606). */
    static final String FOREIGN_RECIPIENT = "relay-probe@portcullis-relay-probe.invalid";
    private static final String EHLO_NAME = "probe.portcullis.invalid";
    private static final int CONNECT_ATTEMPTS = 8;
    private static final Duration CONNECT_RETRY = Duration.ofMillis(400);

    private final MailServerSpec spec;
    private final String target;
    private final Duration timeout;
    private final int smtpPort;
    private final int submissionPort;
    private final int smtpsPort;
    private final SubmissionLogin login;

    private MailServerProbe(MailServerSpec spec, String target, Duration timeout, int smtpPort, int submissionPort,
            int smtpsPort, SubmissionLogin login) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.target = target;
        this.timeout = timeout;
        this.smtpPort = smtpPort;
        this.submissionPort = submissionPort;
        this.smtpsPort = smtpsPort;
        this.login = login;
    }

    /**
     * @param spec what the server should be
     * @return a probe of 127.0.0.1 with a 10 s timeout; set {@link #target(String)} to probe from outside
     */
    public static MailServerProbe forSpec(MailServerSpec spec) {
        return new MailServerProbe(spec, "127.0.0.1", Duration.ofSeconds(10), MailServerSpec.SMTP_PORT,
                MailServerSpec.SUBMISSION_PORT, MailServerSpec.SMTPS_PORT, null);
    }

    /**
     * @param address host name or IP address of the server, as this JVM reaches it
     * @return a copy probing that address
     */
    public MailServerProbe target(String address) {
        return new MailServerProbe(spec, Objects.requireNonNull(address, "address"), timeout, smtpPort, submissionPort,
                smtpsPort, login);
    }

    /**
     * @param timeout for each connection and each reply
     * @return a copy with that timeout
     */
    public MailServerProbe timeout(Duration timeout) {
        return new MailServerProbe(spec, target, Objects.requireNonNull(timeout, "timeout"), smtpPort, submissionPort,
                smtpsPort, login);
    }

    /**
     * For servers reached through port mappings.
     *
     * @param smtp where port 25 is reached
     * @param submission where port 587 is reached
     * @param smtps where port 465 is reached
     * @return a copy using those ports
     */
    public MailServerProbe ports(int smtp, int submission, int smtps) {
        return new MailServerProbe(spec, target, timeout, smtp, submission, smtps, login);
    }

    /**
     * Lets the probe log in on the submission ports: AUTH PLAIN after STARTTLS on 587 (and inside
     * implicit TLS on 465) must succeed, the same user with a wrong password must be refused, and
     * the logged-in user must be allowed to relay to a foreign domain (RCPT TO accepted, then RSET:
     * nothing is sent). The password is read from its reference when the probe runs and goes only
     * to the server, inside TLS; findings never carry it.
     *
     * @param user the login, e.g. a mailbox address
     * @param password where its password lives
     * @return a copy that logs in
     */
    public MailServerProbe login(String user, SecretRef password) {
        return new MailServerProbe(spec, target, timeout, smtpPort, submissionPort, smtpsPort,
                new SubmissionLogin(Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password")));
    }

    /** @return the address probed */
    public String target() {
        return target;
    }

    /** @return every check, in order; never throws for a misbehaving server */
    public SmtpProbeReport run() {
        List<SmtpFinding> f = new ArrayList<>();
        checkPort25(f);
        spec.tls().ifPresent(tls -> {
            checkTlsAtMinimum(f, tls.port25Minimum(), tls.securityLevel());
            checkTlsBelowMinimum(f, tls.port25Minimum());
        });
        if (spec.submission()) {
            checkSubmission(f);
        }
        if (spec.smtps()) {
            checkSmtps(f);
        }
        return new SmtpProbeReport(target, f);
    }

    /** @return this probe as a plan's final check: it fails when any check fails, naming them all */
    public Probe asPlanProbe() {
        return new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                SmtpProbeReport r = run();
                String lines = String.join("; ", r.findings().stream().map(SmtpFinding::toString).toList());
                return r.passed() ? ProbeResult.ok("SMTP probe of " + target + " passed: " + lines)
                        : ProbeResult.failed("SMTP probe of " + target + " failed: " + lines);
            }

            @Override
            public String description() {
                return "SMTP probe of " + target + " over the wire (banner, EHLO, STARTTLS at "
                        + spec.tls().map(t -> t.port25Minimum().protocolName()).orElse("-")
                        + " and below, no open relay" + (spec.submission() ? ", 587 refuses MAIL before STARTTLS and offers AUTH"
                        + " only after it" : "") + (spec.smtps() ? ", 465 implicit TLS offering AUTH" : "")
                        + (login != null ? ", " + login.user() + " logs in and may relay, a wrong password is refused" : "")
                        + ")";
            }
        };
    }

    private void checkPort25(List<SmtpFinding> f) {
        String p = "port " + smtpPort + ": ";
        ProbeClient c = new ProbeClient(false, null);
        try {
            connect(c, smtpPort);
        } catch (IOException e) {
            f.add(fail(p + "connection", describe(e)));
            return;
        }
        try {
            String banner = c.getReplyString().strip();
            String host = spec.hostname().value();
            f.add(banner.startsWith("220") && banner.toLowerCase(Locale.ROOT).contains(host)
                    ? pass(p + "banner names " + host, banner) : fail(p + "banner names " + host, banner));
            c.ehlo(EHLO_NAME);
            List<String> ext = extensions(c);
            f.add(ext.contains("PIPELINING") ? pass(p + "EHLO advertises PIPELINING", "")
                    : fail(p + "EHLO advertises PIPELINING", String.join(" ", ext)));
            String size = ext.stream().filter(e -> e.startsWith("SIZE")).findFirst().orElse("(no SIZE)");
            String wanted = "SIZE " + spec.maxMessageSize().bytes();
            f.add(size.equals(wanted) ? pass(p + "EHLO advertises " + wanted, size) : fail(p + "EHLO advertises " + wanted, size));
            boolean vrfy = ext.contains("VRFY");
            if (spec.vrfyDisabled()) {
                f.add(!vrfy ? pass(p + "EHLO does not advertise VRFY", "") : fail(p + "EHLO does not advertise VRFY", "VRFY offered"));
            } else {
                f.add(vrfy ? pass(p + "EHLO advertises VRFY", "") : fail(p + "EHLO advertises VRFY", "not offered"));
            }
            boolean starttls = ext.contains("STARTTLS");
            if (spec.tls().isPresent()) {
                f.add(starttls ? pass(p + "EHLO advertises STARTTLS", "") : fail(p + "EHLO advertises STARTTLS", String.join(" ", ext)));
            } else {
                f.add(!starttls ? pass(p + "EHLO does not advertise STARTTLS (no TLS configured)", "")
                        : fail(p + "EHLO does not advertise STARTTLS (no TLS configured)", "STARTTLS offered"));
            }
            boolean encryptRequired = spec.tls().map(t -> t.securityLevel() == TlsSecurityLevel.ENCRYPT).orElse(false);
            if (!encryptRequired) {
                f.add(relayCheck(c, p));
            }
            quietly(c::rset);
            quietly(c::quit);
        } catch (IOException e) {
            f.add(fail(p + "SMTP dialogue", describe(e)));
        } finally {
            close(c);
        }
    }

    private SmtpFinding relayCheck(ProbeClient c, String p) throws IOException {
        String check = p + "RCPT TO a foreign domain is refused (no open relay)";
        InetAddress local = c.getLocalAddress();
        Optional<String> inside = insideMynetworks(local);
        if (inside.isPresent()) {
            return skip(check, "this probe connects from " + local.getHostAddress() + ", inside mynetworks ("
                    + inside.get() + "): relay refusal can only be proven from outside");
        }
        int mail = c.mail("<>");
        if (!SMTPReply.isPositiveCompletion(mail)) {
            return fail(check, "MAIL FROM:<> was refused before RCPT could be tried: " + c.getReplyString().strip());
        }
        int rcpt = c.rcpt("<" + FOREIGN_RECIPIENT + ">");
        String reply = c.getReplyString().strip();
        if (SMTPReply.isPositiveCompletion(rcpt)) {
            return fail(check, "OPEN RELAY: " + FOREIGN_RECIPIENT + " accepted from " + local.getHostAddress() + ": " + reply);
        }
        return pass(check, "from " + local.getHostAddress() + ": " + reply);
    }

    private Optional<String> insideMynetworks(InetAddress local) {
        if (local.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        Cidr me = Cidr.parse(local.getHostAddress());
        return spec.trustedNetworks().stream().filter(n -> n.contains(me)).map(Cidr::toCidrString).findFirst();
    }

    private void checkTlsAtMinimum(List<SmtpFinding> f, TlsVersion min, TlsSecurityLevel level) {
        String check = "port " + smtpPort + ": STARTTLS handshake at " + min.protocolName() + " succeeds";
        ProbeClient c = new ProbeClient(false, min);
        try {
            connect(c, smtpPort);
            c.ehlo(EHLO_NAME);
            if (!c.execTLS()) {
                f.add(fail(check, "STARTTLS refused: " + c.getReplyString().strip()));
                return;
            }
            f.add(pass(check, "negotiated " + c.protocol()));
            if (level == TlsSecurityLevel.ENCRYPT) {
                c.ehlo(EHLO_NAME);
                f.add(relayCheck(c, "port " + smtpPort + " (inside TLS): "));
            }
            quietly(c::rset);
            quietly(c::quit);
        } catch (IOException e) {
            f.add(fail(check, describe(e)));
        } finally {
            close(c);
        }
    }

    private void checkTlsBelowMinimum(List<SmtpFinding> f, TlsVersion min) {
        if (min.ordinal() == 0) {
            f.add(skip("port " + smtpPort + ": STARTTLS below " + min.protocolName() + " fails", "no TLS version below it"));
            return;
        }
        TlsVersion below = TlsVersion.values()[min.ordinal() - 1];
        String check = "port " + smtpPort + ": STARTTLS handshake at " + below.protocolName() + " fails";
        if (!jvmCanOffer(below)) {
            f.add(skip(check, "this JVM has " + below.protocolName()
                    + " disabled (jdk.tls.disabledAlgorithms), so it cannot try it"));
            return;
        }
        ProbeClient c = new ProbeClient(false, below);
        try {
            connect(c, smtpPort);
            c.ehlo(EHLO_NAME);
            boolean ok = c.execTLS();
            f.add(ok ? fail(check, "the server accepted " + c.protocol()) : pass(check, "STARTTLS refused: " + c.getReplyString().strip()));
            quietly(c::quit);
        } catch (SSLException e) {
            f.add(pass(check, "handshake refused: " + e.getMessage()));
        } catch (IOException e) {
            // a reset or EOF during the handshake is the server refusing too
            f.add(pass(check, "connection ended during the handshake: " + describe(e)));
        } finally {
            close(c);
        }
    }

    private void checkSubmission(List<SmtpFinding> f) {
        String p = "port " + submissionPort + ": ";
        ProbeClient c = new ProbeClient(false, null);
        try {
            connect(c, submissionPort);
            c.ehlo(EHLO_NAME);
            List<String> ext = extensions(c);
            f.add(ext.contains("STARTTLS") ? pass(p + "EHLO advertises STARTTLS", "")
                    : fail(p + "EHLO advertises STARTTLS", String.join(" ", ext)));
            f.add(auth(ext).isEmpty() ? pass(p + "AUTH is not offered before STARTTLS", "")
                    : fail(p + "AUTH is not offered before STARTTLS", auth(ext).get()));
            int mail = c.mail("<>");
            String reply = c.getReplyString().strip();
            f.add(SMTPReply.isPositiveCompletion(mail) ? fail(p + "MAIL before STARTTLS is refused", "accepted: " + reply)
                    : pass(p + "MAIL before STARTTLS is refused", reply));
            quietly(c::rset);
            if (!c.execTLS()) {
                f.add(fail(p + "STARTTLS", "refused: " + c.getReplyString().strip()));
                return;
            }
            afterTls(f, c, p);
        } catch (IOException e) {
            f.add(fail(p + "SMTP dialogue", describe(e)));
        } finally {
            close(c);
        }
    }

    /**
     * Inside TLS (after STARTTLS on 587, from the first byte on 465): AUTH must be offered, since a
     * smtpd without a SASL server dies right here; with a login, the wrong password is refused,
     * the right one accepted, and the user may relay.
     */
    private void afterTls(List<SmtpFinding> f, ProbeClient c, String p) throws IOException {
        if (!SMTPReply.isPositiveCompletion(c.ehlo(EHLO_NAME))) {
            f.add(fail(p + "EHLO inside TLS", c.getReplyString().strip()));
            return;
        }
        Optional<String> auth = auth(extensions(c));
        f.add(auth.map(a -> a.contains("PLAIN")).orElse(false) ? pass(p + "AUTH PLAIN is offered inside TLS", auth.get())
                : fail(p + "AUTH PLAIN is offered inside TLS", auth.orElse("no AUTH: no SASL server answers Postfix")));
        if (login == null || auth.isEmpty()) {
            quietly(c::quit);
            return;
        }
        String wrong = "wrong-" + Long.toHexString(System.nanoTime()) + "-" + Integer.toHexString(login.hashCode());
        boolean wrongAccepted = authenticate(c, login.user(), wrong);
        String wrongReply = c.getReplyString().strip();
        f.add(wrongAccepted ? fail(p + "a wrong password for " + login.user() + " is refused", "accepted: " + wrongReply)
                : pass(p + "a wrong password for " + login.user() + " is refused", wrongReply));
        String password;
        try {
            password = login.password().resolve().reveal();
        } catch (IllegalStateException e) {
            f.add(fail(p + login.user() + " logs in", e.getMessage())); // names the reference, never a value
            quietly(c::quit);
            return;
        }
        if (!authenticate(c, login.user(), password)) {
            f.add(fail(p + login.user() + " logs in", c.getReplyString().strip()));
            quietly(c::quit);
            return;
        }
        f.add(pass(p + login.user() + " logs in", c.getReplyString().strip()));
        int mail = c.mail("<" + login.user() + ">");
        int rcpt = SMTPReply.isPositiveCompletion(mail) ? c.rcpt("<" + FOREIGN_RECIPIENT + ">") : mail;
        String reply = c.getReplyString().strip();
        f.add(SMTPReply.isPositiveCompletion(rcpt) ? pass(p + login.user() + " may relay to a foreign domain", reply)
                : fail(p + login.user() + " may relay to a foreign domain", reply));
        quietly(c::rset);
        quietly(c::quit);
    }

    private static boolean authenticate(ProbeClient c, String user, String password) throws IOException {
        try {
            return c.auth(AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, user, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("AUTH PLAIN could not be encoded", e);
        }
    }

    private static Optional<String> auth(List<String> extensions) {
        return extensions.stream().filter(e -> e.equals("AUTH") || e.startsWith("AUTH ")).findFirst();
    }

    private void checkSmtps(List<SmtpFinding> f) {
        TlsVersion min = spec.tls().map(Tls::submissionMinimum).orElse(TlsVersion.TLS_1_2);
        String check = "port " + smtpsPort + ": implicit TLS handshake and greeting";
        ProbeClient c = new ProbeClient(true, min);
        try {
            connect(c, smtpsPort);
            String banner = c.getReplyString().strip();
            f.add(banner.startsWith("220") ? pass(check, c.protocol() + ", " + banner) : fail(check, banner));
            afterTls(f, c, "port " + smtpsPort + ": ");
        } catch (IOException e) {
            f.add(fail(check, describe(e)));
        } finally {
            close(c);
        }
    }

    private void connect(ProbeClient c, int port) throws IOException {
        int millis = (int) timeout.toMillis();
        c.setConnectTimeout(millis);
        c.setDefaultTimeout(millis);
        // right after a reload or start, master may take a moment to listen again
        for (int attempt = 1;; attempt++) {
            try {
                c.connect(target, port);
                return;
            } catch (ConnectException e) {
                if (attempt >= CONNECT_ATTEMPTS) {
                    throw e;
                }
                sleep(CONNECT_RETRY);
            }
        }
    }

    private static List<String> extensions(ProbeClient c) {
        String[] lines = c.getReplyStrings();
        List<String> ext = new ArrayList<>();
        // the first line is the greeting ("250-mail.example.com"), the rest are keywords
        for (int i = 1; i < lines.length; i++) {
            ext.add(lines[i].length() > 4 ? lines[i].substring(4).strip().toUpperCase(Locale.ROOT) : "");
        }
        return ext;
    }

    /**
     * Whether this JVM would offer a protocol at all: Java disables TLS 1.0 and 1.1 by default,
     * and a handshake it never sends would look like a refusal by the server.
     */
    static boolean jvmCanOffer(TlsVersion version) {
        try {
            SSLContext ctx = trustingContext();
            SSLEngine engine = ctx.createSSLEngine();
            engine.setUseClientMode(true);
            if (!Arrays.asList(engine.getSupportedProtocols()).contains(version.protocolName())) {
                return false;
            }
            engine.setEnabledProtocols(new String[] {version.protocolName()});
            engine.beginHandshake();
            engine.wrap(java.nio.ByteBuffer.allocate(0), java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
            return true;
        } catch (SSLException | GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The probe checks the handshake and the protocol version, not who signed the certificate
     * (self-signed certificates are a supported setup, reported as such in the plan): so it trusts
     * whatever the server presents. It never sends mail; it sends credentials only when given a
     * {@link #login(String, SecretRef)}, inside TLS to the target named: use a login kept for probing.
     */
    static SSLContext trustingContext() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // the probe is the client
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // see trustingContext(): the handshake and protocol are under test, not the issuer
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static SmtpFinding pass(String check, String detail) {
        return new SmtpFinding(SmtpFinding.Status.PASS, check, detail);
    }

    private static SmtpFinding fail(String check, String detail) {
        return new SmtpFinding(SmtpFinding.Status.FAIL, check, detail);
    }

    private static SmtpFinding skip(String check, String detail) {
        return new SmtpFinding(SmtpFinding.Status.SKIP, check, detail);
    }

    private interface IoAction {
        int run() throws IOException;
    }

    private static void quietly(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            // the session is over either way
        }
    }

    private static void close(ProbeClient c) {
        try {
            if (c.isConnected()) {
                c.disconnect();
            }
        } catch (IOException e) {
            // nothing left to do with a broken connection
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A login the probe tries on the submission ports; its toString names the user and the reference only. */
    private record SubmissionLogin(String user, SecretRef password) {
    }

    /** Commons Net's client, limited to one TLS version when asked, and able to say what was negotiated. */
    private static final class ProbeClient extends AuthenticatingSMTPClient {

        /**
         * @param implicit TLS from the first byte (port 465) instead of STARTTLS
         * @param only the one TLS version to offer, or null for the JVM's defaults
         */
        ProbeClient(boolean implicit, TlsVersion only) {
            super(implicit, context());
            if (only != null) {
                setEnabledProtocols(new String[] {only.protocolName()});
            }
        }

        private static SSLContext context() {
            try {
                return trustingContext();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no TLS in this JVM", e);
            }
        }

        /** @return the TLS version negotiated ("TLSv1.3"), or "plain" before any handshake */
        String protocol() {
            return _socket_ instanceof SSLSocket s ? s.getSession().getProtocol() : "plain";
        }
    }
}
