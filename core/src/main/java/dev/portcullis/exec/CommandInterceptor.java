package dev.portcullis.exec;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps every command a runner runs, like an OkHttp interceptor: rewrite it (sudo), observe it
 * (logging, auditing), or answer it. Chain interceptors with
 * {@link InterceptingCommandRunner#wrap(CommandRunner, CommandInterceptor...)}.
 */
@FunctionalInterface
public interface CommandInterceptor {

    /**
     * Handles one command: passes it on (changed or not) to the rest of the chain, or answers it.
     *
     * @param command the command about to run
     * @param next the rest of the chain; call {@code next.execute(...)} to run it
     * @return the result the caller sees
     */
    CommandResult intercept(Command command, CommandRunner next);

    /**
     * Runs every command through {@code sudo -n --} (non-interactive: fails instead of prompting),
     * with the same standard input, timeout, environment and accepted exit codes. The command's own
     * environment variables are named in {@code --preserve-env=...}, since sudo drops them
     * otherwise (the sudoers policy must allow that), and never put in the argv, where every
     * user could read them. When sudo itself refuses because it wants a password, the command never
     * ran: that is a {@link CommandRunnerException} naming the target, not a failed result.
     *
     * @return the interceptor
     */
    static CommandInterceptor sudo() {
        return (command, next) -> {
            List<String> argv = new ArrayList<>(List.of("sudo", "-n"));
            if (!command.environment().isEmpty()) {
                // sudo resets the environment: name the command's own variables to keep them.
                argv.add("--preserve-env=" + String.join(",", command.environment().keySet()));
            }
            argv.add("--");
            argv.addAll(command.argv());
            // Everything else stays as it is: standard input byte for byte (and its sensitivity),
            // the timeout, the environment and the accepted exit codes.
            CommandResult result = next.execute(command.toBuilder().argv(argv).build());
            if (result.exitCode() == 1 && (result.stderr().startsWith("sudo: a password is required")
                    || result.stderr().startsWith("sudo: a terminal is required"))) {
                // The command never ran: its "exit 1" would read as the tool's own failure.
                throw new CommandRunnerException("sudo on " + next.target() + " wants a password to run "
                        + command.program() + "; Portcullis runs sudo -n and never types one. Give this user"
                        + " NOPASSWD for the commands Portcullis runs, or log in as root", null);
            }
            return result;
        };
    }

    /**
     * Logs each command (rendered, secrets redacted) and its exit code through SLF4J at debug,
     * failures at warn.
     *
     * @return the interceptor
     */
    static CommandInterceptor logging() {
        Logger log = LoggerFactory.getLogger("dev.portcullis.commands");
        return (command, next) -> {
            CommandResult r = next.execute(command);
            if (r.isSuccess()) {
                log.debug("{} -> exit {} ({} ms)", command.render(), r.exitCode(), r.duration().toMillis());
            } else {
                log.warn("{} -> exit {}{}: {}", command.render(), r.exitCode(), r.timedOut() ? " (timed out)" : "",
                        CommandResult.excerpt(r.stderr().strip(), 300));
            }
            return r;
        };
    }
}
