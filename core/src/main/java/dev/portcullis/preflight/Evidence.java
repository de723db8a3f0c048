package dev.portcullis.preflight;

import dev.portcullis.exec.CommandResult;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a check read to reach its verdict: a command and what it printed, a platform call made
 * through JNA, or a socket connect.
 *
 * @param source where it came from: a rendered command ({@code ss -Hltnp}) or a call ({@code JNA geteuid()})
 * @param exitCode the command's exit code, or null when the evidence is not a process
 * @param output what it printed or returned, cut to {@link #MAX_OUTPUT} characters
 */
public record Evidence(String source, Integer exitCode, String output) {

    /** Longest output kept per piece of evidence. */
    public static final int MAX_OUTPUT = 4000;

    /** @param source s @param exitCode e @param output o */
    public Evidence {
        Objects.requireNonNull(source, "source");
        output = CommandResult.excerpt(Objects.requireNonNullElse(output, ""), MAX_OUTPUT);
    }

    /**
     * @param result a finished command
     * @return its rendering, exit code, and standard output followed by standard error
     */
    public static Evidence of(CommandResult result) {
        String out = result.stdout();
        if (!result.stderr().isBlank()) {
            out = out + (out.isEmpty() || out.endsWith("\n") ? "" : "\n") + result.stderr();
        }
        if (result.timedOut()) {
            out = out + "[timed out after " + result.command().timeout().toSeconds() + " s]";
        }
        return new Evidence(result.command().render(), result.exitCode(), out);
    }

    /**
     * @param source what was read (a call, a file, a socket)
     * @param output what it gave
     * @return evidence that is not a process
     */
    public static Evidence of(String source, String output) {
        return new Evidence(source, null, output);
    }

    /** @return the exit code when the evidence is a process */
    public OptionalInt exitCodeIfAny() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** @return the output, or empty when there was none */
    public Optional<String> outputIfAny() {
        return output.isEmpty() ? Optional.empty() : Optional.of(output);
    }
}
