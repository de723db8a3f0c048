package dev.portcullis.postfix;

import dev.portcullis.MailServerSpec;
import dev.portcullis.RelayHost;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a relay host with a login or a CA means to Postfix's SMTP client: SASL on (the login in a
 * {@code hash:} map of its own, 0600 root, compiled with postmap; the password reaches the host only
 * as sensitive standard input, see {@link WriteMapFilesAction}), TLS required towards the relay
 * ({@code encrypt}, or {@code secure} against the spec's CA file), implicit TLS on port 465, and no
 * anonymous mechanisms. Plain-text mechanisms are allowed only inside TLS. A relay without a login,
 * a CA or port 465 adds nothing: the main.cf keys stay as Postfix has them.
 */
final class RelayHostLogin {

    private RelayHostLogin() {
    }

    /**
     * @param spec the mail server
     * @param p main.cf parameters so far; the relay's SASL and TLS keys are added
     */
    static void mainCf(MailServerSpec spec, Map<String, String> p) {
        Optional<RelayHost> relay = spec.relayHost().filter(RelayHost::requiresTls);
        if (relay.isEmpty()) {
            return;
        }
        RelayHost r = relay.get();
        if (r.user().isPresent()) {
            p.put("smtp_sasl_auth_enable", "yes");
            p.put("smtp_sasl_password_maps", "hash:" + PostfixPaths.RELAY_PASSWORD_MAP);
            // without TLS (never, at the levels below) no password in clear; inside TLS, PLAIN and LOGIN are fine
            p.put("smtp_sasl_security_options", "noplaintext, noanonymous");
            p.put("smtp_sasl_tls_security_options", "noanonymous");
        }
        p.put("smtp_tls_security_level", r.trustedCa().isPresent() ? "secure" : "encrypt");
        r.trustedCa().ifPresent(ca -> p.put("smtp_tls_CAfile", ca.toString()));
        if (r.port() == RelayHost.IMPLICIT_TLS_PORT) {
            p.put("smtp_tls_wrappermode", "yes");
        }
    }

    /**
     * @param spec the mail server
     * @return the relay's login map, when the relay has a login: {@code [host]:port user:password},
     *     the password filled in at apply time
     */
    static List<MapFile> files(MailServerSpec spec) {
        return spec.relayHost().filter(r -> r.user().isPresent()).map(r -> new MapFile(PostfixPaths.RELAY_PASSWORD_MAP,
                "# Written by Portcullis for " + spec.name() + "; re-apply overwrites it, remove deletes it.\n"
                        + "[" + r.host().value() + "]:" + r.port() + " " + r.user().get() + ":" + MapFile.PASSWORD_PLACEHOLDER
                        + "\n", r.password(), "hash", "0600", "root")).map(List::of).orElse(List.of());
    }
}
