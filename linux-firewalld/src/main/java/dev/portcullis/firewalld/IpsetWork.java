package dev.portcullis.firewalld;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a plan does to a policy's owned firewalld ipsets, per configuration, and what each step's
 * undo puts back. A pure function of (desired, snapshot).
 *
 * <p>Permanent: the wanted sets that are missing or differ are created or get their entries
 * ({@link #permanent()}); owned sets no longer wanted are deleted ({@link #deleted()}). Runtime:
 * firewalld cannot create a set there, so a wanted set the runtime does not know arrives through
 * one reload ({@link #reloads()}); the wanted sets whose runtime entries differ get them, and an
 * owned runtime set no longer wanted is emptied (it matches nothing; firewalld forgets it at its
 * next reload, which Portcullis does not force) ({@link #runtime()}).
 *
 * @param permanent the sets the permanent step creates or fills, with their wanted entries
 * @param permanentBefore what the permanent undo puts back: the earlier content of the sets it
 *     changed and of the sets it deleted
 * @param created the sets the permanent step creates (its undo deletes them)
 * @param deleted the owned permanent sets no longer wanted, with their content
 * @param runtime the runtime sets the runtime step fills or empties, with their wanted entries
 * @param runtimeBefore what the runtime undo puts back: their earlier entries (none for a set the
 *     runtime did not know)
 * @param reloads whether the runtime step must reload firewalld to know a wanted set
 */
record IpsetWork(List<FirewalldIpset> permanent, List<FirewalldIpset> permanentBefore, Set<String> created,
        Map<String, FirewalldIpset> deleted, List<FirewalldIpset> runtime, List<FirewalldIpset> runtimeBefore,
        boolean reloads) {

    /** Copies everything. */
    IpsetWork {
        permanent = List.copyOf(permanent);
        permanentBefore = List.copyOf(permanentBefore);
        created = Set.copyOf(new TreeSet<>(created));
        deleted = Map.copyOf(new TreeMap<>(deleted));
        runtime = List.copyOf(runtime);
        runtimeBefore = List.copyOf(runtimeBefore);
    }

    /**
     * @param desired what the policy should own
     * @param snapshot the host before, firewalld running
     * @return the set work of the plan
     */
    static IpsetWork of(FirewalldRules desired, FirewalldSnapshot snapshot) {
        Map<String, FirewalldIpset> wanted = desired.ipsets();
        List<FirewalldIpset> permanent = new ArrayList<>();
        List<FirewalldIpset> permanentBefore = new ArrayList<>();
        Set<String> created = new TreeSet<>();
        Map<String, FirewalldIpset> deleted = new TreeMap<>(snapshot.permanentIpsets());
        deleted.keySet().removeAll(wanted.keySet());
        for (FirewalldIpset set : wanted.values()) {
            FirewalldIpset live = snapshot.permanentIpsets().get(set.name());
            if (!set.equals(live)) {
                permanent.add(set);
                if (live == null) {
                    created.add(set.name());
                } else {
                    permanentBefore.add(live);
                }
            }
        }
        permanentBefore.addAll(deleted.values());
        List<FirewalldIpset> runtime = new ArrayList<>();
        List<FirewalldIpset> runtimeBefore = new ArrayList<>();
        Map<String, FirewalldIpset> live = snapshot.runtimeIpsets();
        for (FirewalldIpset set : wanted.values()) {
            FirewalldIpset now = live.get(set.name());
            if (now == null || !now.entries().equals(set.entries())) {
                runtime.add(set);
                runtimeBefore.add(now != null ? now : set.withEntries(Set.of()));
            }
        }
        for (FirewalldIpset now : live.values()) {
            if (!wanted.containsKey(now.name()) && !now.entries().isEmpty()) {
                runtime.add(now.withEntries(Set.of()));
                runtimeBefore.add(now);
            }
        }
        return new IpsetWork(permanent, permanentBefore, created, deleted, runtime, runtimeBefore,
                !live.keySet().containsAll(wanted.keySet()));
    }

    /**
     * @param after sets as a step leaves them
     * @param before the same sets' earlier content, where they existed
     * @return a short description: "ipset portcullis-smtp_s1_4 +5000 entries"
     */
    String describe(List<FirewalldIpset> after, List<FirewalldIpset> before) {
        Map<String, FirewalldIpset> earlier = new TreeMap<>();
        before.forEach(s -> earlier.put(s.name(), s));
        List<String> parts = new ArrayList<>();
        for (FirewalldIpset set : after) {
            Set<String> was = earlier.containsKey(set.name()) ? earlier.get(set.name()).entries() : Set.of();
            long added = set.entries().stream().filter(e -> !was.contains(e)).count();
            long removed = was.stream().filter(e -> !set.entries().contains(e)).count();
            parts.add("ipset " + set.name() + (created.contains(set.name()) ? " created" : "") + " +" + added + " -"
                    + removed + " entries");
        }
        return String.join(", ", parts);
    }
}
