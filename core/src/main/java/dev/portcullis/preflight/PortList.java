package dev.portcullis.preflight;

import dev.portcullis.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the port lists firewalls print: {@code 25}, {@code 20:30} (iptables, ufw), {@code 20-30}
 * (nft), {@code 465,587} (multiport, ufw), {@code { 25, 587 }} (nft sets) and the service names
 * nft or ufw may show for mail ports.
 */
public final class PortList {

    private static final Map<String, Integer> SERVICES = Map.of("smtp", 25, "submission", 587, "submissions", 465,
            "smtps", 465, "urd", 465, "ssh", 22, "http", 80, "https", 443);

    private PortList() {
    }

    /**
     * @param text a list separated by commas or spaces, braces allowed
     * @return the ranges, or an empty list when any element is not understood (a named set, say)
     */
    public static List<PortRange> parse(String text) {
        List<PortRange> list = new ArrayList<>();
        String cleaned = text.replace("{", " ").replace("}", " ").replace(',', ' ').strip();
        if (cleaned.isEmpty()) {
            return List.of();
        }
        for (String item : cleaned.split("\\s+")) {
            PortRange r = range(item);
            if (r == null) {
                return List.of();
            }
            list.add(r);
        }
        return list;
    }

    private static PortRange range(String item) {
        String[] ends = item.split("[:-]", -1);
        try {
            if (ends.length == 1) {
                return PortRange.of(port(ends[0]));
            }
            if (ends.length == 2) {
                return PortRange.of(port(ends[0]), port(ends[1]));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    private static int port(String s) {
        Integer named = SERVICES.get(s.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        return Integer.parseInt(s);
    }

    /** @return whether any of the ranges holds the port */
    public static boolean contains(List<PortRange> ranges, int port) {
        return ranges.stream().anyMatch(r -> r.contains(port));
    }
}
