package dev.portcullis.iptables;

import dev.portcullis.Cidr;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.IpFamily;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code ipset save} printed: every set on the host by name, with its {@code create} line
 * and its members as printed. Foreign sets are kept as text (their names are what matters: they
 * must survive); the sets a policy owns are read as {@link OwnedIpset}s.
 *
 * @param sets set name to its create line and member lines, in the order printed
 */
record IpsetSave(Map<String, Printed> sets) {

    /**
     * One set as printed.
     *
     * @param create the words of its {@code create} line after the name
     * @param members its members, one per {@code add} line, as printed
     */
    record Printed(List<String> create, List<String> members) {
        Printed {
            create = List.copyOf(create);
            members = List.copyOf(members);
        }
    }

    IpsetSave {
        sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets));
    }

    /** @return the reading of a host without sets (or without the ipset tool) */
    static IpsetSave empty() {
        return new IpsetSave(Map.of());
    }

    /**
     * @param text what {@code ipset save} printed
     * @return the sets
     * @throws IllegalArgumentException on a line that is neither a create nor an add of a known set
     */
    static IpsetSave parse(String text) {
        Map<String, List<String>> create = new LinkedHashMap<>();
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] words = line.strip().split("\\s+");
            if (words[0].equals("create") && words.length >= 3) {
                create.put(words[1], List.of(words).subList(2, words.length));
                members.put(words[1], new ArrayList<>());
            } else if (words[0].equals("add") && words.length >= 3 && members.containsKey(words[1])) {
                members.get(words[1]).add(String.join(" ", List.of(words).subList(2, words.length)));
            } else {
                throw new IllegalArgumentException("not an ipset save line: " + line);
            }
        }
        Map<String, Printed> sets = new LinkedHashMap<>();
        create.forEach((name, words) -> sets.put(name, new Printed(words, members.get(name))));
        return new IpsetSave(sets);
    }

    /**
     * @param policy a policy's name
     * @return the sets it owns, by name (temporary sets left by an interrupted run included)
     */
    Map<String, OwnedIpset> owned(String policy) {
        Map<String, OwnedIpset> owned = new TreeMap<>();
        sets.forEach((name, printed) -> {
            if (OwnedIpset.ownedBy(name, policy)) {
                owned.put(name, read(name, printed));
            }
        });
        return owned;
    }

    private static OwnedIpset read(String name, Printed printed) {
        List<String> create = printed.create();
        IpFamily family = IpFamily.IPV4;
        int maxelem = OwnedIpset.DEFAULT_MAXELEM;
        for (int i = 1; i + 1 < create.size(); i++) {
            if (create.get(i).equals("family")) {
                family = create.get(i + 1).equals("inet6") ? IpFamily.IPV6 : IpFamily.IPV4;
            } else if (create.get(i).equals("maxelem")) {
                maxelem = Integer.parseInt(create.get(i + 1));
            }
        }
        SortedSet<Cidr> members = new TreeSet<>();
        for (String member : printed.members()) {
            try {
                members.add(Cidr.parse(member.split(" ")[0]));
            } catch (InvalidSpecException e) {
                throw new IllegalArgumentException("set " + name + " holds '" + member + "', not a network");
            }
        }
        return new OwnedIpset(name, family, maxelem, members);
    }
}
