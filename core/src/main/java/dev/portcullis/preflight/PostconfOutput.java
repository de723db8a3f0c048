package dev.portcullis.preflight;

import dev.portcullis.PortRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses what {@code postconf} prints: "name = value" parameters, {@code postconf -m} map types
 * (one per line), and {@code postconf -M} master.cf services, to learn which TCP ports Postfix's
 * master listens on.
 */
final class PostconfOutput {

    private PostconfOutput() {
    }

    /** @return parameter name to value */
    static Map<String, String> values(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf(" = ");
            if (eq > 0) {
                m.put(line.substring(0, eq).strip(), line.substring(eq + 3).strip());
            } else if (line.strip().endsWith(" =")) {
                m.put(line.strip().substring(0, line.strip().length() - 2).strip(), "");
            }
        }
        return m;
    }

    /** @return the lookup table types this Postfix supports ("hash", "mysql"...) */
    static List<String> mapTypes(String text) {
        List<String> types = new ArrayList<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.matches("[a-z0-9_]+")) {
                types.add(t);
            }
        }
        return types;
    }

    /** @return the TCP ports of master.cf's inet services ("smtp inet n - y - - smtpd" → 25) */
    static Set<Integer> inetPorts(String text) {
        Set<Integer> ports = new TreeSet<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || !f[1].equals("inet")) {
                continue;
            }
            String service = f[0];
            int colon = service.lastIndexOf(':');
            String port = colon >= 0 ? service.substring(colon + 1) : service;
            List<PortRange> r = PortList.parse(port);
            if (r.size() == 1 && r.get(0).isSingle()) {
                ports.add(r.get(0).from());
            }
        }
        return ports;
    }
}
