package dev.portcullis.exec;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a finished (or killed) process left behind: its exit code, its standard output and
 * standard error decoded as UTF-8, and how long it took. A process killed for running too long
 * ({@link #timedOut()}) or for printing more than its runner keeps ({@link #exceededOutputLimit()})
 * never counts as a success, whatever exit code it left.
 */
public final class CommandResult {

    private final Command command;
    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final Duration duration;
    private final boolean timedOut;
    private final long exceededOutputLimit;

    /**
     * A result as a runner records it.
     *
     * @param command the command that ran
     * @param exitCode its exit code
     * @param stdout its standard output
     * @param stderr its standard error
     * @param duration wall time
     * @param timedOut whether it was killed for exceeding its timeout
     */
    public CommandResult(Command command, int exitCode, String stdout, String stderr, Duration duration, boolean timedOut) {
        this(command, exitCode, stdout, stderr, duration, timedOut, -1);
    }

    private CommandResult(Command command, int exitCode, String stdout, String stderr, Duration duration, boolean timedOut,
            long exceededOutputLimit) {
        this.command = Objects.requireNonNull(command);
        this.exitCode = exitCode;
        this.stdout = Objects.requireNonNull(stdout);
        this.stderr = Objects.requireNonNull(stderr);
        this.duration = Objects.requireNonNull(duration);
        this.timedOut = timedOut;
        this.exceededOutputLimit = exceededOutputLimit;
    }

    /**
     * A copy saying that the process was killed because it printed more than a runner keeps; the
     * output is what was kept, up to the limit.
     *
     * @param limitBytes the most bytes of one stream the runner keeps
     * @return the copy, which never counts as a success
     */
    public CommandResult killedForOutputOver(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("output limit must be positive: " + limitBytes);
        }
        return new CommandResult(command, exitCode, stdout, stderr, duration, timedOut, limitBytes);
    }

    /**
     * A result for a fake runner: nothing on standard error, no time taken, not killed.
     *
     * @param command the command the fake answers
     * @param exitCode the exit code it pretends the process left
     * @param stdout what it pretends the process printed
     * @return a result that took no time
     */
    public static CommandResult of(Command command, int exitCode, String stdout) {
        return new CommandResult(command, exitCode, stdout, "", Duration.ZERO, false);
    }

    /** @return the command that ran */
    public Command command() {
        return command;
    }

    /** @return the exit code; meaningless when the process was killed (timed out or printed too much) */
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

    /**
     * @return the output limit, in bytes of one stream, that the process exceeded and was killed
     *     for; empty when it printed less
     */
    public OptionalLong exceededOutputLimit() {
        return exceededOutputLimit < 0 ? OptionalLong.empty() : OptionalLong.of(exceededOutputLimit);
    }

    /**
     * @return whether the exit code is one the command accepts, and the process was not killed for
     *     its timeout or its output
     */
    public boolean isSuccess() {
        return !timedOut && exceededOutputLimit < 0 && command.isSuccess(exitCode);
    }

    /**
     * Cuts output for a message or a report, saying how much was left out.
     *
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
        String killed = timedOut ? " (timed out)" : "";
        if (exceededOutputLimit >= 0) {
            killed += " (killed: output exceeded " + exceededOutputLimit + " bytes)";
        }
        return "exit " + exitCode + killed + " from " + command.render()
                + (stderr.isBlank() ? "" : ": " + excerpt(stderr.strip(), 500));
    }
}
