package dev.portcullis.exec;

import java.util.Optional;

/**
 * Runs commands somewhere: this machine, a container, a remote host. Every Portcullis backend
 * reaches its host only through a runner, so the same code runs locally and in tests.
 *
 * <p>Implementations must run the argv as given, never through a shell.
 */
public interface CommandRunner {

    /**
     * Runs a command and returns whatever it produced, whatever its exit code.
     *
     * @param command the command to run, its argv exactly as given
     * @return its result, also when it failed or timed out
     * @throws CommandRunnerException when the process could not be started at all
     */
    CommandResult execute(Command command);

    /**
     * Runs a command and insists on success.
     *
     * @param command the command to run, its argv exactly as given
     * @return its result
     * @throws CommandFailedException when the exit code is not accepted or it timed out
     */
    default CommandResult run(Command command) {
        CommandResult result = execute(command);
        if (!result.isSuccess()) {
            throw new CommandFailedException(result);
        }
        return result;
    }

    /**
     * Runs a program with arguments and insists on success.
     *
     * @param program the executable, looked up on PATH when it has no slash
     * @param args its arguments, passed verbatim
     * @return its result
     */
    default CommandResult run(String program, String... args) {
        return run(Command.of(program, args));
    }

    /** @return where this runner runs commands, for reports ("local", "container 1a2b3c") */
    default String target() {
        return getClass().getSimpleName();
    }

    /** @return whether commands run on the machine this JVM runs on */
    default boolean isLocal() {
        return false;
    }

    /**
     * The operator's login session on the host this runner reaches, when there is one: for a
     * local runner the {@code SSH_CONNECTION} the JVM was started under, for a remote runner its
     * own connection. Used to refuse policies that would lock the operator out.
     *
     * @return the session, or empty when none is known (then tcp/22 is assumed to matter)
     */
    default Optional<OperatorSession> operatorSession() {
        return Optional.empty();
    }
}
