package dev.portcullis.postfix;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Owner and type of one directory as {@code stat} saw it (without following a symbolic link), so
 * that a plan knows whose directory it would take over before it chowns anything.
 *
 * @param uid numeric owner
 * @param gid numeric group
 * @param type {@code stat}'s file type: "directory", "symbolic link", "regular file"...
 */
record DirectoryState(long uid, long gid, String type) {

    /** The {@code stat --printf} format {@link #parse} reads: name, uid, gid and type, tab-separated. */
    static final String STAT_FORMAT = "%n\t%u\t%g\t%F\n";

    /** @return the owner as {@code chown} takes it, "uid:gid" */
    String owner() {
        return uid + ":" + gid;
    }

    /** @return whether it is a real directory (not a symbolic link to one) */
    boolean isDirectory() {
        return type.equals("directory");
    }

    /**
     * @param statOutput lines in {@link #STAT_FORMAT}; paths that do not exist are simply absent
     * @return the state of each path listed
     */
    static Map<String, DirectoryState> parse(String statOutput) {
        Map<String, DirectoryState> m = new LinkedHashMap<>();
        for (String line : statOutput.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 4 || !f[1].matches("[0-9]+") || !f[2].matches("[0-9]+")) {
                throw new IllegalArgumentException("not a stat line: " + line);
            }
            m.put(f[0], new DirectoryState(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
        }
        return m;
    }
}
