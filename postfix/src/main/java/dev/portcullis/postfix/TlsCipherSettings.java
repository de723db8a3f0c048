package dev.portcullis.postfix;

import dev.portcullis.MailServerSpec;
import dev.portcullis.Tls;
import dev.portcullis.TlsCipherPolicy;
import dev.portcullis.TlsVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link TlsCipherPolicy} means in main.cf. Postfix splits each setting in two, and the split
 * is exactly the one between port 25 and submission:
 * <ul>
 * <li>{@code smtpd_tls_protocols}, {@code smtpd_tls_ciphers} (a grade) apply to opportunistic TLS:
 * port 25 at security level {@code may};</li>
 * <li>{@code smtpd_tls_mandatory_protocols}, {@code smtpd_tls_mandatory_ciphers} and
 * {@code smtpd_tls_mandatory_exclude_ciphers} apply where TLS is mandatory: the submission services
 * (587 runs with {@code smtpd_tls_security_level=encrypt}, 465 in wrapper mode) and port 25 at
 * level {@code encrypt};</li>
 * <li>{@code smtpd_tls_exclude_ciphers} applies to both, so it holds only what no port needs;</li>
 * <li>{@code tls_preempt_cipherlist = yes}: the server's order of preference, not the client's;</li>
 * <li>the {@code smtp_tls_*} twins do the same for outgoing mail: opportunistic towards other MX
 * hosts (a failed handshake is retried in plain text there, so strictness buys nothing), mandatory
 * towards a relay host at level {@code encrypt}.</li>
 * </ul>
 * Suites are excluded by OpenSSL properties on top of Postfix's grades ({@code tls_high_cipherlist}
 * and {@code tls_medium_cipherlist} stay Postfix's own, as postconf(5) asks): {@code aNULL}
 * (anonymous ADH/AECDH), {@code eNULL} (no encryption), {@code kRSA} (static-RSA key exchange, no
 * forward secrecy) and the MAC digests {@code SHA1, SHA256, SHA384}, which only CBC suites use
 * (AEAD suites have none; TLS 1.3 suites are not touched by these lists). DH parameters are left to
 * Postfix ({@code smtpd_tls_dh1024_param_file} empty: built-in 2048-bit group, or OpenSSL's choice
 * with Postfix 3.7 and OpenSSL 3); the 1024-bit groups scanners report come from anonymous suites,
 * which every level removes. Pure: no host is consulted.
 */
final class TlsCipherSettings {

    /** Anonymous and unencrypted suites: removed at every level, for every port. */
    static final String NO_ANONYMOUS = "aNULL, eNULL";
    /** What leaves only forward-secret AEAD suites: static-RSA key exchange and every CBC MAC. */
    static final String NO_STATIC_RSA_NOR_CBC = "kRSA, SHA1, SHA256, SHA384";

    /** Every key a level may set; switching levels or dropping the policy touches only these. */
    static final List<String> KEYS = List.of("smtpd_tls_protocols", "smtpd_tls_mandatory_protocols", "smtpd_tls_ciphers",
            "smtpd_tls_mandatory_ciphers", "smtpd_tls_exclude_ciphers", "smtpd_tls_mandatory_exclude_ciphers",
            "tls_preempt_cipherlist", "smtp_tls_protocols", "smtp_tls_mandatory_protocols", "smtp_tls_ciphers",
            "smtp_tls_mandatory_ciphers", "smtp_tls_exclude_ciphers", "smtp_tls_mandatory_exclude_ciphers");

    private TlsCipherSettings() {
    }

    /**
     * Adds the level's settings, replacing the protocol lists that {@link Tls#minimumVersion()} alone
     * would give. Without a level nothing is added: Postfix's defaults apply.
     *
     * @param tls the spec's TLS
     * @param p main.cf parameters being built
     */
    static void mainCf(Tls tls, Map<String, String> p) {
        Optional<TlsCipherPolicy> level = tls.cipherPolicy();
        if (level.isEmpty()) {
            return;
        }
        TlsCipherPolicy policy = level.get();
        TlsVersion minimum = tls.minimumVersion();
        boolean modern = policy == TlsCipherPolicy.MODERN;
        boolean opportunistic = policy == TlsCipherPolicy.OPPORTUNISTIC;
        p.put("smtpd_tls_protocols", PostfixSettings.protocolExclusions(policy.mxMinimum(minimum)));
        p.put("smtpd_tls_mandatory_protocols", PostfixSettings.protocolExclusions(policy.mandatoryMinimum(minimum)));
        p.put("smtpd_tls_ciphers", opportunistic ? "medium" : "high");
        p.put("smtpd_tls_mandatory_ciphers", opportunistic ? "medium" : "high");
        p.put("smtpd_tls_exclude_ciphers", modern ? NO_ANONYMOUS + ", " + NO_STATIC_RSA_NOR_CBC : NO_ANONYMOUS);
        if (policy == TlsCipherPolicy.INTERMEDIATE) {
            p.put("smtpd_tls_mandatory_exclude_ciphers", NO_STATIC_RSA_NOR_CBC);
        }
        p.put("tls_preempt_cipherlist", "yes");
        // Outgoing: towards other MX hosts a failed handshake falls back to plain text (postconf(5),
        // smtp_tls_security_level=may), so only MODERN narrows it; a relay host that requires TLS gets the level's bar.
        p.put("smtp_tls_protocols", PostfixSettings.protocolExclusions(modern ? TlsVersion.TLS_1_2 : TlsVersion.TLS_1_0));
        p.put("smtp_tls_mandatory_protocols", PostfixSettings.protocolExclusions(opportunistic ? TlsVersion.TLS_1_0
                : TlsVersion.TLS_1_2));
        p.put("smtp_tls_ciphers", modern ? "high" : "medium");
        p.put("smtp_tls_mandatory_ciphers", opportunistic ? "medium" : "high");
        p.put("smtp_tls_exclude_ciphers", NO_ANONYMOUS);
        if (modern) {
            p.put("smtp_tls_mandatory_exclude_ciphers", NO_STATIC_RSA_NOR_CBC);
        }
    }

    /**
     * @param spec the mail server
     * @return what the plan should say about the level: MODERN's cost on port 25
     */
    static List<String> notes(MailServerSpec spec) {
        boolean modern = spec.tls().flatMap(Tls::cipherPolicy).filter(TlsCipherPolicy.MODERN::equals).isPresent();
        if (!modern) {
            return List.of();
        }
        return List.of("WARNING: TLS cipher policy modern also narrows port 25 (TLS 1.2 or later, forward-secret AEAD"
                + " suites only): port 25 TLS is opportunistic (RFC 7435), so senders that cannot meet it deliver in"
                + " plain text or not at all; intermediate keeps port 25 broad");
    }
}
