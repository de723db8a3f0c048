package dev.portcullis.postfix;

import dev.portcullis.Cidr;
import dev.portcullis.DkimSigning;
import dev.portcullis.HostName;
import dev.portcullis.MailServerSpec;
import dev.portcullis.exec.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What DKIM signing means for a Postfix host: OpenDKIM as a milter on {@value #SOCKET}, one RSA key
 * per selector under {@value #DIR} (0600, owned by {@code opendkim}, in a folder only
 * {@code opendkim} may enter), a KeyTable and SigningTable naming it for the origin and every
 * accepted domain, and the trusted networks as the hosts whose mail is signed (authenticated
 * submissions are signed too). {@value #CONF} is replaced; the package's own is kept and put back by
 * {@code remove}. Pure: no host is consulted.
 */
final class OpenDkim {

    /** The configuration OpenDKIM (and Debian's and Fedora's service units) read. */
    static final String CONF = "/etc/opendkim.conf";
    /** Portcullis's OpenDKIM folder: the keys and the tables. */
    static final String DIR = "/etc/opendkim/portcullis";
    static final String KEY_TABLE = DIR + "/KeyTable";
    static final String SIGNING_TABLE = DIR + "/SigningTable";
    static final String TRUSTED_HOSTS = DIR + "/TrustedHosts";
    static final String PID_FILE = "/run/opendkim/opendkim.pid";
    /** Loopback TCP: reachable from Postfix's chroot, unlike a socket under /run. */
    static final String SOCKET = "inet:8891@127.0.0.1";
    static final String MILTER = "inet:127.0.0.1:8891";
    static final String USER = "opendkim";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private OpenDkim() {
    }

    /**
     * @param signing the selector
     * @return where its private key lives (never digested, printed or copied off the host)
     */
    static String keyFile(DkimSigning signing) {
        return DIR + "/" + signing.selector() + ".private";
    }

    /**
     * @param signing the selector
     * @return where the public half of its key lives: its digest tells a snapshot that the key exists
     */
    static String publicFile(DkimSigning signing) {
        return DIR + "/" + signing.selector() + ".public";
    }

    /**
     * @param path a file Portcullis writes
     * @return whether OpenDKIM reads it (a change needs OpenDKIM restarted)
     */
    static boolean isOwnFile(String path) {
        return path.equals(CONF) || path.startsWith(DIR + "/");
    }

    /**
     * @param path a path
     * @return whether it is a DKIM private key Portcullis keeps (or a rollback copy of one)
     */
    static boolean isKey(String path) {
        return path.contains(DIR + "/") && path.endsWith(".private");
    }

    /**
     * @param spec the mail server
     * @return the domains whose mail is signed: the origin, then every accepted domain
     */
    static List<HostName> signingDomains(MailServerSpec spec) {
        Set<HostName> d = new LinkedHashSet<>();
        d.add(spec.origin());
        d.addAll(spec.acceptedDomains());
        return List.copyOf(d);
    }

    /**
     * @param spec the mail server
     * @param p main.cf parameters to add the milter settings to (nothing without DKIM)
     */
    static void mainCf(MailServerSpec spec, Map<String, String> p) {
        if (spec.dkim().isEmpty()) {
            return;
        }
        p.put("smtpd_milters", MILTER);
        p.put("non_smtpd_milters", "$smtpd_milters");
        // Mail still flows while OpenDKIM restarts; it leaves unsigned rather than not at all.
        p.put("milter_default_action", "accept");
    }

    /**
     * @param spec the mail server
     * @return the configuration files, empty without DKIM
     */
    static List<MapFile> files(MailServerSpec spec) {
        if (spec.dkim().isEmpty()) {
            return List.of();
        }
        DkimSigning d = spec.dkim().get();
        String header = "# Written by Portcullis for " + spec.name() + "; re-apply overwrites it.\n";
        String conf = header
                + "# The package's own file is kept by Portcullis; remove puts it back.\n"
                + "Syslog yes\n"
                + "UMask 007\n"
                + "UserID " + USER + "\n"
                + "Mode s\n"
                + "Socket " + SOCKET + "\n"
                + "PidFile " + PID_FILE + "\n"
                + "Canonicalization relaxed/simple\n"
                + "OversignHeaders From\n"
                + "SignatureAlgorithm rsa-sha256\n"
                + "KeyTable file:" + KEY_TABLE + "\n"
                + "SigningTable refile:" + SIGNING_TABLE + "\n"
                + "InternalHosts file:" + TRUSTED_HOSTS + "\n";
        StringBuilder keys = new StringBuilder(header);
        StringBuilder signing = new StringBuilder(header);
        for (HostName domain : signingDomains(spec)) {
            String name = d.selector() + "._domainkey." + domain.value();
            keys.append(name).append(' ').append(domain.value()).append(':').append(d.selector()).append(':')
                    .append(keyFile(d)).append('\n');
            signing.append("*@").append(domain.value()).append(' ').append(name).append('\n');
        }
        StringBuilder trusted = new StringBuilder(header).append("127.0.0.1\n::1\n");
        for (Cidr c : spec.trustedNetworks()) {
            trusted.append(c.toCidrString()).append('\n');
        }
        return List.of(new MapFile(CONF, conf, Optional.empty(), null),
                new MapFile(KEY_TABLE, keys.toString(), Optional.empty(), null),
                new MapFile(SIGNING_TABLE, signing.toString(), Optional.empty(), null),
                new MapFile(TRUSTED_HOSTS, trusted.toString(), Optional.empty(), null));
    }

    /**
     * @param signing the selector
     * @return {@code cat} of the public half of the key (exit 1 when there is none yet)
     */
    static Command readPublicKey(DkimSigning signing) {
        return Command.builder("cat").args("--", publicFile(signing)).timeout(TIMEOUT).successExitCodes(0, 1).build();
    }

    /**
     * @param publicPem the public key as {@code openssl pkey -pubout} prints it
     * @return the TXT record data, split into strings of at most 255 characters as DNS needs
     */
    static String txtValue(String publicPem) {
        StringBuilder base64 = new StringBuilder();
        publicPem.lines().filter(l -> !l.startsWith("-----")).forEach(l -> base64.append(l.strip()));
        String value = "v=DKIM1; k=rsa; p=" + base64;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            parts.add("\"" + value.substring(i, Math.min(value.length(), i + 255)) + "\"");
        }
        return String.join(" ", parts);
    }
}
