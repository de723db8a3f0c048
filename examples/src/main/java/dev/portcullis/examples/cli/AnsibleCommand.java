package dev.portcullis.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.Provisioner;
import dev.portcullis.SpecProblem;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Drift;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.NoBackendException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code portcullis ansible ARGS_FILE}: Portcullis as an Ansible module. Ansible writes the task's
 * arguments to a JSON file and runs the module with its path ({@code WANT_JSON}); this command
 * reads it ({@link AnsibleModuleArgs}), plans, applies or removes the spec on this machine, and
 * prints exactly one JSON object on standard output: {@code changed}, {@code failed}, {@code msg},
 * and {@code diff} with {@code before} and {@code after} when Ansible runs with {@code --diff}.
 * In check mode ({@code --check}) it only plans. Anything else, such as a library writing to
 * {@code System.out}, goes to standard error, which Ansible keeps apart.
 *
 * <p>Every failure is a result, never a stack trace: bad arguments say which field and change
 * nothing; a failed apply has rolled back and says which step failed. The exit code is 0 for a
 * result that did not fail, 1 for one that did.
 */
@Command(name = "ansible", mixinStandardHelpOptions = true,
        description = {"Run as Ansible's portcullis_policy module (examples/ansible): read the module arguments from "
                + "ARGS_FILE (JSON) and print one JSON result (changed, failed, msg, diff) on standard output.",
            "Arguments: spec (mapping or YAML text) or spec_file (path), state (present|absent), backends (list), "
                    + "options (mapping), firewall (bool); _ansible_check_mode plans only, _ansible_diff adds before/after."})
class AnsibleCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "0..1", paramLabel = "ARGS_FILE", description = "the JSON arguments file Ansible passes")
    Path argsFile;

    @ParentCommand
    PortcullisCommand parent;

    @picocli.CommandLine.Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() {
        // Taken before System.out is turned away: the one JSON document goes here, nothing else.
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintStream stdout = System.out;
        Map<String, Object> result;
        System.setOut(System.err);
        try {
            result = argsFile == null ? failure("ARGS_FILE: missing; Ansible passes the module's arguments file") : run();
        } catch (InvalidSpecException e) {
            result = invalidSpec(e);
        } catch (NoBackendException e) {
            result = failure("backends: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            result = failure(e.getMessage());
        } catch (RuntimeException e) {
            // Host locked, an interrupted earlier apply, a command that could not run: the message says what.
            result = result(false, true, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            System.setOut(stdout);
        }
        try {
            out.println(JSON.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
        return Boolean.TRUE.equals(result.get("failed")) ? 1 : 0;
    }

    private Map<String, Object> run() {
        AnsibleModuleArgs args = AnsibleModuleArgs.read(argsFile);
        CliEnvironment env = parent.environment();
        SpecOptions chosen = new SpecOptions();
        chosen.backends = new ArrayList<>(args.backends());
        chosen.options = new LinkedHashMap<>(args.options());
        Provisioner p = chosen.configure(env.live(), env);
        Target target = Target.of(args.spec(), args.firewall());
        boolean present = args.state() == AnsibleModuleArgs.State.PRESENT;
        Map<String, String> diff = args.diff() ? (present ? applyDiff(target.verify(p)) : removalDiff(target.planRemoval(p)))
                : null;
        Map<String, Object> result;
        if (args.checkMode()) {
            List<Plan> plans = present ? target.plan(p) : target.planRemoval(p);
            int steps = plans.stream().mapToInt(plan -> plan.steps().size()).sum();
            result = result(steps > 0, false, steps > 0
                    ? "check mode: " + (present ? "apply" : "remove") + " would run " + steps + " step(s); nothing was changed"
                    : "check mode: nothing to do, the host already matches");
            result.put("plan", plans.stream().map(Plan::render).collect(Collectors.joining("\n")));
        } else {
            String verb = present ? "apply" : "remove";
            List<ApplyReport> reports = present ? target.apply(p) : target.remove(p);
            boolean failed = ReportsExitCode.of(reports) != ExitCode.OK;
            String msg = ReportsExitCode.summary(reports, verb);
            if (failed) {
                msg += reports.stream().flatMap(r -> r.failedStep().stream())
                        .map(s -> "; failed step: " + s.description() + s.findingIfAny().map(f -> ": " + f).orElse(""))
                        .findFirst().orElse("");
            }
            result = result(reports.stream().anyMatch(ApplyReport::changed), failed, msg);
            result.put("reports", reports.stream().map(r -> SpecCommand.parse(r.toJson())).toList());
        }
        if (diff != null) {
            result.put("diff", diff);
        }
        return result;
    }

    /** Each difference the host has from the spec, as it is and as the spec wants it. */
    static Map<String, String> applyDiff(List<VerifyReport> reports) {
        List<Drift> drifts = reports.stream().flatMap(r -> r.drifts().stream()).toList();
        return beforeAfter(drifts.stream().map(d -> "[" + d.where() + "] " + d.subject() + ": " + d.actual()).toList(),
                drifts.stream().map(d -> "[" + d.where() + "] " + d.subject() + ": " + d.expected()).toList());
    }

    /** What removal takes away: its steps before, nothing after. */
    static Map<String, String> removalDiff(List<Plan> plans) {
        return beforeAfter(plans.stream().flatMap(p -> p.steps().stream()).map(Step::description).toList(), List.of());
    }

    private static Map<String, String> beforeAfter(List<String> before, List<String> after) {
        Map<String, String> diff = new LinkedHashMap<>();
        diff.put("before", before.stream().map(l -> l + "\n").collect(Collectors.joining()));
        diff.put("after", after.stream().map(l -> l + "\n").collect(Collectors.joining()));
        return diff;
    }

    private static Map<String, Object> invalidSpec(InvalidSpecException e) {
        String source = e instanceof dev.portcullis.spec.SpecFileException f && f.source().startsWith("/")
                ? "spec_file " + f.source() : "spec";
        Map<String, Object> result = failure(source + ": invalid: "
                + e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
        List<Map<String, Object>> problems = new ArrayList<>();
        for (SpecProblem p : e.problems()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", p.field());
            m.put("reason", p.reason());
            p.line().ifPresent(l -> m.put("line", l));
            problems.add(m);
        }
        result.put("problems", problems);
        return result;
    }

    private static Map<String, Object> failure(String msg) {
        return result(false, true, msg + " (nothing was changed)");
    }

    private static Map<String, Object> result(boolean changed, boolean failed, String msg) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", changed);
        result.put("failed", failed);
        result.put("msg", msg);
        return result;
    }
}
