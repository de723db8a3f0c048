package dev.portcullis.examples.cli;

import dev.portcullis.Provisioner;
import dev.portcullis.plan.ApplyReport;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.codehaus.groovy.control.CompilationFailedException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code portcullis script FILE}: runs a Groovy script with a {@code provisioner} bound for this
 * machine (or, with {@code --host-facts}, for an assumed empty host, to see its plans anywhere) and
 * {@code apply} set by {@code --apply}. When the script's value is an apply report, or a list of
 * them, the exit code follows them as for {@code apply}.
 */
@picocli.CommandLine.Command(name = "script", mixinStandardHelpOptions = true,
        description = {"Run a Groovy script with `provisioner` (a dev.portcullis.Provisioner) and `apply` bound.",
            "Examples: examples/scripts/smtp-allowlist.groovy, examples/scripts/postfix-with-firewall.groovy"})
final class ScriptCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the Groovy script")
    Path script;

    @Option(names = "--apply", description = "bind apply=true (the script applies instead of planning; needs this machine)")
    boolean apply;

    @Option(names = "--host-facts", paramLabel = "debian|rhel|windows",
            description = "bind a provisioner for an assumed empty host of this kind instead of this machine")
    String hostFacts;

    @Option(names = "--backend", paramLabel = "ID", description = "use this backend (repeat for firewall and mail server)")
    List<String> backends = new ArrayList<>();

    @ParentCommand
    PortcullisCommand parent;

    @Spec
    CommandSpec commandSpec;

    @Override
    public Integer call() {
        if (apply && hostFacts != null) {
            throw new ParameterException(commandSpec.commandLine(), "--apply changes this machine: it cannot be combined with --host-facts");
        }
        CliEnvironment env = parent.environment();
        SpecOptions routing = new SpecOptions();
        routing.backends = backends;
        Provisioner p;
        if (hostFacts == null) {
            p = routing.configure(env.live(), env);
        } else {
            AssumedHost kind;
            try {
                kind = AssumedHost.valueOf(hostFacts.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(commandSpec.commandLine(), "--host-facts: '" + hostFacts
                        + "' is not one of debian, rhel, windows");
            }
            // The script may name TLS files of its own; an assumed host has the usual ones only.
            p = routing.configure(env.offline(kind, new EmptyHostRunner(Set.copyOf(kind.files()))), env);
        }
        Binding binding = new Binding();
        binding.setVariable("provisioner", p);
        binding.setVariable("apply", apply);
        binding.setVariable("out", commandSpec.commandLine().getOut());
        Object result;
        try {
            File file = script.toFile();
            if (!file.isFile()) {
                throw new UnreadableSpecException(script, new IOException("no such file"));
            }
            result = new GroovyShell(ScriptCommand.class.getClassLoader(), binding).evaluate(file);
        } catch (IOException e) {
            throw new UnreadableSpecException(script, new UncheckedIOException(e));
        } catch (CompilationFailedException e) {
            throw new UnreadableSpecException(script, e);
        }
        commandSpec.commandLine().getOut().flush();
        List<ApplyReport> reports = new ArrayList<>();
        if (result instanceof ApplyReport) {
            reports.add((ApplyReport) result);
        } else if (result instanceof List) {
            ((List<?>) result).stream().filter(ApplyReport.class::isInstance).map(ApplyReport.class::cast).forEach(reports::add);
        }
        return ReportsExitCode.of(reports).code();
    }
}
