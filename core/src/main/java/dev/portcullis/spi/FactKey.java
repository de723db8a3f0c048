package dev.portcullis.spi;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The typed name of one host fact that a module owns, such as the iptables variant a host runs
 * or whether firewalld is running. The module that reads the fact declares its key once, as a
 * constant, and every reader uses that constant:
 *
 * <pre>{@code
 * public static final FactKey<IptablesVariant> VARIANT = FactKey.choice("iptables.variant", IptablesVariant.class);
 * facts.fact(VARIANT).orElse(IptablesVariant.LEGACY);
 * }</pre>
 *
 * <p>{@link HostFacts} keeps each fact as the text {@link #render(Object)} gives, so facts print,
 * compare and travel in reports the same whatever their type; {@link #parse(String)} turns the
 * text back into the value. Two keys are equal when their names are: prefix a name with the
 * owning module's tool ("iptables.", "firewalld.", "postfix.") so that names never collide.
 *
 * @param <T> the type of the value
 */
public final class FactKey<T> {

    private final String name;
    private final Class<T> type;
    private final Function<String, T> parser;
    private final Function<T, String> renderer;

    private FactKey(String name, Class<T> type, Function<String, T> parser, Function<T, String> renderer) {
        if (!name.matches("[a-z0-9]+(\\.[a-zA-Z0-9]+)+")) {
            throw new IllegalArgumentException("a fact name is dotted words starting with its owner, like"
                    + " \"iptables.variant\": " + name);
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.parser = parser;
        this.renderer = renderer;
    }

    /**
     * A fact whose value is free text, such as a version string.
     *
     * @param name the dotted name, owner first ("postfix.version")
     * @return the key
     */
    public static FactKey<String> text(String name) {
        return new FactKey<>(name, String.class, Function.identity(), Function.identity());
    }

    /**
     * A yes-or-no fact, kept as "true" or "false".
     *
     * @param name the dotted name, owner first ("postfix.running")
     * @return the key
     */
    public static FactKey<Boolean> flag(String name) {
        return new FactKey<>(name, Boolean.class, Boolean::valueOf, b -> Boolean.toString(b));
    }

    /**
     * A whole number, such as a count of rules.
     *
     * @param name the dotted name, owner first ("iptables.rules")
     * @return the key
     */
    public static FactKey<Long> count(String name) {
        return new FactKey<>(name, Long.class, Long::valueOf, n -> Long.toString(n));
    }

    /**
     * One of a fixed set of values, kept as the constant's name in lower case
     * ({@code NF_TABLES} is kept as "nf_tables").
     *
     * @param name the dotted name, owner first ("iptables.variant")
     * @param type the enum of the possible values
     * @param <E> the enum
     * @return the key
     */
    public static <E extends Enum<E>> FactKey<E> choice(String name, Class<E> type) {
        return new FactKey<>(name, type, s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT)),
                e -> e.name().toLowerCase(Locale.ROOT));
    }

    /** @return the dotted name under which the fact is kept and reported */
    public String name() {
        return name;
    }

    /** @return the type of the value */
    public Class<T> type() {
        return type;
    }

    /**
     * Reads a value back from the text {@link HostFacts} keeps.
     *
     * @param text the kept text
     * @return the value
     * @throws IllegalArgumentException when the text is not a value of this key (then the fact
     *         was written by hand under this name with another meaning)
     */
    public T parse(String text) {
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("host fact " + name + " holds '" + text + "', which is not a "
                    + type.getSimpleName(), e);
        }
    }

    /**
     * Writes a value as the text {@link HostFacts} keeps.
     *
     * @param value the value
     * @return its text
     */
    public String render(T value) {
        return renderer.apply(Objects.requireNonNull(value, name));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FactKey<?> k && k.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
