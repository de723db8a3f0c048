package dev.portcullis.powershell;

import java.util.ArrayList;
import java.util.List;

/**
 * A test oracle: how PowerShell reads the values a script binds. A string literal starts at any of
 * the five single-quote characters; inside it, two consecutive quote characters stand for one
 * literal character and a lone one ends it. A value with characters beyond ASCII is bound as one
 * parenthesised concatenation of literals and character codes, {@code ('M' + [char]0x00FC + 'ller')}:
 * the oracle reads such a group, and only exactly that shape, as ONE value (what PowerShell computes
 * from it). Everything else is code.
 */
public final class PowerShellTokens {

    /**
     * @param code the code outside the values, each value cut out
     * @param literals the values, decoded, in order
     */
    public record Split(String code, List<String> literals) {
    }

    private PowerShellTokens() {
    }

    /** Written out here rather than taken from the code under test: an independent oracle. */
    private static final String QUOTES = "'\u2018\u2019\u201A\u201B";
    private static final String JOIN = " + ";
    private static final String CHAR_CODE = "[char]0x";

    /** @param c a character @return whether PowerShell reads it as a single quote */
    public static boolean isQuote(char c) {
        return QUOTES.indexOf(c) >= 0;
    }

    /**
     * @param line code with bound values
     * @return the code with each value cut out, and the values
     * @throws IllegalStateException when a literal is not terminated
     */
    public static Split split(String line) {
        StringBuilder code = new StringBuilder();
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '(' && i + 1 < line.length() && isQuote(line.charAt(i + 1))) {
                Group group = group(line, i);
                if (group != null) {
                    literals.add(group.value);
                    i = group.end;
                    continue;
                }
            }
            if (!isQuote(c)) {
                code.append(c);
                i++;
                continue;
            }
            Literal literal = literal(line, i);
            if (literal == null) {
                throw new IllegalStateException("unterminated literal in: " + line);
            }
            literals.add(literal.value);
            i = literal.end;
        }
        return new Split(code.toString(), literals);
    }

    private record Literal(String value, int end) {
    }

    private record Group(String value, int end) {
    }

    /** A literal starting at a quote, or null when it never ends. */
    private static Literal literal(String line, int start) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < line.length()) {
            char d = line.charAt(i);
            if (isQuote(d)) {
                if (i + 1 < line.length() && isQuote(line.charAt(i + 1))) {
                    value.append(d);
                    i += 2;
                    continue;
                }
                return new Literal(value.toString(), i + 1);
            }
            value.append(d);
            i++;
        }
        return null;
    }

    /** {@code (LITERAL ( + (LITERAL|[char]0xHHHH))+ )} at start, or null when the text there is not exactly that. */
    private static Group group(String line, int start) {
        Literal first = literal(line, start + 1);
        if (first == null) {
            return null;
        }
        StringBuilder value = new StringBuilder(first.value);
        int i = first.end;
        int parts = 1;
        while (line.startsWith(JOIN, i)) {
            i += JOIN.length();
            if (line.startsWith(CHAR_CODE, i) && i + CHAR_CODE.length() + 4 <= line.length()) {
                String hex = line.substring(i + CHAR_CODE.length(), i + CHAR_CODE.length() + 4);
                if (!hex.matches("[0-9A-F]{4}")) {
                    return null;
                }
                value.append((char) Integer.parseInt(hex, 16));
                i += CHAR_CODE.length() + 4;
            } else if (i < line.length() && isQuote(line.charAt(i))) {
                Literal next = literal(line, i);
                if (next == null) {
                    return null;
                }
                value.append(next.value);
                i = next.end;
            } else {
                return null;
            }
            parts++;
        }
        if (parts < 2 || i >= line.length() || line.charAt(i) != ')') {
            return null;
        }
        return new Group(value.toString(), i + 1);
    }
}
