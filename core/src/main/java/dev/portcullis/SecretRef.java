package dev.portcullis;

import dev.portcullis.internal.SmallFile;
import dev.portcullis.internal.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a secret (a database password) lives: an environment variable ({@code env:NAME}) or a
 * file ({@code file:/path}). Specs, plans, reports and logs only ever carry the reference; the
 * value is read at apply time by {@link #resolve()} and handed straight to the command that needs
 * it.
 *
 * <p>A {@code file:} reference names a file that holds the secret alone, and resolving it checks
 * that before anything is used:
 * <ul>
 *   <li>it is a regular file (symbolic links are followed, as for Docker and Kubernetes secrets);
 *       devices, FIFOs, sockets and directories are refused, and so is anything under
 *       {@code /proc}, {@code /sys} or {@code /dev};</li>
 *   <li>it holds at most 4096 bytes, read through a bounded stream;</li>
 *   <li>it holds one line of UTF-8 text without control characters, optionally ending in one line
 *       break. A file of several lines is refused rather than cut to its first line, so a system or
 *       key file ({@code /etc/shadow}, a private key) never ends up in a map file;</li>
 *   <li>on a POSIX file system, neither its group nor others may write it.</li>
 * </ul>
 * Being readable by others is allowed: Docker mounts secrets with mode 0444.
 */
public final class SecretRef {

    /** The field that problems with a reference are reported on, before a builder re-homes them. */
    private static final String FIELD = "secret";
    private static final Pattern DOT_SEGMENT = Pattern.compile(".*/\\.{1,2}(/.*)?");
    /** A secret is a password or a key phrase, not a document. */
    private static final int MAX_SECRET_BYTES = 4096;
    /** Kernel pseudo file systems: their files look regular but hold live system state. */
    private static final List<String> PSEUDO_FILE_SYSTEMS = List.of("/proc", "/sys", "/dev");

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
     * @param path absolute path of a file holding the secret alone (one line)
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
     * @throws IllegalStateException when the variable or file is missing, or the file is refused (the
     *     message names the reference and the reason, never the content)
     */
    public Secret resolve(Map<String, String> environment) {
        if (kind.equals("env")) {
            String v = environment.get(target);
            if (v == null) {
                throw new IllegalStateException("secret " + this + " is not set");
            }
            return new Secret(v);
        }
        return new Secret(readSecretFile(Path.of(target)));
    }

    /**
     * Reads a secret file under the rules in the class description; every refusal names the
     * reference and the rule, never the content.
     */
    private String readSecretFile(Path file) {
        String text;
        try {
            Path real = file.toRealPath();
            for (String pseudo : PSEUDO_FILE_SYSTEMS) {
                if (real.startsWith(pseudo)) {
                    throw refused("is in " + pseudo + ", which holds system state, not secrets");
                }
            }
            if (isWritableByOthers(real)) {
                throw refused("can be changed by users other than its owner (group or others may write it);"
                        + " chmod go-w it");
            }
            text = SmallFile.utf8(SmallFile.read(real, MAX_SECRET_BYTES));
        } catch (SmallFile.Refused e) {
            throw refused(e.line() > 0 ? "is not UTF-8 text" : e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("secret " + this + " cannot be read: " + e.getClass().getSimpleName());
        }
        String value = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw refused("holds more than one line; a secret file holds the secret alone (a system or key file"
                    + " is never cut to its first line)");
        }
        if (value.isEmpty()) {
            throw refused("is empty");
        }
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw refused("holds control characters");
        }
        return value;
    }

    private IllegalStateException refused(String reason) {
        return new IllegalStateException("secret " + this + " is refused: the file " + reason);
    }

    private static boolean isWritableByOthers(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return false;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        return permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE);
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
