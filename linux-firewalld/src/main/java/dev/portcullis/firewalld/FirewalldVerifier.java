package dev.portcullis.firewalld;

import dev.portcullis.plan.Drift;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a policy's {@link FirewalldRules} with a {@link FirewalldSnapshot}, the runtime and the
 * permanent configuration separately: a port removed at runtime by hand shows as runtime drift, a
 * permanent change never reloaded as a difference between the two. The runtime is compared in its
 * {@link RuntimeForm}: ports written out where it does not know the owned service. Pure.
 */
final class FirewalldVerifier {

    private FirewalldVerifier() {
    }

    /**
     * @param desired what the policy should own
     * @param snapshot the host
     * @return every difference, each naming its configuration
     */
    static List<Drift> drifts(FirewalldRules desired, FirewalldSnapshot snapshot) {
        List<Drift> out = new ArrayList<>();
        String zone = snapshot.zone();
        snapshot.runtime().ifPresent(rt -> zone(out, RuntimeForm.of(desired, snapshot.runtimeServices()), rt,
                snapshot.recordedAndLive(), zone, "runtime"));
        zone(out, desired, snapshot.permanent(), Set.of(), zone, "permanent");
        services(out, desired, snapshot.permanentServices(), "permanent", "missing");
        Set<String> stale = new TreeSet<>(snapshot.ownedPermanentServices(desired.policy()));
        stale.removeAll(desired.services().keySet());
        for (String s : stale) {
            out.add(new Drift("owned service " + s, "absent", "defined", "permanent"));
        }
        if (snapshot.running()) {
            ipsets(out, desired, snapshot.runtimeIpsets(), "runtime");
        }
        ipsets(out, desired, snapshot.permanentIpsets(), "permanent");
        return out;
    }

    /** Each owned set must hold exactly its entries; an owned set no longer wanted must be gone (or, at runtime, empty). */
    private static void ipsets(List<Drift> out, FirewalldRules desired, Map<String, FirewalldIpset> live, String where) {
        for (FirewalldIpset set : desired.ipsets().values()) {
            FirewalldIpset now = live.get(set.name());
            if (now == null) {
                out.add(new Drift("owned ipset " + set.name(), set.entries().size() + " entries", "missing", where));
            } else if (!now.entries().equals(set.entries())) {
                Set<String> missing = new TreeSet<>(set.entries());
                missing.removeAll(now.entries());
                Set<String> extra = new TreeSet<>(now.entries());
                extra.removeAll(set.entries());
                out.add(new Drift("owned ipset " + set.name() + " entries", set.entries().size() + " entries",
                        now.entries().size() + " entries, missing " + excerpt(missing) + ", extra " + excerpt(extra), where));
            }
        }
        for (FirewalldIpset now : live.values()) {
            boolean leftover = where.equals("runtime") && now.entries().isEmpty();
            if (!desired.ipsets().containsKey(now.name()) && !leftover) {
                out.add(new Drift("owned ipset " + now.name(), "absent", now.entries().size() + " entries", where));
            }
        }
    }

    private static String excerpt(Set<String> entries) {
        return entries.size() <= 5 ? entries.toString() : entries.stream().limit(5).toList() + " and "
                + (entries.size() - 5) + " more";
    }

    private static void zone(List<Drift> out, FirewalldRules desired, ZoneListing live, Set<String> recorded, String zone,
            String where) {
        ZoneChange c = ZoneChange.between(live, desired, recorded);
        for (String s : c.addServices()) {
            out.add(new Drift("zone " + zone + " service " + s, "allowed", "not allowed", where));
        }
        for (String r : c.addRichRules()) {
            out.add(new Drift("zone " + zone + " rich rule " + r, "present", "missing", where));
        }
        for (String s : c.removeServices()) {
            out.add(new Drift("zone " + zone + " service " + s, "not allowed", "allowed", where));
        }
        for (String r : c.removeRichRules()) {
            out.add(new Drift("zone " + zone + " rich rule " + r, "absent", "present", where));
        }
    }

    private static void services(List<Drift> out, FirewalldRules desired, Set<String> live, String where, String problem) {
        for (OwnedService s : desired.services().values()) {
            if (!live.contains(s.name())) {
                out.add(new Drift("owned service " + s.name() + " " + s.portOptions(), "defined", problem, where));
            }
        }
    }
}
