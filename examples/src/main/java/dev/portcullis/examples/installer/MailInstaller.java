package dev.portcullis.examples.installer;

import dev.portcullis.MailServerSpec;
import dev.portcullis.Provisioner;
import dev.portcullis.Tls;
import dev.portcullis.TlsVersion;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.StepReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An installer embedding Portcullis: it sets up a mail server, then opens its ports, showing the
 * user each step as it happens. It is all or nothing: when a step fails, Portcullis undoes the
 * steps before it, and when the firewall cannot be opened the mail server configuration is
 * restored too, so the user is never left with half an installation. The user reads what
 * happened in words, never a stack trace.
 *
 * <pre>{@code
 * Provisioner p = Provisioner.local();
 * MailInstaller.Result r = new MailInstaller(p, screen).install(spec);
 * System.exit(r.succeeded() ? 0 : 1);
 * }</pre>
 */
public final class MailInstaller {

    /** What became of the installation. */
    public enum Outcome {
        /** The mail server runs and its ports are open. */
        INSTALLED,
        /** A step failed and everything was undone: the host is as it was. */
        UNDONE,
        /** A step failed and something could not be undone: the user must look. */
        NEEDS_ATTENTION
    }

    /**
     * @param outcome what became of the installation
     * @param reports Portcullis's reports, in the order the parts ran
     */
    public record Result(Outcome outcome, List<ApplyReport> reports) {
        /** @param outcome o @param reports r */
        public Result {
            reports = List.copyOf(reports);
        }

        /** @return whether the mail server is installed */
        public boolean succeeded() {
            return outcome == Outcome.INSTALLED;
        }
    }

    private final Provisioner provisioner;
    private final PrintWriter screen;

    /**
     * @param provisioner reaches the host (Provisioner.local() in a real installer)
     * @param screen where the user reads progress
     */
    public MailInstaller(Provisioner provisioner, PrintWriter screen) {
        this.provisioner = Objects.requireNonNull(provisioner);
        this.screen = Objects.requireNonNull(screen);
    }

    /**
     * Installs on this machine: {@code MailInstaller mail.example.com /etc/ssl/certs/mail.pem /etc/ssl/private/mail.key}.
     *
     * @param args host name, certificate and key
     */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: MailInstaller HOSTNAME CERTIFICATE KEY");
            System.exit(64);
        }
        PrintWriter screen = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        Result r = new MailInstaller(Provisioner.local(), screen).install(spec(args[0], Path.of(args[1]), Path.of(args[2])));
        System.exit(r.succeeded() ? 0 : r.outcome() == Outcome.UNDONE ? 1 : 5);
    }

    /**
     * What the installer's wizard page collects, as a spec: the domain is the host name's parent,
     * submission on 587 for the users' mail programs.
     *
     * @param hostname the server's name
     * @param certificate its certificate
     * @param key its private key
     * @return the spec (invalid input is refused here, naming the field)
     */
    public static MailServerSpec spec(String hostname, Path certificate, Path key) {
        MailServerSpec.Builder b = MailServerSpec.forHost(hostname);
        String domain = hostname.substring(hostname.indexOf('.') + 1);
        return b.acceptMailFor(domain).tls(Tls.fromFiles(certificate, key).minimumVersion(TlsVersion.TLS_1_2)).submission()
                .build();
    }

    /**
     * @param spec the mail server to set up
     * @return what became of it (also shown on the screen)
     */
    public Result install(MailServerSpec spec) {
        List<ApplyReport> reports = new ArrayList<>();
        screen.println("Setting up the mail server " + spec.hostname().value());
        screen.println("Part 1 of 2: mail server configuration");
        ApplyReport mail = provisioner.listener(new InstallerProgress(screen, "mail server")).apply(spec);
        reports.add(mail);
        if (!mail.succeeded()) {
            return finish(reports, failure(mail));
        }
        screen.println("Part 2 of 2: open ports " + spec.listeningPorts() + " in the firewall");
        ApplyReport firewall = provisioner.listener(new InstallerProgress(screen, "firewall")).apply(spec.firewallPolicy());
        reports.add(firewall);
        if (firewall.succeeded()) {
            return finish(reports, Outcome.INSTALLED);
        }
        Outcome outcome = failure(firewall);
        screen.println("Restoring the mail server configuration, because its ports could not be opened:");
        ApplyReport restore = provisioner.listener(new InstallerProgress(screen, "mail server")).remove(spec);
        reports.add(restore);
        return finish(reports, restore.succeeded() && outcome == Outcome.UNDONE ? Outcome.UNDONE : Outcome.NEEDS_ATTENTION);
    }

    private static Outcome failure(ApplyReport report) {
        return report.outcome() == ApplyReport.Outcome.ROLLBACK_INCOMPLETE ? Outcome.NEEDS_ATTENTION : Outcome.UNDONE;
    }

    private Result finish(List<ApplyReport> reports, Outcome outcome) {
        screen.println();
        switch (outcome) {
            case INSTALLED -> screen.println("Done. The mail server is running and its ports are open; every step was checked"
                    + " on the live system.");
            case UNDONE -> {
                StepReport failed = reports.stream().flatMap(r -> r.failedStep().stream()).findFirst().orElseThrow();
                screen.println("The mail server could not be set up: \"" + failed.description() + "\" failed.");
                screen.println("Nothing was left half done: every change was undone and the system checked to be as"
                        + " it was before. Fix the cause above and run the installer again.");
            }
            case NEEDS_ATTENTION -> {
                screen.println("The mail server could not be set up, and some changes could NOT be undone:");
                reports.stream().flatMap(r -> r.steps().stream())
                        .filter(s -> s.outcome() == StepReport.Outcome.ROLLBACK_FAILED
                                || s.outcome() == StepReport.Outcome.LEFT_IRREVERSIBLE)
                        .forEach(s -> screen.println("  - " + s.description() + ": " + s.findingIfAny().orElse("")));
                screen.println("Please check these by hand before running the installer again.");
            }
            default -> throw new IllegalStateException(outcome.name());
        }
        screen.flush();
        return new Result(outcome, reports);
    }
}
