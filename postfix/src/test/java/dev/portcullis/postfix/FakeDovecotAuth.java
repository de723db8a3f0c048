package dev.portcullis.postfix;

import dev.portcullis.exec.Command;
import dev.portcullis.testing.LinuxTestHost;
import java.time.Duration;

/**
 * A stand-in for Dovecot's auth socket in the test host (Dovecot is not installed there): it
 * speaks the handshake of the Dovecot auth protocol, announces PLAIN and refuses every login.
 * Postfix's smtpd with {@code smtpd_sasl_type=dovecot} dies without a SASL server ("no SASL
 * authentication mechanisms"), which is exactly what the SMTP probe reports on a real host whose
 * Dovecot is missing; with this stand-in the submission ports can be proven.
 */
final class FakeDovecotAuth {

    static final String SOCKET = "/var/spool/postfix/private/auth";

    private static final String SERVER = String.join("\n",
            "import os, socket, sys, threading",
            "path = sys.argv[1]",
            "try:",
            "    os.unlink(path)",
            "except FileNotFoundError:",
            "    pass",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "s.bind(path)",
            "os.chmod(path, 0o666)",
            "s.listen(16)",
            "def serve(c):",
            "    try:",
            "        c.sendall(b'VERSION\\t1\\t2\\nMECH\\tPLAIN\\tplaintext\\nSPID\\t1\\nCUID\\t1\\nCOOKIE\\t' + b'0' * 32 + b'\\nDONE\\n')",
            "        for line in c.makefile('rb'):",
            "            if line.startswith(b'AUTH\\t'):",
            "                c.sendall(b'FAIL\\t' + line.split(b'\\t')[1] + b'\\n')",
            "    except OSError:",
            "        pass",
            "    finally:",
            "        c.close()",
            "while True:",
            "    c, _ = s.accept()",
            "    threading.Thread(target=serve, args=(c,), daemon=True).start()",
            "");

    private FakeDovecotAuth() {
    }

    static void start(LinuxTestHost host) {
        host.runInBackground("python3", "-c", SERVER, SOCKET);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!host.runner().execute(Command.of("test", "-S", SOCKET)).isSuccess()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stand-in Dovecot auth socket did not appear at " + SOCKET);
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
