package dev.portcullis.exec;

/**
 * Wraps every command a runner runs, like an OkHttp interceptor: rewrite it (sudo), observe it
 * (logging, auditing), or answer it. Chain interceptors with
 * {@link InterceptingCommandRunner#wrap(CommandRunner, CommandInterceptor...)}.
 */
@FunctionalInterface
public interface CommandInterceptor {

    /**
     * @param command the command about to run
     * @param next the rest of the chain; call {@code next.execute(...)} to run it
     * @return the result
     */
    CommandResult intercept(Command command, CommandRunner next);

    /**
     * Runs every command through {@code sudo -n --} (non-interactive: fails instead of prompting).
     *
     * @return the interceptor
     */
    static CommandInterceptor sudo() {
        return (command, next) -> {
            java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("sudo", "-n", "--"));
            argv.addAll(command.argv());
            Command.Builder b = Command.builder(argv.get(0)).args(argv.subList(1, argv.size()))
                    .timeout(command.timeout()).successExitCodes(command.successExitCodes().toArray(new Integer[0]));
            command.environment().forEach(b::env);
            command.stdin().ifPresent(bytes -> {
                String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                if (command.stdinSensitive()) {
                    b.sensitiveStdin(text);
                } else {
                    b.stdin(text);
                }
            });
            return next.execute(b.build());
        };
    }

    /**
     * Logs each command (rendered, secrets redacted) and its exit code through SLF4J at debug,
     * failures at warn.
     *
     * @return the interceptor
     */
    static CommandInterceptor logging() {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("dev.portcullis.commands");
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
