package dev.portcullis.iptables;

import dev.portcullis.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The input of one {@code ipset restore} that turns one collection of owned sets into another:
 * sets that go are destroyed first, new sets are created and filled, and a set whose members
 * change is changed in place by {@code add} and {@code del} lines when few members change (adds
 * before deletes, so a network in both the old and the new set is never out of it), or else
 * filled anew in a temporary set that one {@code swap} puts in its place, so the kernel never
 * shows a half-filled set. Pure: the same arguments give the same script.
 */
final class IpsetRestoreScript {

    private IpsetRestoreScript() {
    }

    /**
     * @param from the owned sets the host has, by name
     * @param to the owned sets it should have, by name
     * @return the restore input, or empty when nothing differs
     */
    static Optional<String> between(Map<String, OwnedIpset> from, Map<String, OwnedIpset> to) {
        List<String> lines = new ArrayList<>(destroyLines(from, to));
        lines.addAll(fillLines(from, to));
        return script(lines);
    }

    /**
     * The first half of {@link #between}: what must be in place before rules that match the
     * {@code to} sets can load, while rules that match the sets only {@code from} has still use
     * them (the kernel would refuse to destroy those).
     *
     * @param from the owned sets the host has, by name
     * @param to the owned sets it should have, by name
     * @return the restore input that creates, fills and changes, or empty when nothing does
     */
    static Optional<String> withoutDestroys(Map<String, OwnedIpset> from, Map<String, OwnedIpset> to) {
        return script(fillLines(from, to));
    }

    /**
     * The second half of {@link #between}: the sets only {@code from} has, to destroy once no rule
     * matches them.
     *
     * @param from the owned sets the host has, by name
     * @param to the owned sets it should have, by name
     * @return the restore input that destroys them, or empty when there are none
     */
    static Optional<String> destroysOnly(Map<String, OwnedIpset> from, Map<String, OwnedIpset> to) {
        return script(destroyLines(from, to));
    }

    private static List<String> destroyLines(Map<String, OwnedIpset> from, Map<String, OwnedIpset> to) {
        return from.keySet().stream().filter(name -> !to.containsKey(name)).sorted().map(name -> "destroy " + name).toList();
    }

    private static List<String> fillLines(Map<String, OwnedIpset> from, Map<String, OwnedIpset> to) {
        List<String> lines = new ArrayList<>();
        to.values().stream().sorted(java.util.Comparator.comparing(OwnedIpset::name)).forEach(set -> {
            OwnedIpset old = from.get(set.name());
            if (old == null) {
                fill(lines, set);
            } else if (!old.sameContent(set)) {
                replace(lines, old, set);
            }
        });
        return lines;
    }

    private static Optional<String> script(List<String> lines) {
        return lines.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", lines) + "\n");
    }

    /**
     * @param set a set
     * @return its {@code create} line and one {@code add} line per member, as {@code ipset save} writes them
     */
    static String create(OwnedIpset set) {
        List<String> lines = new ArrayList<>();
        fill(lines, set);
        return String.join("\n", lines) + "\n";
    }

    private static void fill(List<String> lines, OwnedIpset set) {
        lines.add(set.createLine());
        for (Cidr member : set.members()) {
            lines.add("add " + set.name() + " " + member.toCidrString());
        }
    }

    /**
     * @param old a set as the host has it
     * @param set the same set as it should be
     * @return whether it changes by {@code add} and {@code del} lines (few members change and the
     *     set has room), rather than by a swap
     */
    static boolean inPlace(OwnedIpset old, OwnedIpset set) {
        int changes = added(old, set).size() + added(set, old).size();
        return set.members().size() <= old.maxelem() && old.family() == set.family()
                && changes * 4 <= Math.max(set.members().size(), 4);
    }

    /**
     * @param old a set
     * @param set another
     * @return the members of {@code set} that {@code old} lacks
     */
    static List<Cidr> added(OwnedIpset old, OwnedIpset set) {
        return set.members().stream().filter(m -> !old.members().contains(m)).toList();
    }

    private static void replace(List<String> lines, OwnedIpset old, OwnedIpset set) {
        List<Cidr> added = added(old, set);
        List<Cidr> deleted = added(set, old);
        if (inPlace(old, set)) {
            added.forEach(m -> lines.add("add " + set.name() + " " + m.toCidrString()));
            deleted.forEach(m -> lines.add("del " + set.name() + " " + m.toCidrString()));
            return;
        }
        String temporary = OwnedIpset.temporaryFor(set.name());
        fill(lines, set.renamed(temporary));
        lines.add("swap " + temporary + " " + set.name());
        lines.add("destroy " + temporary);
    }
}
