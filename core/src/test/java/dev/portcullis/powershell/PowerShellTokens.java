package dev.portcullis.powershell;

import java.util.ArrayList;
import java.util.List;

/**
 * A test oracle: how PowerShell's tokenizer reads single-quoted strings. A string starts at any of
 * the five single-quote characters; inside it, two consecutive quote characters stand for one
 * literal character and a lone one ends it. Everything outside strings is code.
 */
public final class PowerShellTokens {

    /** @param code the code outside string literals @param literals the decoded literals, in order */
    public record Split(String code, List<String> literals) {
    }

    private PowerShellTokens() {
    }

    /** Written out here rather than taken from the code under test: an independent oracle. */
    private static final String QUOTES = "'\u2018\u2019\u201A\u201B";

    /** @param c a character @return whether PowerShell reads it as a single quote */
    public static boolean isQuote(char c) {
        return QUOTES.indexOf(c) >= 0;
    }

    /**
     * @param line code with single-quoted literals
     * @return the code with each literal cut out, and the literals' values
     */
    public static Split split(String line) {
        StringBuilder code = new StringBuilder();
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (!isQuote(c)) {
                code.append(c);
                i++;
                continue;
            }
            StringBuilder value = new StringBuilder();
            i++;
            boolean closed = false;
            while (i < line.length()) {
                char d = line.charAt(i);
                if (isQuote(d)) {
                    if (i + 1 < line.length() && isQuote(line.charAt(i + 1))) {
                        value.append(d);
                        i += 2;
                        continue;
                    }
                    i++;
                    closed = true;
                    break;
                }
                value.append(d);
                i++;
            }
            if (!closed) {
                throw new IllegalStateException("unterminated literal in: " + line);
            }
            literals.add(value.toString());
        }
        return new Split(code.toString(), literals);
    }
}
