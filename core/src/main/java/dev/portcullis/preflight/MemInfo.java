package dev.portcullis.preflight;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Parses {@code /proc/meminfo}: "MemTotal:  16314068 kB" lines, values in KiB. */
final class MemInfo {

    private MemInfo() {
    }

    /** @return each field in bytes */
    static Map<String, Long> parse(String text) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] v = line.substring(colon + 1).strip().split("\\s+");
            try {
                long n = Long.parseLong(v[0]);
                m.put(line.substring(0, colon).strip(), v.length > 1 && v[1].equalsIgnoreCase("kB") ? n * 1024L : n);
            } catch (NumberFormatException e) {
                // not a number: not a field we read
            }
        }
        return m;
    }

    static OptionalLong totalBytes(String text) {
        Long v = parse(text).get("MemTotal");
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
