package dev.portcullis.preflight;

import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Tls;
import java.nio.file.Path;

/** Specs the preflight tests check against (shared with the modules' preflight tests through core's test-jar). */
public final class Specs {

    private Specs() {
    }

    /** SMTP on 25 only. */
    public static MailServerSpec mail() {
        return MailServerSpec.forHost("mail.example.com").acceptMailFor("example.com").build();
    }

    /** SMTP on 25, submission on 587, submissions on 465. */
    public static MailServerSpec mailWithSubmission() {
        return MailServerSpec.forHost("mail.example.com").acceptMailFor("example.com")
                .tls(Tls.fromFiles(Path.of("/etc/ssl/certs/mail.pem"), Path.of("/etc/ssl/private/mail.key")))
                .submission().smtps().build();
    }

    /** Opens tcp/25 to the world. */
    public static PortPolicy smtpPolicy() {
        return PortPolicy.named("smtp-inbound").allow(Protocol.TCP, 25).build();
    }

    /** Opens tcp/8080 only: has nothing to do with mail. */
    public static PortPolicy webPolicy() {
        return PortPolicy.named("web").allow(Protocol.TCP, 8080).build();
    }

    /** @return what the firewall audit looks for on behalf of the spec */
    public static BlockQuery query(dev.portcullis.Spec spec) {
        return BlockQuery.of(spec);
    }
}
