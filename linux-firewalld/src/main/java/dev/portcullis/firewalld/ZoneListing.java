package dev.portcullis.firewalld;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One zone as {@code firewall-cmd [--permanent] --zone=Z --list-all} prints it: the zone name,
 * every {@code key: values} line, and the rich rules (one per line, in firewalld's normalised
 * spelling). Rich rules and services are compared as sets, because firewalld does not promise an
 * order.
 */
public final class ZoneListing {

    private final String zone;
    private final Map<String, String> settings;
    private final Set<String> richRules;

    private ZoneListing(String zone, Map<String, String> settings, Set<String> richRules) {
        this.zone = zone;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.richRules = Collections.unmodifiableSet(new TreeSet<>(richRules));
    }

    /**
     * Parses the output of {@code --list-all} for one zone.
     *
     * @param text the output
     * @return the listing
     * @throws IllegalArgumentException when the text is not a zone listing
     */
    public static ZoneListing parse(String text) {
        String[] lines = text.replace("\r", "").split("\n");
        int i = 0;
        while (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        if (i == lines.length || lines[i].startsWith(" ") || lines[i].startsWith("\t")) {
            throw new IllegalArgumentException("not a firewalld zone listing: " + excerpt(text));
        }
        // "public", "public (active)" or "public (default, active)"
        String zone = lines[i].strip().split("\\s+")[0];
        Map<String, String> settings = new LinkedHashMap<>();
        Set<String> rich = new LinkedHashSet<>();
        boolean inRichRules = false;
        for (i = i + 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (inRichRules && line.startsWith("\t")) {
                rich.add(line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("unexpected line in firewalld zone listing: " + line);
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            inRichRules = key.equals("rich rules");
            if (!inRichRules) {
                settings.put(key, value);
            }
        }
        if (!settings.containsKey("services") || !settings.containsKey("ports")) {
            throw new IllegalArgumentException("not a firewalld zone listing (no services or ports line): "
                    + excerpt(text));
        }
        return new ZoneListing(zone, settings, rich);
    }

    /**
     * A listing from its parts, as firewalld's client reports them ({@link FirewalldClient}).
     *
     * @param zone the zone's name
     * @param settings every setting {@code --list-all} prints, by its name there ("services",
     *     "ports", "icmp-block-inversion"...), values separated by spaces
     * @param richRules the rich rules, in firewalld's spelling
     * @return the listing
     */
    static ZoneListing of(String zone, Map<String, String> settings, Set<String> richRules) {
        if (!settings.containsKey("services") || !settings.containsKey("ports")) {
            throw new IllegalArgumentException("a firewalld zone listing needs services and ports: " + settings);
        }
        return new ZoneListing(zone, settings, richRules);
    }

    /** @return the zone's name */
    public String zone() {
        return zone;
    }

    /** @return every {@code key: value} line except the rich rules, in order */
    public Map<String, String> settings() {
        return settings;
    }

    /** @return the services the zone allows */
    public Set<String> services() {
        return words("services");
    }

    /** @return the ports the zone opens, as firewalld writes them ("25/tcp", "1000-2000/udp") */
    public Set<String> ports() {
        return words("ports");
    }

    /** @return the rich rules, in firewalld's spelling */
    public Set<String> richRules() {
        return richRules;
    }

    /**
     * @param policy a policy name
     * @return the services in this zone that the policy owns
     */
    public Set<String> ownedServices(String policy) {
        Set<String> owned = new TreeSet<>();
        for (String s : services()) {
            if (s.startsWith(OwnedService.prefixOf(policy))) {
                owned.add(s);
            }
        }
        return owned;
    }

    /**
     * @param policy a policy name
     * @return the rich rules in this zone that reference a service the policy owns
     */
    public Set<String> ownedRichRules(String policy) {
        String marker = "service name=\"" + OwnedService.prefixOf(policy);
        Set<String> owned = new TreeSet<>();
        for (String r : richRules) {
            if (r.contains(marker)) {
                owned.add(r);
            }
        }
        return owned;
    }

    /**
     * @param policy a policy name
     * @return this listing without anything the policy owns: what an administrator (or another
     *     policy) put there
     */
    public ZoneListing withoutOwnedBy(String policy) {
        return withoutOwnedBy(policy, Set.of());
    }

    /**
     * @param policy a policy name
     * @param recorded untagged runtime rich rules recorded as the policy's ({@link RuntimeRecord})
     * @return this listing without anything the policy owns, by tag or by record
     */
    public ZoneListing withoutOwnedBy(String policy, Set<String> recorded) {
        Map<String, String> s = new LinkedHashMap<>(settings);
        Set<String> services = new TreeSet<>(services());
        services.removeAll(ownedServices(policy));
        s.put("services", String.join(" ", services));
        Set<String> rich = new TreeSet<>(richRules);
        rich.removeAll(ownedRichRules(policy));
        rich.removeAll(recorded);
        return new ZoneListing(zone, s, rich);
    }

    /**
     * Lists how this listing differs from another, line by line, for findings.
     *
     * @param other the other listing
     * @return the differences in words; empty when equal
     */
    public List<String> differencesFrom(ZoneListing other) {
        List<String> out = new java.util.ArrayList<>();
        if (!zone.equals(other.zone)) {
            out.add("zone " + other.zone + " -> " + zone);
        }
        Set<String> keys = new TreeSet<>(settings.keySet());
        keys.addAll(other.settings.keySet());
        for (String k : keys) {
            Set<String> mine = wordSet(settings.get(k));
            Set<String> theirs = wordSet(other.settings.get(k));
            if (!mine.equals(theirs)) {
                out.add(k + ": " + String.join(" ", theirs) + " -> " + String.join(" ", mine));
            }
        }
        for (String r : other.richRules) {
            if (!richRules.contains(r)) {
                out.add("rich rule gone: " + r);
            }
        }
        for (String r : richRules) {
            if (!other.richRules.contains(r)) {
                out.add("rich rule added: " + r);
            }
        }
        return out;
    }

    private Set<String> words(String key) {
        return wordSet(settings.get(key));
    }

    private static Set<String> wordSet(String value) {
        Set<String> out = new TreeSet<>();
        if (value != null) {
            for (String w : value.strip().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    private static String excerpt(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /** Equal when the zone, every setting (as a set of words) and the rich rules are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ZoneListing && differencesFrom((ZoneListing) o).isEmpty();
    }

    @Override
    public int hashCode() {
        return Objects.hash(zone, richRules);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(zone);
        settings.forEach((k, v) -> sb.append("\n  ").append(k).append(": ").append(v));
        sb.append("\n  rich rules: ");
        richRules.forEach(r -> sb.append("\n\t").append(r));
        return sb.toString();
    }
}
