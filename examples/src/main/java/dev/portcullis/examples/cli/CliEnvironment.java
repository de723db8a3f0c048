package dev.portcullis.examples.cli;

import dev.portcullis.Provisioner;
import dev.portcullis.Spec;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.LocalCommandRunner;

import dev.portcullis.spi.Backends;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.MailServerBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the command line works with, gathered in one place so tests can replace it: how to reach
 * this machine, which backends exist, how spec files are read, and whether a person watches a
 * terminal.
 */
public final class CliEnvironment {

    /** Reads a spec file. */
    @FunctionalInterface
    public interface SpecReader {
        /**
         * @param file a YAML or JSON spec file
         * @return the spec it holds
         * @throws IOException when the file cannot be read
         */
        Spec read(Path file) throws IOException;
    }

    private final Supplier<CommandRunner> localRunner;
    private final List<FirewallBackend> firewalls;
    private final List<MailServerBackend> mailServers;
    private final SpecReader specReader;
    private final boolean terminal;

    private CliEnvironment(Supplier<CommandRunner> localRunner, List<FirewallBackend> firewalls,
            List<MailServerBackend> mailServers, SpecReader specReader, boolean terminal) {
        this.localRunner = Objects.requireNonNull(localRunner);
        this.firewalls = List.copyOf(firewalls);
        this.mailServers = List.copyOf(mailServers);
        this.specReader = Objects.requireNonNull(specReader);
        this.terminal = terminal;
    }

    /** @return this machine, the backends on the class path, core's spec reader, a terminal if there is one */
    public static CliEnvironment system() {
        return new CliEnvironment(LocalCommandRunner::create, Backends.firewalls(), Backends.mailServers(),
                file -> { throw new java.io.IOException("TODO Specs.read"); }, System.console() != null);
    }

    /**
     * @param runner reaches "this machine" for apply, verify, remove and live plans
     * @return a copy using it
     */
    public CliEnvironment withLocalRunner(Supplier<CommandRunner> runner) {
        return new CliEnvironment(runner, firewalls, mailServers, specReader, terminal);
    }

    /**
     * @param firewallBackends firewall backends to choose from
     * @param mailServerBackends mail server backends to choose from
     * @return a copy using them
     */
    public CliEnvironment withBackends(List<FirewallBackend> firewallBackends, List<MailServerBackend> mailServerBackends) {
        return new CliEnvironment(localRunner, firewallBackends, mailServerBackends, specReader, terminal);
    }

    /**
     * @param isTerminal whether a person watches (progress is shown then)
     * @return a copy
     */
    public CliEnvironment withTerminal(boolean isTerminal) {
        return new CliEnvironment(localRunner, firewalls, mailServers, specReader, isTerminal);
    }

    /** @return a provisioner for this machine */
    public Provisioner live() {
        return Provisioner.on(localRunner.get()).backends(firewalls, mailServers);
    }

    /**
     * @param host the kind of host to assume
     * @param runner answers the snapshot reads
     * @return a provisioner for an assumed empty host of that kind
     */
    public Provisioner offline(AssumedHost host, EmptyHostRunner runner) {
        return Provisioner.on(runner).facts(host.facts()).backends(firewalls, mailServers);
    }

    /** @return the firewall backends to choose from */
    public List<FirewallBackend> firewalls() {
        return firewalls;
    }

    /** @return the mail server backends to choose from */
    public List<MailServerBackend> mailServers() {
        return mailServers;
    }

    /**
     * @param file a spec file
     * @return its spec
     * @throws IOException when it cannot be read
     */
    public Spec readSpec(Path file) throws IOException {
        return specReader.read(file);
    }

    /** @return whether a person watches a terminal */
    public boolean terminal() {
        return terminal;
    }
}
