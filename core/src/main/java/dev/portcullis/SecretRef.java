package dev.portcullis;

import dev.portcullis.internal.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a secret (a database password) lives: an environment variable ({@code env:NAME}) or a
 * file ({@code file:/path}). Specs, plans, reports and logs only ever carry the reference; the
 * value is read at apply time by {@link #resolve()} and handed straight to the command that needs
 * it.
 */
public final class SecretRef {

    private final String kind;
    private final String target;

    private SecretRef(String kind, String target) {
        this.kind = kind;
        this.target = target;
    }

    /**
     * @param reference "env:NAME" or "file:/absolute/path"
     * @return the reference
     * @throws InvalidSpecException when malformed
     */
    public static SecretRef parse(String reference) {
        if (reference == null) {
            throw new InvalidSpecException("", "is missing");
        }
        if (reference.startsWith("env:")) {
            return env(reference.substring(4));
        }
        if (reference.startsWith("file:")) {
            return new SecretRef("file", Text.absolutePath(reference.substring(5)));
        }
        throw new InvalidSpecException("", Text.refusal(reference, "a secret reference",
                "use env:NAME or file:/absolute/path"));
    }

    /**
     * @param variable environment variable name
     * @return a reference to it
     */
    public static SecretRef env(String variable) {
        return new SecretRef("env", Text.require(variable, Text.ENV_NAME, "an environment variable name",
                "letters, digits and _, not starting with a digit"));
    }

    /**
     * @param path absolute path of a file holding the secret (its first line is used)
     * @return a reference to it
     */
    public static SecretRef file(Path path) {
        return new SecretRef("file", Text.absolutePath(path.toString()));
    }

    /** @return the value, read now from the environment or file */
    public Secret resolve() {
        return resolve(System.getenv());
    }

    /**
     * @param environment the environment to read {@code env:} references from
     * @return the value
     * @throws IllegalStateException when the variable or file is missing (message names the reference only)
     */
    public Secret resolve(Map<String, String> environment) {
        if (kind.equals("env")) {
            String v = environment.get(target);
            if (v == null) {
                throw new IllegalStateException("secret " + this + " is not set");
            }
            return new Secret(v);
        }
        try {
            String content = Files.readString(Path.of(target), StandardCharsets.UTF_8);
            int nl = content.indexOf('\n');
            return new Secret(nl < 0 ? content : content.substring(0, nl));
        } catch (IOException e) {
            throw new IllegalStateException("secret " + this + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretRef && ((SecretRef) o).kind.equals(kind) && ((SecretRef) o).target.equals(target);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, target);
    }

    /** @return the reference ("env:DB_PASSWORD"), never the value */
    @Override
    public String toString() {
        return kind + ":" + target;
    }

    /** A resolved secret. Its {@code toString()} never shows the value. */
    public static final class Secret {
        private final String value;

        private Secret(String value) {
            this.value = value;
        }

        /** @return the value: hand it to the command that needs it and nowhere else */
        public String reveal() {
            return value;
        }

        @Override
        public String toString() {
            return "******";
        }
    }
}
