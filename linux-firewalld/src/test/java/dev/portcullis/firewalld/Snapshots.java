package dev.portcullis.firewalld;

import java.util.Optional;
import java.util.Set;

/** Snapshots for planner tests, built from captured listings. */
final class Snapshots {

    private Snapshots() {
    }

    static ZoneListing untouched() {
        return ZoneListing.parse(Resources.read("list-all-untouched.txt"));
    }

    /** The listing with these extra services and rich rules, as firewalld would print it. */
    static ZoneListing with(ZoneListing base, Set<String> services, Set<String> richRules) {
        StringBuilder sb = new StringBuilder(base.zone()).append('\n');
        base.settings().forEach((k, v) -> {
            String value = v;
            if (k.equals("services")) {
                java.util.Set<String> all = new java.util.TreeSet<>(base.services());
                all.addAll(services);
                value = String.join(" ", all);
            }
            sb.append("  ").append(k).append(": ").append(value).append('\n');
        });
        sb.append("  rich rules: \n");
        base.richRules().forEach(r -> sb.append('\t').append(r).append('\n'));
        richRules.forEach(r -> sb.append('\t').append(r).append('\n'));
        return ZoneListing.parse(sb.toString());
    }

    /** A running firewalld where the policy's rules are in place in both configurations. */
    static FirewalldSnapshot converged(FirewalldRules rules) {
        ZoneListing z = with(untouched(), rules.zoneServices(), rules.richRules());
        return running(z, z, rules.services().keySet(), rules.services().keySet());
    }

    static FirewalldSnapshot running(ZoneListing runtime, ZoneListing permanent, Set<String> runtimeServices,
            Set<String> permanentServices) {
        return new FirewalldSnapshot(true, permanent.zone(), Optional.of(runtime), permanent, runtimeServices,
                permanentServices);
    }

    /** The same snapshot with these owned ipsets at runtime and in the permanent configuration. */
    static FirewalldSnapshot withIpsets(FirewalldSnapshot s, java.util.Collection<FirewalldIpset> runtime,
            java.util.Collection<FirewalldIpset> permanent) {
        java.util.Map<String, FirewalldIpset> r = new java.util.TreeMap<>();
        runtime.forEach(i -> r.put(i.name(), i));
        java.util.Map<String, FirewalldIpset> p = new java.util.TreeMap<>();
        permanent.forEach(i -> p.put(i.name(), i));
        return new FirewalldSnapshot(s.running(), s.zone(), s.runtime(), s.permanent(), s.runtimeServices(),
                s.permanentServices(), s.runtimeRecord(), r, p);
    }

    /** A running firewalld where the policy's rules and sets are in place in both configurations. */
    static FirewalldSnapshot convergedWithSets(FirewalldRules rules) {
        return withIpsets(converged(rules), rules.ipsets().values(), rules.ipsets().values());
    }

    static FirewalldSnapshot stopped(ZoneListing permanent, Set<String> permanentServices) {
        return new FirewalldSnapshot(false, permanent.zone(), Optional.empty(), permanent, Set.of(), permanentServices);
    }
}
