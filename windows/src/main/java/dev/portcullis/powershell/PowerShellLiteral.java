package dev.portcullis.powershell;

import java.util.Collection;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Binds values into PowerShell code as literals, so that no value can close its literal or start a
 * new statement, and every script stays ASCII.
 *
 * <p>A string of printable ASCII becomes a single-quoted literal: PowerShell expands nothing inside
 * one, and the only way out of it is a closing quote, so the apostrophe is doubled. PowerShell's
 * tokenizer also reads four Unicode characters as single quotes (U+2018, U+2019, U+201A, U+201B);
 * they, like every other character beyond ASCII, never enter a literal at all: a string holding any
 * is bound as a parenthesised concatenation of ASCII literals and character codes, e.g.
 * {@code ('M' + [char]0x00FC + 'ller')} for {@code Müller}. That keeps values read from a host
 * (an administrator's rule name, a certificate issuer in another language) whole, although Windows
 * PowerShell decodes standard input in the console code page and would garble the characters
 * themselves. The concatenation starts with a literal, so {@code +} joins strings and never adds
 * character codes as numbers.
 *
 * <p>Control characters (line breaks, NUL, escape, U+2028...) are refused outright: values reach
 * this binder only after the model's strict alphabets or as single-line text read from a host, so
 * a control character here means a bug upstream or a hostile host.
 */
public final class PowerShellLiteral {

    private PowerShellLiteral() {
    }

    /**
     * @param value any text without control characters
     * @return the value as a single-quoted PowerShell literal when it is printable ASCII, otherwise
     *     as a parenthesised concatenation of such literals and {@code [char]0xHHHH} codes
     * @throws IllegalArgumentException when the value holds a control character
     */
    public static String quote(String value) {
        Objects.requireNonNull(value, "value");
        StringJoiner parts = new StringJoiner(" + ", "(", ")");
        StringBuilder chunk = new StringBuilder();
        boolean coded = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c)) {
                throw new IllegalArgumentException(String.format(
                        "refusing to bind a value with control character U+%04X at position %d into PowerShell", (int) c, i));
            }
            if (c > 0x7e) {
                // The first part is always a literal, even an empty one: '' + [char]... is a string.
                if (chunk.length() > 0 || !coded) {
                    parts.add(literal(chunk));
                }
                chunk.setLength(0);
                parts.add(String.format("[char]0x%04X", (int) c));
                coded = true;
                continue;
            }
            chunk.append(c);
        }
        if (!coded) {
            return literal(chunk);
        }
        if (chunk.length() > 0) {
            parts.add(literal(chunk));
        }
        return parts.toString();
    }

    private static String literal(CharSequence printableAscii) {
        return "'" + printableAscii.toString().replace("'", "''") + "'";
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
