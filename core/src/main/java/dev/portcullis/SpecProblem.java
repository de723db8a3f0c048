package dev.portcullis;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One thing wrong with a spec: the field it concerns (a path such as {@code rules[1].sources[0]}),
 * why it is wrong, and, when the spec came from a file, the line it is on.
 */
public final class SpecProblem {

    private final String field;
    private final String reason;
    private final int line;

    private SpecProblem(String field, String reason, int line) {
        this.field = Objects.requireNonNull(field);
        this.reason = Objects.requireNonNull(reason);
        this.line = line;
    }

    /**
     * @param field path of the field, e.g. {@code rules[1].sources[0]}
     * @param reason why it is refused
     * @return the problem
     */
    public static SpecProblem of(String field, String reason) {
        return new SpecProblem(field, reason, 0);
    }

    /**
     * @param line 1-based line in the spec file
     * @return this problem located on that line
     */
    public SpecProblem atLine(int line) {
        return new SpecProblem(field, reason, line);
    }

    /** @return path of the field */
    public String field() {
        return field;
    }

    /** @return why it is refused */
    public String reason() {
        return reason;
    }

    /** @return the line in the spec file, when known */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecProblem && ((SpecProblem) o).field.equals(field)
                && ((SpecProblem) o).reason.equals(reason) && ((SpecProblem) o).line == line;
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, reason, line);
    }

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + (field.isEmpty() ? "" : field + ": ") + reason;
    }
}
