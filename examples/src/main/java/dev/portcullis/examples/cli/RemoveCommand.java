package dev.portcullis.examples.cli;

import dev.portcullis.Provisioner;
import dev.portcullis.plan.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code portcullis remove}: removes what the spec owns on this machine, nothing else. */
@picocli.CommandLine.Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove what the spec owns on this machine (its tagged rules, its configuration), nothing else.")
final class RemoveCommand extends ApplyCommand {

    @Option(names = "--dry-run", description = "show the removal plan only")
    boolean dryRun;

    @Override
    public Integer call() {
        Target target = target();
        Provisioner p = configure(env().live());
        if (dryRun) {
            List<Plan> plans = target.planRemoval(p);
            if (options.json) {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("spec", options.spec.toString());
                root.put("plans", plans.stream().map(PlanJson::of).toList());
                printJson(root);
            } else {
                plans.forEach(plan -> out().print(plan.render()));
                out().flush();
            }
            return ExitCode.OK.code();
        }
        if (progress != null ? progress : env().terminal()) {
            p = p.listener(new ProgressDisplay(err()));
        }
        try (SignalCancellation signals = SignalCancellation.install(err())) {
            var reports = target.remove(p.cancellation(signals.token()));
            print(reports, "remove");
            int code = ReportsExitCode.of(reports).code();
            signals.finished(code);
            return code;
        }
    }
}
