package dev.portcullis.postfix;

import dev.portcullis.exec.Command;
import dev.portcullis.testing.LinuxTestHost;
import java.time.Duration;

/**
 * A real Dovecot in the test host, set up the way an admin would before Portcullis comes (its own
 * file in conf.d, not Portcullis's): its auth service listens at Postfix's {@code private/auth}.
 * Specs without logins then pass the plan's SASL check (the snapshot's {@code stat} sees the
 * socket), and the probe sees AUTH PLAIN offered after STARTTLS; logins go to Debian's PAM passdb.
 */
final class AdminDovecot {

    static final String CONFIG = "/etc/dovecot/conf.d/50-admin-postfix-auth.conf";
    static final String SOCKET = "/var/spool/postfix/private/auth";

    private AdminDovecot() {
    }

    static void start(LinuxTestHost host) {
        host.runner().run(Command.builder("install").args("-m", "0644", "/dev/stdin", CONFIG).stdin(
                "service auth {\n  unix_listener " + SOCKET + " {\n    mode = 0660\n    user = postfix\n    group = postfix\n"
                        + "  }\n}\n").build());
        host.run("dovecot");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (host.runner().execute(Command.builder("test").args("-S", SOCKET).successExitCodes(0, 1).build()).exitCode() != 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Dovecot's auth socket did not appear at " + SOCKET);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
