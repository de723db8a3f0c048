package dev.portcullis.testing;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.exec.LocalCommandRunner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs commands inside a running container through {@code docker exec}, argv only.
 *
 * <p>The docker CLI is itself started by core's {@link LocalCommandRunner}, so there is no shell
 * anywhere: the command's argv reaches the container's exec call verbatim. The command's timeout
 * is enforced inside the container by coreutils {@code timeout}, which kills the process there
 * (killing the local docker CLI alone would leave it running in the container); the local
 * runner gets a little longer as a backstop. The result carries the original command, so a
 * backend sees the same {@link CommandResult} on a real host and in a container.
 */
final class DockerExecCommandRunner implements CommandRunner {

    /** Time {@code timeout} grants after SIGTERM before SIGKILL (the exec agent grants the same). */
    static final Duration KILL_AFTER = Duration.ofSeconds(5);
    /** Extra time for the docker CLI round trip before the local backstop kills it. */
    private static final Duration DOCKER_OVERHEAD = Duration.ofSeconds(20);
    /** Exit code of coreutils timeout when the command timed out (SIGTERM). */
    private static final int TIMEOUT_TERM = 124;
    /** Exit code of coreutils timeout when the command needed SIGKILL after the grace time. */
    private static final int TIMEOUT_KILL = 137;
    /** Exit codes of coreutils timeout when it could not run the command (126 found but not executable, 127 not found). */
    private static final int CANNOT_EXECUTE = 126;
    private static final int NOT_FOUND = 127;
    /** Exit code of coreutils timeout for its own failure. */
    private static final int TIMEOUT_FAILED = 125;

    private final String containerId;
    private final String label;
    private final CommandRunner local;

    DockerExecCommandRunner(String containerId, String label) {
        this(containerId, label, LocalCommandRunner.create());
    }

    DockerExecCommandRunner(String containerId, String label, CommandRunner local) {
        this.containerId = containerId;
        this.label = label;
        this.local = local;
    }

    @Override
    public CommandResult execute(Command command) {
        CommandResult outer = local.execute(dockerExec(command));
        int exit = outer.exitCode();
        String stderr = outer.stderr();
        if (exit == CANNOT_EXECUTE || exit == NOT_FOUND || exit == TIMEOUT_FAILED) {
            if (stderr.contains("timeout: failed to run command") || stderr.contains("OCI runtime exec failed")) {
                throw new CommandRunnerException("could not start " + command.program() + " in " + target() + ": "
                        + CommandResult.excerpt(stderr.strip(), 500), null);
            }
        }
        if (stderr.startsWith("Error response from daemon") || stderr.startsWith("Error: No such container")) {
            throw new CommandRunnerException("docker exec failed in " + target() + ": "
                    + CommandResult.excerpt(stderr.strip(), 500), null);
        }
        boolean timedOut = outer.timedOut()
                || ((exit == TIMEOUT_TERM || exit == TIMEOUT_KILL) && outer.duration().compareTo(command.timeout()) >= 0);
        CommandResult result = new CommandResult(command, exit, outer.stdout(), stderr, outer.duration(), timedOut);
        // docker exec printing more than the local runner keeps was killed: so was the command.
        return outer.exceededOutputLimit().isPresent() ? result.killedForOutputOver(outer.exceededOutputLimit().getAsLong())
                : result;
    }

    /** Starts a long-running process in the container and returns at once ({@code docker exec -d}). */
    void startDetached(List<String> argv) {
        List<String> docker = new ArrayList<>(List.of("docker", "exec", "-d", containerId));
        docker.addAll(argv);
        local.run(Command.of(docker).toBuilder().timeout(Duration.ofSeconds(60)).build());
    }

    private Command dockerExec(Command command) {
        List<String> argv = new ArrayList<>(List.of("docker", "exec"));
        if (command.stdin().isPresent()) {
            argv.add("-i");
        }
        for (Map.Entry<String, String> e : command.environment().entrySet()) {
            argv.add("--env");
            argv.add(e.getKey() + "=" + e.getValue());
        }
        argv.add(containerId);
        argv.add("timeout");
        argv.add("--kill-after=" + seconds(KILL_AFTER));
        argv.add(seconds(command.timeout()));
        argv.addAll(command.argv());
        Command.Builder outer = Command.of(argv).toBuilder()
                .timeout(command.timeout().plus(KILL_AFTER).plus(DOCKER_OVERHEAD));
        command.stdin().ifPresent(bytes -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (command.stdinSensitive()) {
                outer.sensitiveStdin(text);
            } else {
                outer.stdin(text);
            }
        });
        return outer.build();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3fs", d.toMillis() / 1000.0);
    }

    @Override
    public String target() {
        return label;
    }

    @Override
    public boolean isLocal() {
        return false;
    }
}
