package dev.portcullis;

import dev.portcullis.internal.Text;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A DNS host or domain name under the strict LDH rules MTAs expect: labels of letters, digits and
 * inner hyphens, each at most 63 characters, at most 253 in all, no trailing dot. Stored in lower
 * case. Stricter than Guava's {@code InternetDomainName} on purpose.
 */
public final class HostName implements Comparable<HostName> {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    private final String name;

    private HostName(String name) {
        this.name = name;
    }

    /**
     * @param text the name
     * @return the host name
     * @throws InvalidSpecException when it breaks the LDH rules
     */
    public static HostName of(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidSpecException("", "a host name must not be empty");
        }
        if (text.length() > 253) {
            throw new InvalidSpecException("", Text.show(text) + " is not a host name: longer than 253 characters");
        }
        String[] labels = text.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                throw new InvalidSpecException("", Text.show(text) + " is not a host name: empty label");
            }
            if (label.length() > 63) {
                throw new InvalidSpecException("", Text.show(text) + " is not a host name: label longer than 63 characters");
            }
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidSpecException("", Text.refusal(text, "a host name",
                        "labels of letters, digits and inner hyphens separated by dots"));
            }
        }
        if (NUMERIC.matcher(labels[labels.length - 1]).matches()) {
            throw new InvalidSpecException("", Text.show(text) + " is not a host name: the last label is numeric");
        }
        return new HostName(text.toLowerCase(Locale.ROOT));
    }

    /** @return the name in lower case */
    public String value() {
        return name;
    }

    /** @return the name without its first label, or itself when it has one label */
    public HostName parent() {
        int dot = name.indexOf('.');
        return dot < 0 ? this : new HostName(name.substring(dot + 1));
    }

    /** @return whether the name has at least two labels */
    public boolean isQualified() {
        return name.indexOf('.') > 0;
    }

    @Override
    public int compareTo(HostName o) {
        return name.compareTo(o.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostName && ((HostName) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
