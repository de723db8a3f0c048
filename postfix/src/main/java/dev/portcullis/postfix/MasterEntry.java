package dev.portcullis.postfix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One master.cf service as {@code postconf -M} prints it: eight fields ({@code submission inet n
 * - n - - smtpd}) and the {@code -o name=value} overrides that follow the command.
 */
record MasterEntry(String service, String type, List<String> fields, List<String> overrides) {

    MasterEntry {
        fields = List.copyOf(fields);
        overrides = List.copyOf(overrides);
        if (fields.size() < 8) {
            throw new IllegalArgumentException("a master.cf entry has 8 fields, got " + fields);
        }
    }

    /**
     * A service entry running smtpd, unprivileged, without chroot.
     *
     * @param service service name or port ("submission")
     * @param overrides {@code name=value} parameter overrides
     * @return the entry
     */
    static MasterEntry smtpd(String service, List<String> overrides) {
        return new MasterEntry(service, "inet", List.of(service, "inet", "n", "-", "n", "-", "-", "smtpd"), overrides);
    }

    /**
     * Parses one line of {@code postconf -M} output.
     *
     * @param line the line
     * @return the entry
     */
    static MasterEntry parse(String line) {
        List<String> tokens = new ArrayList<>(Arrays.asList(line.strip().split("\\s+")));
        if (tokens.size() < 8) {
            throw new IllegalArgumentException("not a master.cf entry: " + line);
        }
        List<String> fields = new ArrayList<>(tokens.subList(0, 8));
        List<String> overrides = new ArrayList<>();
        int i = 8;
        // the command's own arguments (pipe flags=..., argv=...) stay in the fields
        while (i < tokens.size()) {
            if (tokens.get(i).equals("-o") && i + 1 < tokens.size()) {
                overrides.add(tokens.get(i + 1));
                i += 2;
            } else {
                fields.add(tokens.get(i));
                i++;
            }
        }
        return new MasterEntry(tokens.get(0), tokens.get(1), fields, overrides);
    }

    /** @return "service/type", the key postconf uses */
    String key() {
        return service + "/" + type;
    }

    /** @return the entry as one master.cf line, as {@code postconf -M key=...} takes it */
    String line() {
        StringBuilder sb = new StringBuilder(String.join(" ", fields));
        for (String o : overrides) {
            sb.append(" -o ").append(o);
        }
        return sb.toString();
    }

    /**
     * Same service: fields compared token by token, overrides in order.
     *
     * @param other another entry
     * @return whether both describe the same service
     */
    boolean sameAs(MasterEntry other) {
        return other != null && fields.equals(other.fields) && overrides.equals(other.overrides);
    }

    @Override
    public String toString() {
        return line();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterEntry m && service.equals(m.service) && type.equals(m.type) && sameAs(m);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, type, fields, overrides);
    }
}
