package dev.portcullis.internal;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Collects problems while a builder validates, under a field-path prefix. */
public final class Problems {

    private final List<SpecProblem> list;
    private final String prefix;

    private Problems(List<SpecProblem> list, String prefix) {
        this.list = list;
        this.prefix = prefix;
    }

    /** @return an empty collector at the root */
    public static Problems create() {
        return new Problems(new ArrayList<>(), "");
    }

    /**
     * @param field a field below the current prefix
     * @return a collector whose paths start with that field
     */
    public Problems at(String field) {
        return new Problems(list, path(field));
    }

    /**
     * @param field a list field
     * @param index element index
     * @return a collector for that element
     */
    public Problems at(String field, int index) {
        return new Problems(list, path(field) + "[" + index + "]");
    }

    /** @return the full path of this collector */
    public String path() {
        return prefix;
    }

    private String path(String field) {
        if (field.isEmpty()) {
            return prefix;
        }
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    /**
     * Records a problem on a field below this prefix.
     *
     * @param field the field ("" for the prefix itself)
     * @param reason why
     */
    public void add(String field, String reason) {
        list.add(SpecProblem.of(path(field), reason));
    }

    /**
     * Records a problem on this prefix.
     *
     * @param reason why
     */
    public void add(String reason) {
        add("", reason);
    }

    /**
     * Runs a parse that may throw {@link InvalidSpecException}, recording its problems here.
     *
     * @param field field being parsed
     * @param value raw value
     * @param parser the parse
     * @param <T> parsed type
     * @return the parsed value, or null when refused
     */
    public <T> T parse(String field, String value, Function<String, T> parser) {
        if (value == null) {
            add(field, "is missing");
            return null;
        }
        try {
            return parser.apply(value);
        } catch (InvalidSpecException e) {
            for (SpecProblem p : e.problems()) {
                add(field, p.reason());
            }
            return null;
        }
    }

    /** @return whether anything was recorded */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** @return what was recorded */
    public List<SpecProblem> all() {
        return List.copyOf(list);
    }

    /** Throws if anything was recorded. */
    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new InvalidSpecException(list);
        }
    }
}
