package dev.portcullis.preflight;

import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Tls;
import java.nio.file.Path;

/** The specs the live preflight tests check the test host against. */
final class LiveSpecs {

    private LiveSpecs() {
    }

    /** SMTP on 25. */
    static MailServerSpec mail() {
        return MailServerSpec.forHost("mail.example.com").acceptMailFor("example.com").build();
    }

    /** SMTP on 25 plus submission on 587. */
    static MailServerSpec mailWithSubmission() {
        return mail().toBuilder()
                .tls(Tls.fromFiles(Path.of("/etc/ssl/certs/mail.pem"), Path.of("/etc/ssl/private/mail.key")))
                .submission().build();
    }

    /** Opens tcp/25. */
    static PortPolicy smtpPolicy() {
        return PortPolicy.named("smtp-inbound").allow(Protocol.TCP, 25).build();
    }
}
