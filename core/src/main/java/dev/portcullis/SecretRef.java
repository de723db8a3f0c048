package dev.portcullis;

import dev.portcullis.internal.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a secret (a database password) lives: an environment variable ({@code env:NAME}) or a
 * file ({@code file:/path}). Specs, plans, reports and logs only ever carry the reference; the
 * value is read at apply time by {@link #resolve()} and handed straight to the command that needs
 * it.
 */
public final class SecretRef {

    /** The field that problems with a reference are reported on, before a builder re-homes them. */
    private static final String FIELD = "secret";
    private static final Pattern DOT_SEGMENT = Pattern.compile(".*/\\.{1,2}(/.*)?");

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
            throw new InvalidSpecException(FIELD, "is missing");
        }
        if (reference.startsWith("env:")) {
            return env(reference.substring(4));
        }
        if (reference.startsWith("file:")) {
            return file(reference.substring(5));
        }
        // Never echo the value: a user who pasted the password itself must not find it in a log.
        throw new InvalidSpecException(FIELD, "is not a secret reference: use env:NAME or file:/absolute/path"
                + " (the value is not shown, it may be the secret itself)");
    }

    /**
     * @param variable environment variable name
     * @return a reference to it
     * @throws InvalidSpecException when the name is not letters, digits and _
     */
    public static SecretRef env(String variable) {
        if (variable == null || !Text.ENV_NAME.matcher(variable).matches()) {
            throw new InvalidSpecException(FIELD, "env: needs an environment variable name of letters, digits and _,"
                    + " not starting with a digit, at most 64 (the value is not shown)");
        }
        return new SecretRef("env", variable);
    }

    private static SecretRef file(String path) {
        if (path == null || !Text.PATH.matcher(path).matches() || DOT_SEGMENT.matcher(path).matches()) {
            throw new InvalidSpecException(FIELD, "file: needs an absolute path of letters, digits and . _ / + @ = -,"
                    + " without . or .. segments (the value is not shown)");
        }
        return new SecretRef("file", path);
    }

    /**
     * @param path absolute path of a file holding the secret (its first line is used)
     * @return a reference to it
     */
    public static SecretRef file(Path path) {
        return file(path.toString());
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
