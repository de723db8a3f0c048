package dev.portcullis.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code df -P}: POSIX format, one line per argument that exists, sizes in 1024-byte
 * blocks. Preflight passes the spool and its ancestors in one call; df skips the ones that do
 * not exist yet, so the first line describes the deepest existing one, which is the filesystem
 * the spool will live on.
 */
final class DiskFree {

    /** One line. @param filesystem device @param availableBytes free for unprivileged users @param mountedOn mount point */
    record Filesystem(String filesystem, long availableBytes, String mountedOn) {
    }

    private DiskFree() {
    }

    static List<Filesystem> parse(String text) {
        List<Filesystem> list = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+", 6);
            if (f.length < 6 || f[0].equals("Filesystem")) {
                continue;
            }
            try {
                list.add(new Filesystem(f[0], Long.parseLong(f[3]) * 1024L, f[5]));
            } catch (NumberFormatException e) {
                // a header in another language or a wrapped line: skip it
            }
        }
        return list;
    }

    static Optional<Filesystem> first(String text) {
        return parse(text).stream().findFirst();
    }

    /** @return the path followed by its ancestors up to "/" */
    static List<String> pathAndAncestors(String path) {
        List<String> list = new ArrayList<>();
        String p = path;
        while (p.length() > 1) {
            list.add(p);
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "/" : p.substring(0, slash);
        }
        list.add("/");
        return list;
    }
}
