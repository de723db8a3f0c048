package dev.portcullis.examples.cli;

import dev.portcullis.Provisioner;
import dev.portcullis.plan.ApplyReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code portcullis apply}: plans against this machine, runs each step and proves it live, and rolls
 * back on failure. On a terminal each step is shown as it runs.
 */
@picocli.CommandLine.Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Bring this machine to the spec: run each step, check it live, roll everything back on failure.")
class ApplyCommand extends SpecCommand {

    @Option(names = "--progress", negatable = true,
            description = "show each step as it runs, on standard error (default: when on a terminal)")
    Boolean progress;

    @Override
    public Integer call() {
        Target target = target();
        Provisioner p = configure(env().live());
        if (progress != null ? progress : env().terminal()) {
            p = p.listener(new ProgressDisplay(err()));
        }
        try (SignalCancellation signals = SignalCancellation.install(err())) {
            List<ApplyReport> reports = target.apply(p.cancellation(signals.token()));
            print(reports, "apply");
            int code = ReportsExitCode.of(reports).code();
            signals.finished(code);
            return code;
        }
    }

    /** Prints reports as text or JSON; shared with remove. */
    void print(List<ApplyReport> reports, String verb) {
        if (options.json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("spec", options.spec.toString());
            root.put("exitCode", ReportsExitCode.of(reports).code());
            root.put("reports", reports.stream().map(r -> parse(r.toJson())).toList());
            printJson(root);
            return;
        }
        for (ApplyReport r : reports) {
            out().println(r);
        }
        out().println(ReportsExitCode.summary(reports, verb));
        out().flush();
    }
}
