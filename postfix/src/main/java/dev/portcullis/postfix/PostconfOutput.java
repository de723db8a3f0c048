package dev.portcullis.postfix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses what {@code postconf} prints: {@code name = value} parameters ({@code postconf -n}, or
 * named ones), {@code postconf -M} services, {@code postconf -m} lookup table types. The one
 * parser of this output, for the backend and for preflight alike.
 */
final class PostconfOutput {

    private PostconfOutput() {
    }

    /**
     * @param postconfN output of {@code postconf -n}: one {@code name = value} per line
     * @return the explicitly set parameters, in file order
     */
    static Map<String, String> parseParameters(String postconfN) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : postconfN.split("\n")) {
            if (line.isBlank() || line.startsWith("postconf:")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("not a postconf parameter line: " + line);
            }
            values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * @param postconfM output of {@code postconf -M}: one service per line, overrides inline
     * @return the services by "service/type", in file order
     */
    static Map<String, MasterEntry> parseServices(String postconfM) {
        Map<String, MasterEntry> services = new LinkedHashMap<>();
        for (String line : postconfM.split("\n")) {
            if (line.isBlank() || line.startsWith("postconf:")) {
                continue;
            }
            MasterEntry e = MasterEntry.parse(line);
            services.put(e.key(), e);
        }
        return Collections.unmodifiableMap(services);
    }

    /**
     * @param postconfLowerM output of {@code postconf -m}: one lookup table type per line
     * @return the types this Postfix supports ("hash", "mysql"...), in output order
     */
    static List<String> parseMapTypes(String postconfLowerM) {
        List<String> types = new ArrayList<>();
        for (String line : postconfLowerM.split("\n")) {
            String t = line.strip();
            if (t.matches("[a-z0-9_]+")) {
                types.add(t);
            }
        }
        return types;
    }

    /**
     * Postfix treats commas and whitespace alike as list separators, so "a, b" and "a b" are the
     * same setting: comparing normalised values keeps re-applies from rewriting equal lists.
     *
     * @param value a parameter value
     * @return the value with separators collapsed to single spaces
     */
    static String normalize(String value) {
        return String.join(" ", value.strip().split("[\\s,]+")).strip();
    }
}
