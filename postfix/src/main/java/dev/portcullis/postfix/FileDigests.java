package dev.portcullis.postfix;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which files exist on the host and their SHA-256 digests, from one {@code sha256sum} call over
 * many paths (missing files are simply absent from its output).
 */
final class FileDigests {

    private final Map<String, String> digests;

    private FileDigests(Map<String, String> digests) {
        this.digests = Collections.unmodifiableMap(new LinkedHashMap<>(digests));
    }

    /**
     * @param digests hex SHA-256 by path, as if read from the host (tests and derived snapshots)
     * @return the digests
     */
    static FileDigests of(Map<String, String> digests) {
        return new FileDigests(digests);
    }

    /**
     * @param sha256sumOutput lines of {@code <hex>  <path>}
     * @return the digests by path
     */
    static FileDigests parse(String sha256sumOutput) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : sha256sumOutput.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int sep = line.indexOf("  ");
            if (sep != 64) {
                throw new IllegalArgumentException("not a sha256sum line: " + line);
            }
            m.put(line.substring(sep + 2), line.substring(0, sep));
        }
        return new FileDigests(m);
    }

    /**
     * @param path a file
     * @return whether it exists; for a secret-holding file, whether its redacted twin does (the
     *     file itself is never read, see {@link PostfixPaths#holdsSecret})
     */
    boolean exists(String path) {
        return digests.containsKey(PostfixPaths.holdsSecret(path) ? PostfixPaths.redactedTwin(path) : path);
    }

    /**
     * @param path a file
     * @return its digest; never one for a secret-holding file
     */
    Optional<String> digest(String path) {
        return PostfixPaths.holdsSecret(path) ? Optional.empty() : Optional.ofNullable(digests.get(path));
    }

    /** @return every digest read, by path (including redacted twins; never a secret-holding file) */
    Map<String, String> asMap() {
        return digests;
    }

    @Override
    public String toString() {
        return digests.toString();
    }
}
