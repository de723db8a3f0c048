package dev.portcullis.examples.cli;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.ssh.Fleet;
import dev.portcullis.ssh.Inventory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a spec command works when it is not this machine: one host over SSH ({@code --host}), or
 * every host of an inventory ({@code --inventory}) under a fleet schedule. Mixed into every spec
 * command; {@link FleetExecution} runs the command once per inventory host.
 */
public final class RemoteOptions implements AutoCloseable {

    /** The host and output of the fleet member the current thread works on. */
    private static final ThreadLocal<FleetHost> FLEET_HOST = new ThreadLocal<>();

    /** The one host of {@code --host}, and how to log in to it. */
    @Mixin
    SshLoginOptions login;

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
        if (!login.isRemote()) {
            return local;
        }
        if (inventory != null) {
            throw new IllegalArgumentException("--host and --inventory exclude each other");
        }
        return local.withLocalRunner(() -> login.runner(local.sshAgentSocket()));
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
        if (login.isRemote()) {
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

    /** Closes the {@code --host} connection, if one was opened. */
    @Override
    public void close() {
        login.close();
    }

    private record FleetHost(CommandRunner runner, PrintWriter output) {
    }
}
