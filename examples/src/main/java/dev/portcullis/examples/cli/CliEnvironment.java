package dev.portcullis.examples.cli;

import dev.portcullis.Provisioner;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.LocalCommandRunner;

import dev.portcullis.spi.Backends;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.MailServerBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the command line works with, gathered in one place so tests can replace it: how to reach
 * this machine, which backends exist, and whether a person watches a
 * terminal.
 */
public final class CliEnvironment {

    private final Supplier<CommandRunner> localRunner;
    private final List<FirewallBackend> firewalls;
    private final List<MailServerBackend> mailServers;
    private final boolean terminal;
    private final Optional<Path> sshAgentSocket;

    private CliEnvironment(Supplier<CommandRunner> localRunner, List<FirewallBackend> firewalls,
            List<MailServerBackend> mailServers, boolean terminal, Optional<Path> sshAgentSocket) {
        this.localRunner = Objects.requireNonNull(localRunner);
        this.firewalls = List.copyOf(firewalls);
        this.mailServers = List.copyOf(mailServers);
        this.terminal = terminal;
        this.sshAgentSocket = Objects.requireNonNull(sshAgentSocket);
    }

    /**
     * @return this machine, the backends on the class path, a terminal if there is one, the SSH agent
     *     {@code SSH_AUTH_SOCK} names
     */
    public static CliEnvironment system() {
        String agent = System.getenv("SSH_AUTH_SOCK");
        return new CliEnvironment(LocalCommandRunner::create, Backends.firewalls(), Backends.mailServers(),
                System.console() != null, agent == null || agent.isBlank() ? Optional.empty() : Optional.of(Path.of(agent)));
    }

    /**
     * @param runner reaches "this machine" for apply, verify, remove and live plans
     * @return a copy using it
     */
    public CliEnvironment withLocalRunner(Supplier<CommandRunner> runner) {
        return new CliEnvironment(runner, firewalls, mailServers, terminal, sshAgentSocket);
    }

    /**
     * @param firewallBackends firewall backends to choose from
     * @param mailServerBackends mail server backends to choose from
     * @return a copy using them
     */
    public CliEnvironment withBackends(List<FirewallBackend> firewallBackends, List<MailServerBackend> mailServerBackends) {
        return new CliEnvironment(localRunner, firewallBackends, mailServerBackends, terminal, sshAgentSocket);
    }

    /**
     * @param isTerminal whether a person watches (progress is shown then)
     * @return a copy
     */
    public CliEnvironment withTerminal(boolean isTerminal) {
        return new CliEnvironment(localRunner, firewalls, mailServers, isTerminal, sshAgentSocket);
    }

    /**
     * @param socket the SSH agent's socket that {@code --host} logs in with when no {@code --identity} is given
     * @return a copy using it
     */
    public CliEnvironment withSshAgentSocket(Optional<Path> socket) {
        return new CliEnvironment(localRunner, firewalls, mailServers, terminal, socket);
    }

    /** @return the SSH agent's socket ({@code SSH_AUTH_SOCK}), if there is one */
    public Optional<Path> sshAgentSocket() {
        return sshAgentSocket;
    }

    /** @return a runner that reaches this machine (the mail log commands read through it) */
    public CommandRunner runner() {
        return localRunner.get();
    }

    /** @return a provisioner for this machine */
    public Provisioner live() {
        return Provisioner.builder().runner(localRunner.get()).backends(firewalls, mailServers).build();
    }

    /**
     * @param host the kind of host to assume
     * @param runner answers the snapshot reads
     * @return a provisioner for an assumed empty host of that kind
     */
    public Provisioner offline(AssumedHost host, EmptyHostRunner runner) {
        return Provisioner.builder().runner(runner).facts(host.facts()).backends(firewalls, mailServers).build();
    }

    /** @return the firewall backends to choose from */
    public List<FirewallBackend> firewalls() {
        return firewalls;
    }

    /** @return the mail server backends to choose from */
    public List<MailServerBackend> mailServers() {
        return mailServers;
    }

    /** @return whether a person watches a terminal */
    public boolean terminal() {
        return terminal;
    }
}
