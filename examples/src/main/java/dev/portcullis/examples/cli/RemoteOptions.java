package dev.portcullis.examples.cli;

import dev.portcullis.SecretRef;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.ssh.Fleet;
import dev.portcullis.ssh.Inventory;
import dev.portcullis.ssh.SshCommandRunner;
import dev.portcullis.ssh.SshHost;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a spec command works when it is not this machine: one host over SSH ({@code --host}), or
 * every host of an inventory ({@code --inventory}) under a fleet schedule. Mixed into every spec
 * command; {@link FleetExecution} runs the command once per inventory host.
 */
public final class RemoteOptions implements AutoCloseable {

    /** The host and output of the fleet member the current thread works on. */
    private static final ThreadLocal<FleetHost> FLEET_HOST = new ThreadLocal<>();

    @Option(names = "--host", paramLabel = "USER@HOST[:PORT]",
            description = "work on this host over SSH instead of this machine; users other than root go through sudo -n")
    String host;

    @Option(names = "--identity", paramLabel = "FILE", description = "private key for --host (OpenSSH or PEM format); without it, --host logs in with the SSH agent that SSH_AUTH_SOCK names, if any")
    Path identity;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "known_hosts file that vouches for --host's key (default ~/.ssh/known_hosts)")
    Path knownHosts;

    @Option(names = "--trust-host-key", paramLabel = "SHA256:...",
            description = "accept --host's key with exactly this fingerprint although known_hosts does not record it")
    String trustHostKey;

    @Option(names = "--password", paramLabel = "env:NAME|file:PATH",
            description = "log in to --host with the password this secret reference names (never the password itself)")
    String password;

    @Option(names = "--inventory", paramLabel = "FILE",
            description = "run on every host of this YAML inventory (defaults, groups, per-host settings)")
    Path inventory;

    @Option(names = "--group", paramLabel = "NAME", description = "with --inventory: only this group's hosts")
    String group;

    @Option(names = "--parallel", paramLabel = "N", description = "with --inventory: hosts at once (default 1)")
    int parallel = 1;

    @Option(names = "--serial", paramLabel = "N", description = "with --inventory: rolling batches of N hosts")
    Integer serial;

    @Option(names = "--max-failures", paramLabel = "K",
            description = "with --inventory: start no new host after K failures; the rest are reported not attempted")
    Integer maxFailures;

    @Option(names = "--canary", paramLabel = "N",
            description = "with --inventory: run N hosts first, alone; stop if one fails")
    int canary;

    private SshCommandRunner connected;

    /**
     * The environment the command works in: this machine, the {@code --host}, or the fleet member
     * of the current thread.
     *
     * @param local what the command line was started with
     * @return the environment whose live provisioner reaches the right host
     */
    CliEnvironment environment(CliEnvironment local) {
        FleetHost member = FLEET_HOST.get();
        if (member != null) {
            return local.withLocalRunner(() -> member.runner());
        }
        if (host == null) {
            return local;
        }
        if (inventory != null) {
            throw new IllegalArgumentException("--host and --inventory exclude each other");
        }
        return local.withLocalRunner(() -> ssh(local.sshAgentSocket()));
    }

    /**
     * @param standard the command line's own writer
     * @return the current fleet member's output, or the standard writer
     */
    PrintWriter out(PrintWriter standard) {
        FleetHost member = FLEET_HOST.get();
        return member != null ? member.output() : standard;
    }

    /** @return whether the command runs on an inventory */
    boolean isFleet() {
        return inventory != null;
    }

    /** @return the inventory's hosts under the schedule the options ask for */
    Fleet fleet() {
        if (host != null) {
            throw new IllegalArgumentException("--host and --inventory exclude each other");
        }
        Fleet fleet = Fleet.of(Inventory.read(inventory).members(Optional.ofNullable(group))).parallel(parallel)
                .canary(canary);
        fleet = serial == null ? fleet : fleet.serial(serial);
        return maxFailures == null ? fleet : fleet.maxFailures(maxFailures);
    }

    /**
     * Runs work with the current thread bound to one fleet member.
     *
     * @param runner reaches the member
     * @param output where the command's output goes
     * @param work the command
     * @return what the work returned
     * @throws Exception what the work threw
     */
    static <T> T on(CommandRunner runner, PrintWriter output, java.util.concurrent.Callable<T> work) throws Exception {
        FLEET_HOST.set(new FleetHost(runner, output));
        try {
            return work.call();
        } finally {
            FLEET_HOST.remove();
        }
    }

    private synchronized CommandRunner ssh(Optional<Path> agent) {
        if (connected == null) {
            SshCommandRunner.Builder b = SshCommandRunner.to(SshHost.parse(host));
            if (identity != null) {
                b.identity(identity);
            } else {
                agent.ifPresent(b::agent);
            }
            Optional.ofNullable(knownHosts).ifPresent(b::knownHosts);
            Optional.ofNullable(trustHostKey).ifPresent(b::trustHostKey);
            Optional.ofNullable(password).map(SecretRef::parse).ifPresent(b::password);
            connected = b.connect();
        }
        return connected.privileged();
    }

    /** Closes the {@code --host} connection, if one was opened. */
    @Override
    public synchronized void close() {
        if (connected != null) {
            connected.close();
            connected = null;
        }
    }

    private record FleetHost(CommandRunner runner, PrintWriter output) {
    }
}
