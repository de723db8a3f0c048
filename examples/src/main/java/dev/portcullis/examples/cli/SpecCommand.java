package dev.portcullis.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.Provisioner;
import dev.portcullis.Spec;
import dev.portcullis.spec.Specs;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec.Target;

/** What the subcommands that work on a spec file share: loading it, the environment, output. */
abstract class SpecCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    SpecOptions options;

    @Mixin
    RemoteOptions remote;

    @ParentCommand
    PortcullisCommand parent;

    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec commandSpec;

    CliEnvironment env() {
        return remote.environment(parent.environment());
    }

    PrintWriter out() {
        return remote.out(commandSpec.commandLine().getOut());
    }

    PrintWriter err() {
        return remote.out(commandSpec.commandLine().getErr());
    }

    /**
     * Reads the spec file. A refused spec throws core's {@code SpecFileException} (an
     * InvalidSpecException, every problem with its line); a file that cannot be read at all throws
     * {@link UnreadableSpecException}. Both become exit code 2.
     */
    Spec spec() {
        try {
            return Specs.read(options.spec);
        } catch (InvalidSpecException e) {
            throw e;
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new UnreadableSpecException(options.spec, e);
        }
    }

    dev.portcullis.examples.cli.Target target() {
        return dev.portcullis.examples.cli.Target.of(spec(), !options.noFirewall);
    }

    Provisioner configure(Provisioner p) {
        return options.configure(p, env());
    }

    void printJson(Object tree) {
        try {
            out().println(JSON.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out().flush();
    }

    static Object parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
