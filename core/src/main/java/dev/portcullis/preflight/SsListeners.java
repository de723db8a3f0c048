package dev.portcullis.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code ss -Hltnp}: one listening TCP socket per line, with
 * {@code users:(("master",pid=217,fd=12),...)} when the caller may read the owners' file
 * descriptors (root with CAP_SYS_PTRACE; without it the column is simply empty).
 */
final class SsListeners {

    private static final Pattern USER = Pattern.compile("\\(\"((?:[^\"\\\\]|\\\\.)*)\",pid=(\\d+)");

    private SsListeners() {
    }

    static List<Listener> parse(String text) {
        List<Listener> list = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            // State Recv-Q Send-Q Local:Port Peer:Port [users:(...)]
            if (f.length < 5 || !f[0].equals("LISTEN")) {
                continue;
            }
            String local = f[3];
            int colon = local.lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            int port;
            try {
                port = Integer.parseInt(local.substring(colon + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            List<Listener.Owner> owners = new ArrayList<>();
            Matcher m = USER.matcher(line);
            while (m.find()) {
                owners.add(new Listener.Owner(m.group(1), Long.parseLong(m.group(2))));
            }
            list.add(new Listener(address(local.substring(0, colon)), port, owners, "ss"));
        }
        return list;
    }

    /** "[::]" → "::", "127.0.0.53%lo" → "127.0.0.53"; "*" (a dual-stack socket) stays "*". */
    static String address(String raw) {
        String a = raw;
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        return a;
    }
}
