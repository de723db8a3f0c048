package dev.portcullis.examples.cli;

import dev.portcullis.Provisioner;
import dev.portcullis.Spec;
import dev.portcullis.preflight.PreflightOptions;
import dev.portcullis.preflight.PreflightReport;
import picocli.CommandLine.Option;

/**
 * {@code portcullis preflight}: checks, read-only, that apply can work on this machine (privileges,
 * hardware, who listens on the ports, firewalls in the way, outbound SMTP, the mail stack), through
 * the same provisioner apply would use ({@link Provisioner#preflight}). Exit 6 when a check fails; warnings pass.
 */
@picocli.CommandLine.Command(name = "preflight", mixinStandardHelpOptions = true,
        description = {"Check, read-only, that apply can work here: privileges, hardware, port occupancy, "
                + "firewall audit, outbound SMTP, mail stack. Exit 6 when a check fails (warnings pass)."})
final class PreflightCommand extends SpecCommand {

    @Option(names = "--relay", paramLabel = "HOST",
            description = "test an outbound SMTP connection to this relay or MX (default: the spec's relay host, else none)")
    String relay;

    @Override
    public Integer call() {
        Spec spec = spec();
        PreflightOptions.Builder b = PreflightOptions.builder();
        if (relay != null) {
            b.outboundSmtp(relay);
        }
        Provisioner p = env().live();
        p = options.firewallId(env()).map(p::firewall).orElse(p);
        p = options.mailServerId(env()).map(p::mailServer).orElse(p);
        PreflightReport report = p.preflight(spec, b.build());
        ExitCode code = report.passed() ? ExitCode.OK : ExitCode.PREFLIGHT_FAILED;
        if (options.json) {
            java.util.Map<String, Object> root = new java.util.LinkedHashMap<>();
            root.put("spec", options.spec.toString());
            root.put("exitCode", code.code());
            root.put("report", parse(report.toJson()));
            printJson(root);
        } else {
            out().println(report);
            out().println(report.passed() ? "preflight: passed" + (report.problems().isEmpty() ? "" : " with warnings")
                    : "preflight: FAILED: apply would fail or leave a host that cannot do its job");
            out().flush();
        }
        return code.code();
    }
}
