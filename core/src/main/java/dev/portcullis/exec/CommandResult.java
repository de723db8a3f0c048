package dev.portcullis.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * What a finished (or killed) process left behind: its exit code, its standard output and
 * standard error decoded as UTF-8, and how long it took.
 */
public final class CommandResult {

    private final Command command;
    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final Duration duration;
    private final boolean timedOut;

    /**
     * @param command the command that ran
     * @param exitCode its exit code
     * @param stdout its standard output
     * @param stderr its standard error
     * @param duration wall time
     * @param timedOut whether it was killed for exceeding its timeout
     */
    public CommandResult(Command command, int exitCode, String stdout, String stderr, Duration duration, boolean timedOut) {
        this.command = Objects.requireNonNull(command);
        this.exitCode = exitCode;
        this.stdout = Objects.requireNonNull(stdout);
        this.stderr = Objects.requireNonNull(stderr);
        this.duration = Objects.requireNonNull(duration);
        this.timedOut = timedOut;
    }

    /**
     * A result for a fake runner.
     *
     * @param command the command
     * @param exitCode exit code
     * @param stdout standard output
     * @return a result that took no time
     */
    public static CommandResult of(Command command, int exitCode, String stdout) {
        return new CommandResult(command, exitCode, stdout, "", Duration.ZERO, false);
    }

    /** @return the command that ran */
    public Command command() {
        return command;
    }

    /** @return the exit code (-1 when killed) */
    public int exitCode() {
        return exitCode;
    }

    /** @return standard output */
    public String stdout() {
        return stdout;
    }

    /** @return standard error */
    public String stderr() {
        return stderr;
    }

    /** @return wall time */
    public Duration duration() {
        return duration;
    }

    /** @return whether the process was killed for exceeding its timeout */
    public boolean timedOut() {
        return timedOut;
    }

    /** @return whether the exit code is one the command accepts and it did not time out */
    public boolean isSuccess() {
        return !timedOut && command.isSuccess(exitCode);
    }

    /**
     * @param text some output
     * @param max the most characters to keep
     * @return the text cut to {@code max} characters with a marker when cut
     */
    public static String excerpt(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "... [" + (text.length() - max) + " more characters]";
    }

    @Override
    public String toString() {
        return "exit " + exitCode + (timedOut ? " (timed out)" : "") + " from " + command.render()
                + (stderr.isBlank() ? "" : ": " + excerpt(stderr.strip(), 500));
    }
}
