package dev.portcullis.postfix;

import dev.portcullis.MailServerSpec;
import dev.portcullis.SaslType;
import java.util.List;
import java.util.Optional;

/**
 * Whether the submission ports have a SASL server to hand logins to. Without one Postfix's smtpd
 * dies on the EHLO after STARTTLS ("fatal: no SASL authentication mechanisms") and master
 * throttles the service: the ports answer, nobody can log in. So a plan refuses submission unless
 * it can see the server: Portcullis sets Dovecot up itself (the spec has logins, see
 * {@link DovecotAuth}), or the snapshot's {@code stat} finds a socket at {@code smtpd_sasl_path}
 * (a Dovecot the admin runs). A Cyrus server has no socket to look at; the plan says so.
 */
final class SaslServer {

    private SaslServer() {
    }

    /**
     * @param spec the mail server
     * @return whether the plan has to find an existing Dovecot auth socket on the host
     */
    static boolean mustBeSeen(MailServerSpec spec) {
        return (spec.submission() || spec.smtps()) && spec.postfixTuning().saslType() == SaslType.DOVECOT
                && DovecotAuth.forSpec(spec).isEmpty();
    }

    /**
     * @param spec the mail server
     * @param s the snapshot (its {@code stat} looked at the socket when {@link #mustBeSeen} said so)
     * @throws IllegalStateException naming the socket and the ways out, before any command runs
     */
    static void check(MailServerSpec spec, PostfixSnapshot s) {
        if (!mustBeSeen(spec)) {
            return;
        }
        String socket = DovecotAuth.saslSocket(spec);
        Optional<DirectoryState> found = s.directory(socket);
        if (found.map(d -> d.type().equals("socket")).orElse(false)) {
            return;
        }
        throw new IllegalStateException("submission (" + (spec.submission() ? "587" : "") + (spec.submission() && spec.smtps()
                ? ", " : "") + (spec.smtps() ? "465" : "") + ") needs a SASL server, and there is no Dovecot auth socket at "
                + socket + (found.map(d -> " (it is a " + d.type() + ")").orElse("")) + ": Postfix would accept connections"
                + " but let nobody log in. Give mailbox users a password (virtualMailboxes.mailboxes[i].password) and Portcullis"
                + " sets Dovecot up, or start the SASL server the host already has (postfix.sasl.path)");
    }

    /**
     * @param spec the mail server
     * @return a warning when the SASL server cannot be seen by the plan (Cyrus)
     */
    static List<String> notes(MailServerSpec spec) {
        if ((spec.submission() || spec.smtps()) && spec.postfixTuning().saslType() == SaslType.CYRUS) {
            return List.of("WARNING: submission hands logins to Cyrus SASL (" + spec.postfixTuning().saslPath()
                    + "), which this plan cannot see; give the probe a login (postfix.probe.login) to prove it over the wire");
        }
        return List.of();
    }
}
