package dev.portcullis.ssh;

import dev.portcullis.exec.CommandRunnerException;
import java.util.List;
import java.util.StringJoiner;

/**
 * The one place where an argv becomes a shell string. SSH carries a single command string, which
 * the remote login shell splits into words; every argument is therefore single-quoted for POSIX
 * {@code sh}, where nothing between single quotes is special (no {@code $}, backquote, backslash,
 * glob or newline meaning), and each {@code '} inside is written as {@code '\''} (close the quote,
 * an escaped quote, reopen). The remote program then receives exactly the argv given here.
 *
 * <p>Every word is quoted, the program too: an unquoted first word such as {@code A=b} or
 * {@code if} would be an assignment or a keyword. Two things cannot travel and are refused: NUL
 * (no C argv can hold it) and text that is not well-formed Unicode (a lone surrogate has no UTF-8
 * form and would arrive as a different character).
 */
public final class PosixShellWords {

    private PosixShellWords() {
    }

    /**
     * Quotes one argument for POSIX sh.
     *
     * @param word the argument, verbatim; may be empty, start with a dash or hold newlines
     * @return the argument as a single-quoted shell word
     * @throws CommandRunnerException when the argument holds NUL or a lone surrogate
     */
    public static String quote(String word) {
        refuseWhatCannotTravel(word);
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * Joins an argv into one command line for POSIX sh, each word quoted by {@link #quote(String)}.
     *
     * @param argv program followed by its arguments; not empty
     * @return the command line, words separated by one space
     * @throws CommandRunnerException when an argument cannot be passed intact
     */
    public static String commandLine(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must name a program");
        }
        StringJoiner line = new StringJoiner(" ");
        argv.forEach(word -> line.add(quote(word)));
        return line.toString();
    }

    private static void refuseWhatCannotTravel(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == 0) {
                throw new CommandRunnerException("argument at character " + i + " holds NUL, which no program argument"
                        + " can carry", null);
            }
            if (Character.isHighSurrogate(c) && i + 1 < word.length() && Character.isLowSurrogate(word.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new CommandRunnerException("argument at character " + i + " holds a lone UTF-16 surrogate, which"
                        + " has no UTF-8 form and would reach the remote host changed", null);
            }
        }
    }
}
