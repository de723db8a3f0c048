package dev.portcullis;

import java.util.Locale;

/**
 * How strict the mail server's TLS is, as a few named levels modelled on Mozilla's Server Side TLS
 * guidelines and adapted to mail, where two kinds of ports differ:
 * <ul>
 * <li><b>Port 25 (MX, server to server)</b> uses opportunistic TLS (RFC 7435, RFC 3207): a sender
 * that cannot agree on a protocol or suite with the receiver does not give up, it retries the same
 * mail in plain text (Postfix does exactly that, see {@code smtp_tls_security_level = may} in
 * postconf(5)). Refusing old protocols or suites there does not make that mail safer; it sends it
 * unencrypted, or loses it when the sender does not retry. So every level keeps port 25 broad
 * enough for old senders, except {@link #MODERN}, which knowingly trades reach for strictness.</li>
 * <li><b>Submission (587 STARTTLS, 465 implicit TLS)</b> is mandatory TLS for the server's own
 * users, who log in with passwords: there the level is as strict as its Mozilla namesake.</li>
 * </ul>
 * Every level removes the suites that buy nothing anywhere (anonymous {@code aNULL} suites such as
 * ADH/AECDH, which testssl.sh flags and whose 128-bit ADH variants OpenSSL gives a 1024-bit DH
 * group, and {@code eNULL} suites without encryption) and makes the server choose the suite in its
 * own order of preference, so a capable sender gets a forward-secret AEAD suite. Outgoing mail (the server as a
 * client) follows the same split: broad towards other MX hosts (opportunistic), strict towards a
 * relay host that requires TLS (mandatory); each backend documents its exact mapping.
 * <p>
 * A level never lowers {@link Tls#minimumVersion()}: the lowest protocol on each kind of port is
 * the higher of that minimum and the level's own floor.
 */
public enum TlsCipherPolicy {
    /**
     * Mozilla "modern" on submission: TLS 1.3 only. Port 25: TLS 1.2 or later, and only
     * forward-secret AEAD suites (no static-RSA key exchange, no CBC). Senders older than that
     * deliver in plain text or not at all: choose it only when that is acceptable.
     */
    MODERN(TlsVersion.TLS_1_2, TlsVersion.TLS_1_3),
    /**
     * Mozilla "intermediate" on submission: TLS 1.2 or later, forward-secret AEAD suites only.
     * Port 25: strong ("high") suites, CBC and static-RSA suites kept for older senders. The
     * recommended level for a public mail server.
     */
    INTERMEDIATE(TlsVersion.TLS_1_0, TlsVersion.TLS_1_2),
    /**
     * The widest reach: port 25 and submission keep the server's default suite grade (CBC and
     * static-RSA suites included); only anonymous and unencrypted suites are removed and the
     * server's order is enforced. For a server that must take mail from the oldest senders and
     * serve the oldest mail clients.
     */
    OPPORTUNISTIC(TlsVersion.TLS_1_0, TlsVersion.TLS_1_0);

    private final TlsVersion mxFloor;
    private final TlsVersion submissionFloor;

    TlsCipherPolicy(TlsVersion mxFloor, TlsVersion submissionFloor) {
        this.mxFloor = mxFloor;
        this.submissionFloor = submissionFloor;
    }

    /**
     * The lowest protocol this level accepts on port 25 (and towards other MX hosts when sending).
     *
     * @param minimum the spec's {@link Tls#minimumVersion()}
     * @return the higher of that minimum and this level's own floor for port 25
     */
    public TlsVersion mxMinimum(TlsVersion minimum) {
        return minimum.compareTo(mxFloor) > 0 ? minimum : mxFloor;
    }

    /**
     * The lowest protocol this level accepts where TLS is mandatory: submission on 587 and 465,
     * and port 25 when its security level is ENCRYPT.
     *
     * @param minimum the spec's {@link Tls#minimumVersion()}
     * @return the higher of that minimum and this level's own floor for mandatory TLS
     */
    public TlsVersion mandatoryMinimum(TlsVersion minimum) {
        return minimum.compareTo(submissionFloor) > 0 ? minimum : submissionFloor;
    }

    /** @return the word spec files use: "modern", "intermediate" or "opportunistic" */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
