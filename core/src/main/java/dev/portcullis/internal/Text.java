package dev.portcullis.internal;

import dev.portcullis.InvalidSpecException;
import java.util.regex.Pattern;

/**
 * The strict alphabets every user-supplied string is checked against. What passes can be put
 * in an argv, a firewalld rich rule, a Postfix parameter or a single-quoted PowerShell literal
 * without any way to close its quoting or start a new statement.
 */
public final class Text {

    /** Policy names, zone names: lower-case letters, digits, inner hyphens. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");
    /** Free descriptions: letters, digits, space and a few harmless marks. */
    public static final Pattern DESCRIPTION = Pattern.compile("[A-Za-z0-9 .,:/_+@=-]{0,128}");
    /** Log prefixes: short, no spaces (iptables limits them to 29 characters). */
    public static final Pattern LOG_PREFIX = Pattern.compile("[A-Za-z0-9._:-]{1,20}");
    /** SQL identifiers for MySQL lookups. */
    public static final Pattern SQL_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** Environment variable names in secret references. */
    public static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** Characters allowed in file paths. */
    public static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/+@=-]{0,4095}");
    /** Local part of a mail address. */
    public static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._+-]{0,62}[A-Za-z0-9])?");
    /** Mailbox paths relative to the virtual mailbox base, at most 255 characters. */
    public static final Pattern MAILBOX = Pattern.compile("(?=.{1,255}$)[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*/?");

    private Text() {
    }

    /**
     * Describes a refused string without echoing control characters back into logs.
     *
     * @param value the raw value
     * @return a printable, quoted, length-limited rendering
     */
    public static String show(String value) {
        StringBuilder sb = new StringBuilder("'");
        int limit = Math.min(value.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (isInvisible(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > limit) {
            sb.append("...");
        }
        return sb.append("'").toString();
    }

    // Control characters, and also the characters that reorder or split a line when a log or a
    // terminal shows it (bidi overrides, zero-width marks, U+2028/2029, lone surrogates): a refused
    // value is echoed in error messages and must not be able to forge log lines.
    private static boolean isInvisible(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    }

    /**
     * Explains why a value falls outside an alphabet, naming the first offending character.
     *
     * @param value the raw value
     * @param what what the value should be ("a policy name")
     * @param rule the allowed alphabet in words
     * @return the reason
     */
    public static String refusal(String value, String what, String rule) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return show(value) + " is not " + what + ": control character U+" + String.format("%04X", (int) c)
                        + " at position " + i + " (" + rule + ")";
            }
        }
        return show(value) + " is not " + what + " (" + rule + ")";
    }

    /**
     * @param value raw value
     * @param pattern alphabet
     * @param what what it should be
     * @param rule the alphabet in words
     * @return the value, when it matches
     * @throws InvalidSpecException when it does not
     */
    public static String require(String value, Pattern pattern, String what, String rule) {
        if (value == null) {
            throw new InvalidSpecException("", "is missing");
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidSpecException("", refusal(value, what, rule));
        }
        return value;
    }

    /**
     * @param value raw name
     * @return the name when it is a valid policy or zone name
     */
    public static String name(String value) {
        return require(value, NAME, "a valid name", "1-32 characters of a-z, 0-9 and inner '-'");
    }

    /**
     * @param value raw description
     * @return the description when it uses the allowed characters
     */
    public static String description(String value) {
        return require(value, DESCRIPTION, "a valid description",
                "at most 128 characters of letters, digits, space and . , : / _ + @ = -");
    }

    /**
     * @param value raw absolute path
     * @return the path when absolute and clean
     */
    public static String absolutePath(String value) {
        require(value, PATH, "an absolute path",
                "must start with '/' and use only letters, digits and . _ / + @ = -");
        for (String segment : value.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new InvalidSpecException("", show(value) + " is not an absolute path: it has a '" + segment + "' segment");
            }
        }
        return value;
    }
}
