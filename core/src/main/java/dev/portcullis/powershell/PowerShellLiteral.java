package dev.portcullis.powershell;

import java.util.Collection;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Binds values into PowerShell code as literals, so that no value can close its literal or start a
 * new statement.
 *
 * <p>A string becomes a single-quoted literal: PowerShell expands nothing inside one, and the only
 * way out of it is a closing quote. PowerShell's tokenizer treats four Unicode characters as single
 * quotes besides the ASCII apostrophe (U+2018, U+2019, U+201A, U+201B), and inside a single-quoted
 * string any two consecutive quote characters of that family stand for one literal character.
 * Doubling every one of the five therefore leaves no character that ends the literal early.
 * Control characters (line breaks, NUL, escape...) are refused outright: values reach this binder
 * only after the model's strict alphabets, so a control character here means a bug upstream.
 */
public final class PowerShellLiteral {

    /** Every character PowerShell reads as a single quote. */
    public static final String SINGLE_QUOTES = "'\u2018\u2019\u201A\u201B";

    private PowerShellLiteral() {
    }

    /**
     * @param value any text without control characters
     * @return the value as a single-quoted PowerShell literal
     * @throws IllegalArgumentException when the value holds a control character
     */
    public static String quote(String value) {
        Objects.requireNonNull(value, "value");
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c)) {
                throw new IllegalArgumentException(String.format(
                        "refusing to bind a value with control character U+%04X at position %d into PowerShell", (int) c, i));
            }
            if (SINGLE_QUOTES.indexOf(c) >= 0) {
                sb.append(c);
            }
            sb.append(c);
        }
        return sb.append('\'').toString();
    }

    /**
     * @param values texts without control characters
     * @return an array expression of single-quoted literals, e.g. {@code @('25', '587')}
     */
    public static String quoteAll(Collection<String> values) {
        StringJoiner j = new StringJoiner(", ", "@(", ")");
        values.forEach(v -> j.add(quote(v)));
        return j.toString();
    }

    /**
     * @param value a whole number
     * @return its decimal literal
     */
    public static String integer(long value) {
        return Long.toString(value);
    }

    /**
     * @param value a truth value
     * @return {@code $true} or {@code $false}
     */
    public static String bool(boolean value) {
        return value ? "$true" : "$false";
    }

    /**
     * @param c a character
     * @return whether it is a C0 or C1 control character or a Unicode line/paragraph separator
     */
    static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029' || c == '\u0085';
    }
}
