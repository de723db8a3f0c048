package dev.portcullis.examples.cli;

import dev.portcullis.plan.VerifyReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code portcullis verify}: compares this machine with the spec, read-only. Exit 3 on drift. */
@picocli.CommandLine.Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare this machine with the spec without changing anything; exit 3 when it has drifted.")
final class VerifyCommand extends SpecCommand {

    @Override
    public Integer call() {
        Target target = target();
        List<VerifyReport> reports = target.verify(configure(env().live()));
        boolean converged = reports.stream().allMatch(VerifyReport::converged);
        ExitCode code = converged ? ExitCode.OK : ExitCode.DRIFT;
        if (options.json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("spec", options.spec.toString());
            root.put("converged", converged);
            root.put("exitCode", code.code());
            root.put("reports", reports.stream().map(r -> parse(r.toJson())).toList());
            printJson(root);
        } else {
            reports.forEach(out()::println);
            out().println(converged ? "verify: converged" : "verify: DRIFT found");
            out().flush();
        }
        return code.code();
    }
}
