package dev.portcullis.preflight;

import dev.portcullis.Provisioner;
import dev.portcullis.Spec;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.LocalCommandRunner;
import dev.portcullis.spi.HostFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * The checks an administrator runs before opening port 25, as one call:
 *
 * <pre>{@code
 * PreflightReport report = Preflight.run(runner, mailSpec);
 * if (!report.passed()) {
 *     System.err.println(report);          // one line per check: status, id, reason
 * }
 * Files.writeString(out, report.toJson()); // with the evidence each check read
 * }</pre>
 *
 * <ol>
 * <li>privileges: root, or an elevated Administrator;</li>
 * <li>hardware: cores, memory, free spool space against {@link PreflightOptions} thresholds (warns only);</li>
 * <li>port occupancy: who listens on 25, 465 and 587, and whether that conflicts with the spec;</li>
 * <li>firewall audit: active firewalls, the backend Portcullis would choose and why, and rules
 *     that block the spec's ports;</li>
 * <li>outbound SMTP: a TCP connect to the relay or MX the caller named (never anywhere else);</li>
 * <li>mail stack: Postfix installed, its version and map types, running (Exchange on Windows).</li>
 * </ol>
 *
 * <p>Read-only: nothing on the host changes. A check that crashes is reported as a warning
 * naming the error, and the others still run.
 */
public final class Preflight {

    private static final List<Check> CHECKS = List.of(new PrivilegeCheck(), new HardwareCheck(),
            new PortOccupancyCheck(), new FirewallAuditCheck(), new OutboundSmtpCheck(), new MailStackCheck());

    private Preflight() {
    }

    /** @return every {@link PreflightContributor} on the class path */
    public static List<PreflightContributor> installedContributors() {
        List<PreflightContributor> all = new ArrayList<>();
        ServiceLoader.load(PreflightContributor.class, Preflight.class.getClassLoader()).forEach(all::add);
        return all;
    }

    /**
     * Runs every check with the default options.
     *
     * @param runner reaches the host
     * @param spec the port policy or mail server spec about to be applied
     * @return the report
     */
    public static PreflightReport run(CommandRunner runner, Spec spec) {
        return run(runner, spec, PreflightOptions.defaults());
    }

    /**
     * Runs every check with a provisioner on that runner and the backends on the class path.
     *
     * @param runner reaches the host
     * @param spec the port policy or mail server spec about to be applied
     * @param options thresholds, the relay to test
     * @return the report
     */
    public static PreflightReport run(CommandRunner runner, Spec spec, PreflightOptions options) {
        return run(Provisioner.on(Objects.requireNonNull(runner, "runner")), spec, options);
    }

    /**
     * Runs every check on the provisioner's host, as that provisioner would provision it: its
     * runner, its facts when it was given them, its backends and the ids it asks for. This is
     * what {@link Provisioner#preflight(Spec, PreflightOptions)} does.
     *
     * @param provisioner the provisioner about to apply the spec
     * @param spec the port policy or mail server spec about to be applied
     * @param options thresholds, the relay to test
     * @return the report
     */
    public static PreflightReport run(Provisioner provisioner, Spec spec, PreflightOptions options) {
        Objects.requireNonNull(provisioner, "provisioner");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(options, "options");
        CommandRunner runner = provisioner.runner();
        CountingCommandRunner counting = new CountingCommandRunner(runner);
        PreflightContext ctx = new PreflightContext(counting, provisioner, spec, options);
        long start = System.nanoTime();
        List<PreflightCheck> results = new ArrayList<>();
        for (Check check : CHECKS) {
            results.add(runOne(check, ctx));
        }
        return new PreflightReport(runner.target(), spec.name(), Duration.ofNanos(System.nanoTime() - start),
                counting.spawns(), results, learntFacts(ctx));
    }

    /**
     * Runs every check on this machine.
     *
     * @param spec the port policy or mail server spec about to be applied
     * @param options thresholds, the relay to test, backends to consider
     * @return the report
     */
    public static PreflightReport local(Spec spec, PreflightOptions options) {
        return run(LocalCommandRunner.create(), spec, options);
    }

    private static HostFacts learntFacts(PreflightContext ctx) {
        try {
            return ctx.learntFacts();
        } catch (RuntimeException e) {
            // the facts could not be gathered at all: the checks said so; the report still stands
            return HostFacts.builder().build();
        }
    }

    private static PreflightCheck runOne(Check check, PreflightContext ctx) {
        try {
            return check.run(ctx);
        } catch (RuntimeException e) {
            // one broken check must not hide the others' findings
            return new PreflightCheck(check.id(), check.title(), PreflightCheck.Status.WARN,
                    "the check could not finish: " + e, List.of(), Map.of("error", String.valueOf(e)));
        }
    }
}
