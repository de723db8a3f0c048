package dev.portcullis.preflight;

import dev.portcullis.Protocol;
import dev.portcullis.exec.Command;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * Can this host reach a relay or MX on port 25? Many clouds block outbound 25, and a mail server
 * that cannot deliver is worse than none. A TCP connect with a timeout, from the runner's host:
 * a Java socket when the runner is local, {@code python3} (else {@code nc -z}) through the runner
 * otherwise. It connects only to the relay the caller named, or the spec's own relay host;
 * without one it connects nowhere.
 */
final class OutboundSmtpCheck implements Check {

    /** Connects within argv[3] seconds to argv[1]:argv[2]; prints "connected" or why not. */
    static final String CONNECT = String.join("\n",
            "import socket, sys",
            "host, port, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])",
            "try:",
            "    socket.create_connection((host, port), timeout=limit).close()",
            "except socket.timeout:",
            "    print('timed out'); sys.exit(1)",
            "except ConnectionRefusedError:",
            "    print('refused'); sys.exit(1)",
            "except socket.gaierror as e:",
            "    print('cannot resolve: ' + str(e)); sys.exit(1)",
            "except OSError as e:",
            "    print(e.strerror or str(e)); sys.exit(1)",
            "print('connected')",
            "");

    @Override
    public String id() {
        return "outbound-smtp";
    }

    @Override
    public String title() {
        return "Outbound SMTP to a named relay or MX";
    }

    @Override
    public PreflightCheck run(PreflightContext ctx) {
        Findings f = new Findings(this);
        Optional<SmtpTarget> target = ctx.options().outboundSmtp();
        if (target.isEmpty()) {
            target = ctx.spec().match(policy -> Optional.<SmtpTarget>empty(), mail -> mail.relayHost().map(SmtpTarget::of));
        }
        boolean sendsMail = ctx.ports().mailServer()
                || ctx.ports().opensInbound(Protocol.TCP, SmtpTarget.SMTP_PORT);
        if (target.isEmpty()) {
            f.detail("target", null);
            if (sendsMail) {
                return f.warn("not tested: name a relay or MX (PreflightOptions.outboundSmtp) to prove this host"
                        + " can deliver on port 25; Portcullis never picks an address to contact itself").build();
            }
            return f.note("not applicable: the spec sends no mail; nothing was contacted").build();
        }
        SmtpTarget t = target.get();
        Duration timeout = ctx.options().connectTimeout();
        f.detail("target", t.toString()).detail("timeoutSeconds", timeout.toSeconds());
        String outcome = ctx.runner().isLocal() ? local(f, t, timeout) : remote(ctx, f, t, timeout);
        f.detail("outcome", outcome);
        if (outcome.equals("connected")) {
            return f.note("connected to " + t + " within " + timeout.toSeconds() + " s").build();
        }
        if (outcome.equals("timed out")) {
            return f.fail("no answer from " + t + " within " + timeout.toSeconds() + " s: outbound port "
                    + t.port() + " looks blocked (many clouds block 25; ask the provider to lift it, or relay"
                    + " through a smarthost on 587)").build();
        }
        return f.fail("could not connect to " + t + ": " + outcome).build();
    }

    private static String local(Findings f, SmtpTarget t, Duration timeout) {
        String outcome;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(t.host(), t.port()), (int) timeout.toMillis());
            outcome = "connected";
        } catch (SocketTimeoutException e) {
            outcome = "timed out";
        } catch (ConnectException e) {
            outcome = "refused";
        } catch (UnknownHostException e) {
            outcome = "cannot resolve " + t.host();
        } catch (IOException | IllegalArgumentException e) {
            outcome = String.valueOf(e.getMessage());
        }
        f.evidence(Evidence.of("Java socket connect to " + t + " (timeout " + timeout.toSeconds() + " s)", outcome));
        return outcome;
    }

    private static String remote(PreflightContext ctx, Findings f, SmtpTarget t, Duration timeout) {
        Duration processLimit = timeout.plusSeconds(10);
        Reading py = ctx.read(Command.builder("python3").args("-c", CONNECT, t.host(), Integer.toString(t.port()),
                Long.toString(timeout.toSeconds())).timeout(processLimit).successExitCodes(0, 1).build());
        if (py.ran() && py.exitCode() != 127) {
            f.read(py);
            String out = py.stdout().strip();
            return out.isEmpty() ? "python3 printed nothing: " + py.stderr().strip() : out;
        }
        Reading nc = ctx.read(Command.builder("nc").args("-z", "-v", "-w", Long.toString(timeout.toSeconds()),
                t.host(), Integer.toString(t.port())).timeout(processLimit).successExitCodes(0, 1).build());
        f.read(py).read(nc);
        if (!nc.ran()) {
            return "neither python3 nor nc is available on the host to try the connection";
        }
        if (nc.exitCode() == 0) {
            return "connected";
        }
        String said = (nc.stderr() + nc.stdout()).strip();
        return said.contains("timed out") ? "timed out" : said.contains("refused") ? "refused" : said;
    }
}
