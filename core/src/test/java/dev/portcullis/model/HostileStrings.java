package dev.portcullis.model;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.SpecProblem;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generates strings an attacker or a careless copy-paste would hand Portcullis: quotes of every
 * kind (ASCII, the typographic ones PowerShell also treats as quotes, backticks), shell and
 * PowerShell metacharacters and statements, control characters (newline, carriage return, NUL,
 * escape sequences), invisible and line-breaking Unicode, and overlong values. Each is placed
 * before, after or inside a value that would otherwise be valid, so refusing it proves that the
 * hostile part itself was seen.
 */
public final class HostileStrings {

    /** Fragments that each contain at least one character outside every alphabet of the model. */
    public static final List<String> FRAGMENTS = List.of(
            // quotes: ASCII, typographic (PowerShell treats ‘ ’ ‚ ‛ as ' and “ ” „ as "), backtick
            "'", "\"", "\u2018", "\u2019", "\u201a", "\u201b", "\u201c", "\u201d", "\u201e", "\u201f", "`", "''", "\"\"",
            // shell
            ";", "|", "&", "&&", "||", "$(id)", "$(rm -rf /)", "`id`", "${IFS}", "$HOME", "<", ">", ">>", "2>&1",
            "*", "?", "~", "!", "#", "(", ")", "{", "}", "[", "]", "\\", "%PATH%", "^",
            "'; rm -rf / #", "\"; reboot; \"", "a' -o 'b",
            // PowerShell: statements, subexpressions, its dash look-alikes and escape character
            "' + (Get-Process) + '", "\"; Remove-Item -Recurse C:\\ ; \"", "$(Get-Date)", "@(1;2)", "$env:PATH",
            "`n", "\u2013", "\u2014", "\u2015", "\u2018; Stop-Computer; \u2019", "\u201c$(whoami)\u201d",
            // control characters
            "\n", "\r", "\r\n", "\u0000", "\t", "\u000b", "\f", "\u0008", "\u001b[31m", "\u007f",
            "x\nkind: mail-server", "\nrelay_domains = *",
            // Unicode that breaks or reorders lines, or hides
            "\u0085", "\u2028", "\u2029", "\u202e", "\u200b", "\u200d", "\ufeff", "\u00a0", "\uff1b", "\uff04",
            "m\u00fcller", "\u0430dmin", "\ud83d\ude80");

    private static final String PUNCTUATION = "!\"#$%&'()*;<>?[\\]^`{|}~";

    private HostileStrings() {
    }

    /** @return hostile strings: a hostile fragment between short neighbours, or an overlong value */
    public static Arbitrary<String> hostile() {
        Arbitrary<String> neighbour = Arbitraries.strings().withChars("abcxyz019.-/: ").ofMaxLength(6);
        Arbitrary<String> oneChar = Arbitraries.oneOf(
                Arbitraries.of(PUNCTUATION.toCharArray()),
                Arbitraries.chars().range('\u0000', '\u001f'),
                Arbitraries.chars().range('\u007f', '\ud7ff'),
                Arbitraries.chars().range('\ue000', '\ufffd')).map(String::valueOf);
        Arbitrary<String> fragment = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(FRAGMENTS)), Tuple.of(1, oneChar));
        Arbitrary<String> embedded = Combinators.combine(neighbour, fragment, neighbour).as((a, f, b) -> a + f + b);
        // Longer than every limit of the model, the longest being a 4096-character path.
        Arbitrary<String> overlong = Arbitraries.integers().between(4097, 6000).map("a"::repeat);
        return Arbitraries.frequencyOf(Tuple.of(12, embedded), Tuple.of(1, overlong));
    }

    /**
     * @param valid a value the entry point accepts
     * @param hostile the hostile string
     * @param placement 0: alone, 1: after the valid value, 2: before it, 3: inside it
     * @return the value to feed
     */
    public static String place(String valid, String hostile, int placement) {
        switch (placement) {
            case 0:
                return hostile;
            case 1:
                return valid + hostile;
            case 2:
                return hostile + valid;
            default:
                int mid = valid.length() / 2;
                return valid.substring(0, mid) + hostile + valid.substring(mid);
        }
    }

    /**
     * Checks that a refusal names the field and that its message is safe to log: no control,
     * invisible or line-breaking character of the input comes back, and overlong input is cut.
     *
     * @param e the refusal
     * @param field the field path it must name
     */
    public static void assertRefusedNaming(InvalidSpecException e, String field) {
        if (e == null) {
            throw new AssertionError("the hostile value was accepted for " + field);
        }
        boolean named = e.problems().stream().anyMatch(p -> p.field().equals(field));
        if (!named) {
            throw new AssertionError("no problem names " + field + ": " + e.problems());
        }
        for (SpecProblem p : e.problems()) {
            String text = p.toString();
            for (int i = 0; i < text.length(); i++) {
                if (unsafeInLogs(text.charAt(i))) {
                    throw new AssertionError("message carries U+" + String.format("%04X", (int) text.charAt(i))
                            + ": " + p.field());
                }
            }
            if (text.length() > 1200) {
                throw new AssertionError("message is " + text.length() + " characters long: " + p.field());
            }
        }
    }

    private static boolean unsafeInLogs(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }
}
