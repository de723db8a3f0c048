package dev.portcullis.postfix;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Portcullis changed in Postfix and what was there before: for each main.cf key and master.cf
 * service it set, the original value (or that there was none), the files it wrote, and for the
 * mailbox folder it created or took over, the owner it had before (or that it did not exist), and the
 * packages it installed with the package manager that did. Kept in
 * {@value PostfixPaths#RECORD}; the first original recorded for a key wins, so a second apply never
 * mistakes Portcullis's own earlier value for the admin's. {@code remove} puts back exactly these
 * keys, services and directory owners and deletes exactly these files.
 */
final class OwnershipRecord {

    private static final String HEADER = "# Portcullis ownership record: what it set in Postfix and what was there before."
            + " Read by remove; do not edit.";

    /** key -> original value; {@link Optional#empty()} when the key was not set. */
    private final Map<String, Optional<String>> mainKeys;
    /** service/type -> original line; empty when the service did not exist. */
    private final Map<String, Optional<String>> services;
    private final Set<String> files;
    /** directory -> owner ("uid:gid") before Portcullis chowned it; empty when Portcullis created it. */
    private final Map<String, Optional<String>> directories;
    /** package -> the package manager that installed it ("apt-get", "dnf"). */
    private final Map<String, String> packages;

    private OwnershipRecord(Map<String, Optional<String>> mainKeys, Map<String, Optional<String>> services, Set<String> files,
            Map<String, Optional<String>> directories, Map<String, String> packages) {
        this.mainKeys = Collections.unmodifiableMap(new LinkedHashMap<>(mainKeys));
        this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        this.files = Collections.unmodifiableSet(new LinkedHashSet<>(files));
        this.directories = Collections.unmodifiableMap(new LinkedHashMap<>(directories));
        this.packages = Collections.unmodifiableMap(new LinkedHashMap<>(packages));
    }

    /** @return a record of nothing: Portcullis has not changed this host */
    static OwnershipRecord empty() {
        return new OwnershipRecord(Map.of(), Map.of(), Set.of(), Map.of(), Map.of());
    }

    /**
     * @param text the record file's content
     * @return the record
     */
    static OwnershipRecord parse(String text) {
        Map<String, Optional<String>> keys = new LinkedHashMap<>();
        Map<String, Optional<String>> services = new LinkedHashMap<>();
        Set<String> files = new LinkedHashSet<>();
        Map<String, Optional<String>> directories = new LinkedHashMap<>();
        Map<String, String> packages = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", 3);
            switch (f[0]) {
                case "main-set" -> keys.putIfAbsent(f[1], Optional.of(f.length > 2 ? f[2] : ""));
                case "main-unset" -> keys.putIfAbsent(f[1], Optional.empty());
                case "master-set" -> services.putIfAbsent(f[1], Optional.of(f[2]));
                case "master-absent" -> services.putIfAbsent(f[1], Optional.empty());
                case "file" -> files.add(f[1]);
                case "dir-owner" -> directories.putIfAbsent(f[1], Optional.of(f[2]));
                case "dir-created" -> directories.putIfAbsent(f[1], Optional.empty());
                case "package" -> packages.putIfAbsent(f[2], f[1]);
                default -> throw new IllegalArgumentException("unknown line in " + PostfixPaths.RECORD + ": " + f[0]);
            }
        }
        return new OwnershipRecord(keys, services, files, directories, packages);
    }

    /** @return packages Portcullis installed, with the package manager that did (remove uninstalls them) */
    Map<String, String> packages() {
        return packages;
    }

    /**
     * @param manager "apt-get" or "dnf"
     * @param pkg a package about to be installed
     * @return this record plus the package
     */
    OwnershipRecord withPackage(String manager, String pkg) {
        Map<String, String> p = new LinkedHashMap<>(packages);
        p.putIfAbsent(pkg, manager);
        return new OwnershipRecord(mainKeys, services, files, directories, p);
    }

    /** @return main.cf keys Portcullis set, with their original values (empty: was not set) */
    Map<String, Optional<String>> mainKeys() {
        return mainKeys;
    }

    /** @return master.cf services Portcullis set, with their original lines (empty: did not exist) */
    Map<String, Optional<String>> services() {
        return services;
    }

    /** @return files Portcullis wrote */
    Set<String> files() {
        return files;
    }

    /** @return directories Portcullis created or chowned, with their owner before ("uid:gid"; empty: it created them) */
    Map<String, Optional<String>> directories() {
        return directories;
    }

    /** @return whether Portcullis recorded nothing at all */
    boolean isEmpty() {
        return mainKeys.isEmpty() && services.isEmpty() && files.isEmpty() && directories.isEmpty() && packages.isEmpty();
    }

    /**
     * @param key a main.cf key about to be set
     * @param original its value now, if set
     * @return this record plus the key, unless it already holds an original for it
     */
    OwnershipRecord withMainKey(String key, Optional<String> original) {
        Map<String, Optional<String>> m = new LinkedHashMap<>(mainKeys);
        m.putIfAbsent(key, original);
        return new OwnershipRecord(m, services, files, directories, packages);
    }

    /**
     * @param key a master.cf service about to be set
     * @param original its line now, if it exists
     * @return this record plus the service, unless it already holds an original for it
     */
    OwnershipRecord withService(String key, Optional<String> original) {
        Map<String, Optional<String>> m = new LinkedHashMap<>(services);
        m.putIfAbsent(key, original);
        return new OwnershipRecord(mainKeys, m, files, directories, packages);
    }

    /**
     * @param path a file about to be written
     * @return this record plus the file
     */
    OwnershipRecord withFile(String path) {
        Set<String> f = new LinkedHashSet<>(files);
        f.add(path);
        return new OwnershipRecord(mainKeys, services, f, directories, packages);
    }

    /**
     * @param path a directory about to be created or chowned
     * @param originalOwner its owner now ("uid:gid"), or empty when it does not exist yet
     * @return this record plus the directory, unless it already holds an original owner for it
     */
    OwnershipRecord withDirectory(String path, Optional<String> originalOwner) {
        Map<String, Optional<String>> d = new LinkedHashMap<>(directories);
        d.putIfAbsent(path, originalOwner);
        return new OwnershipRecord(mainKeys, services, files, d, packages);
    }

    /** @return the record file's content */
    String render() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        mainKeys.forEach((k, v) -> sb.append(v.map(x -> "main-set\t" + k + "\t" + x).orElse("main-unset\t" + k)).append('\n'));
        services.forEach((k, v) -> sb.append(v.map(x -> "master-set\t" + k + "\t" + x).orElse("master-absent\t" + k)).append('\n'));
        files.forEach(f -> sb.append("file\t").append(f).append('\n'));
        directories.forEach((d, o) -> sb.append(o.map(x -> "dir-owner\t" + d + "\t" + x).orElse("dir-created\t" + d)).append('\n'));
        packages.forEach((p, m) -> sb.append("package\t").append(m).append('\t').append(p).append('\n'));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OwnershipRecord r && mainKeys.equals(r.mainKeys) && services.equals(r.services) && files.equals(r.files)
                && directories.equals(r.directories) && packages.equals(r.packages);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(mainKeys, services, files, directories, packages);
    }

    @Override
    public String toString() {
        return render();
    }
}
