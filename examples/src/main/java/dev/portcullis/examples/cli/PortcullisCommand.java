package dev.portcullis.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.SpecProblem;
import dev.portcullis.exec.CommandFailedException;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.spi.NoBackendException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code portcullis} command line: {@code plan}, {@code apply}, {@code verify}, {@code remove}
 * and {@code preflight} for a YAML or JSON spec file, with exit codes scripts can rely on
 * ({@link ExitCode}).
 *
 * <pre>
 * portcullis plan   --spec examples/specs/smtp-gateway.yaml           # no root, no live system needed
 * portcullis plan   --spec mail.yaml --host-facts rhel --json         # what firewalld + Postfix would run
 * sudo portcullis apply  --spec mail.yaml                             # run, check each step, roll back on failure
 * sudo portcullis apply  --spec fw.yaml --confirm-within 120s        # reverts on the host unless confirmed
 * sudo portcullis confirm                                           # keep it (from a new login)
 * sudo portcullis verify --spec mail.yaml                             # exit 3 on drift
 * sudo portcullis remove --spec mail.yaml
 * portcullis script examples/scripts/smtp-allowlist.groovy --host-facts debian   # a Groovy script's plan
 * portcullis explain --spec examples/specs/smtp-gateway.yaml --from 192.0.2.7 --port 25/tcp   # which rule decides
 * portcullis ansible /tmp/args.json                                 # as Ansible's portcullis_policy module
 * </pre>
 */
@Command(name = "portcullis", mixinStandardHelpOptions = true, versionProvider = PortcullisVersion.class,
        description = "Open firewall ports and provision SMTP servers from a spec file, checking every step live.",
        subcommands = {PlanCommand.class, ApplyCommand.class, ConfirmCommand.class, VerifyCommand.class,
            RemoveCommand.class, PreflightCommand.class, ScriptCommand.class, ExplainCommand.class,
            CommandLine.HelpCommand.class, EventsCommand.class, ReportCommand.class, AnsibleCommand.class})
public final class PortcullisCommand implements Runnable {

    private final CliEnvironment environment;

    @picocli.CommandLine.Spec
    CommandSpec spec;

    /** @param environment what the commands work with (tests pass fakes) */
    public PortcullisCommand(CliEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the command line's arguments, as the shell split them
     */
    public static void main(String[] args) {
        System.exit(commandLine(CliEnvironment.system()).execute(args));
    }

    /**
     * Builds the command line, ready to {@code execute(args)}; set its out/err writers to capture output.
     *
     * @param environment what the commands work with
     * @return the command line
     */
    public static CommandLine commandLine(CliEnvironment environment) {
        CommandLine cl = new CommandLine(new PortcullisCommand(environment));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setExecutionStrategy(new FleetExecution());
        applyToAll(cl);
        return cl;
    }

    private static void applyToAll(CommandLine cl) {
        cl.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE.code());
        cl.getCommandSpec().exitCodeOnExecutionException(ExitCode.INTERNAL_ERROR.code());
        if (cl.getParent() == null) {
            cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
        } else {
            cl.getCommandSpec().usageMessage().footer("%nExit codes: see portcullis --help.");
        }
        cl.getSubcommands().values().forEach(PortcullisCommand::applyToAll);
    }

    /** @return what the subcommands work with */
    CliEnvironment environment() {
        return environment;
    }

    @Override
    public void run() {
        // Listed from the registration above, so a new subcommand needs no other edit.
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: "
                + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
    }

    /** Turns what went wrong into the documented exit code and a message that says what to do. */
    static final class ErrorHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
            ExitCode code;
            String kind;
            List<String> lines = new ArrayList<>();
            List<Object> problems = new ArrayList<>();
            if (e instanceof InvalidSpecException) {
                code = ExitCode.INVALID_SPEC;
                kind = "invalid-spec";
                lines.add(e instanceof dev.portcullis.spec.SpecFileException
                        ? "invalid spec in " + ((dev.portcullis.spec.SpecFileException) e).source() + ":" : "invalid spec:");
                for (SpecProblem p : ((InvalidSpecException) e).problems()) {
                    lines.add("  " + p);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("field", p.field());
                    m.put("reason", p.reason());
                    p.line().ifPresent(l -> m.put("line", l));
                    problems.add(m);
                }
            } else if (e instanceof UnreadableSpecException) {
                code = ExitCode.INVALID_SPEC;
                kind = "unreadable-spec";
                lines.add(e.getMessage());
            } else if (e instanceof dev.portcullis.hoststate.HostLockedException) {
                code = ExitCode.HOST_LOCKED;
                kind = "host-locked";
                lines.add(e.getMessage());
            } else if (e instanceof dev.portcullis.hoststate.InterruptedApplyException) {
                code = ExitCode.INTERRUPTED_APPLY_FOUND;
                kind = "interrupted-apply";
                lines.add(e.getMessage());
            } else if (e instanceof NoBackendException) {
                code = ExitCode.NO_BACKEND;
                kind = "no-backend";
                lines.add(e.getMessage());
                lines.add("(plan --offline or --host-facts debian|rhel|windows shows what a backend would run elsewhere)");
            } else if (e instanceof CommandFailedException || e instanceof CommandRunnerException) {
                code = ExitCode.INTERNAL_ERROR;
                kind = "command-failed";
                lines.add("a command could not read or change the host: " + e.getMessage());
                lines.add("(most need root: run with sudo, or plan --offline to see the commands without running them)");
            } else {
                code = ExitCode.INTERNAL_ERROR;
                kind = "internal-error";
                lines.add("unexpected error: " + e);
            }
            PrintWriter err = cl.getErr();
            lines.forEach(l -> err.println("portcullis " + cl.getCommandName() + ": " + l));
            err.flush();
            if (isJson(parsed)) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("exitCode", code.code());
                error.put("kind", kind);
                error.put("message", String.join("\n", lines));
                if (!problems.isEmpty()) {
                    error.put("problems", problems);
                }
                try {
                    cl.getOut().println(SpecCommand.JSON.writeValueAsString(Map.of("error", error)));
                } catch (JsonProcessingException jsonFailed) {
                    err.println("portcullis: cannot write JSON: " + jsonFailed.getMessage());
                }
                cl.getOut().flush();
            }
            return code.code();
        }

        private static boolean isJson(ParseResult parsed) {
            ParseResult p = parsed;
            while (p != null) {
                if (p.hasMatchedOption("--json")) {
                    return true;
                }
                p = p.subcommand();
            }
            return false;
        }
    }
}
