package dev.portcullis.plan;

import dev.portcullis.exec.CommandResult;

/**
 * A command as it appears in a report: rendered (secrets redacted), its exit code, how long it
 * took, and excerpts of its output.
 *
 * @param phase "apply", "probe", "undo" or "check"
 * @param command the rendered command
 * @param exitCode its exit code
 * @param millis wall time in milliseconds
 * @param stdout start of standard output
 * @param stderr start of standard error
 * @param timedOut whether it was killed for its timeout
 */
public record CommandRecord(String phase, String command, int exitCode, long millis, String stdout, String stderr,
        boolean timedOut) {

    /** Longest output excerpt kept in a report. */
    public static final int EXCERPT = 2000;

    /**
     * @param phase the phase
     * @param result what the command left behind
     * @return the record
     */
    public static CommandRecord of(String phase, CommandResult result) {
        return new CommandRecord(phase, result.command().render(), result.exitCode(), result.duration().toMillis(),
                CommandResult.excerpt(result.stdout(), EXCERPT), CommandResult.excerpt(result.stderr(), EXCERPT),
                result.timedOut());
    }
}
