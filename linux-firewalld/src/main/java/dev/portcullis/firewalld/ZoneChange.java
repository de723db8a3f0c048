package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The change one configuration of a zone needs: owned rich rules and services to remove, owned
 * services and rich rules to add. Turns into at most four {@code firewall-cmd} calls, one per kind
 * of option, each carrying every value of its kind.
 *
 * @param removeRichRules owned rich rules that go
 * @param removeServices owned services the zone stops allowing
 * @param addServices owned services the zone starts allowing
 * @param addRichRules rich rules that come
 */
public record ZoneChange(Set<String> removeRichRules, Set<String> removeServices, Set<String> addServices,
        Set<String> addRichRules) {

    /** @param removeRichRules a @param removeServices b @param addServices c @param addRichRules d */
    public ZoneChange {
        removeRichRules = sorted(removeRichRules);
        removeServices = sorted(removeServices);
        addServices = sorted(addServices);
        addRichRules = sorted(addRichRules);
    }

    /**
     * Compares what a policy owns in a zone listing with what it should own.
     *
     * @param live the zone as listed
     * @param desired the policy's firewalld form
     * @return the change that makes the owned part of the zone equal the desired one
     */
    public static ZoneChange between(ZoneListing live, FirewalldRules desired) {
        return between(live, desired, Set.of());
    }

    /**
     * Compares what a policy owns in a zone listing with what it should own, where some untagged
     * rich rules are the policy's by record. A desired entry the zone already holds is left alone
     * even when it is not the policy's (an administrator wrote the same rule): it is neither added
     * again nor ever removed.
     *
     * @param live the zone as listed
     * @param desired the policy's firewalld form for this configuration
     * @param recorded untagged rich rules recorded as the policy's and present in the zone
     * @return the change
     */
    public static ZoneChange between(ZoneListing live, FirewalldRules desired, Set<String> recorded) {
        Set<String> ownedServices = live.ownedServices(desired.policy());
        Set<String> ownedRich = new TreeSet<>(live.ownedRichRules(desired.policy()));
        ownedRich.addAll(recorded);
        return new ZoneChange(minus(ownedRich, desired.richRules()), minus(ownedServices, desired.zoneServices()),
                minus(desired.zoneServices(), live.services()), minus(desired.richRules(), live.richRules()));
    }

    /** @return whether nothing changes */
    public boolean isEmpty() {
        return removeRichRules.isEmpty() && removeServices.isEmpty() && addServices.isEmpty() && addRichRules.isEmpty();
    }

    /** @return the change that undoes this one */
    public ZoneChange inverse() {
        return new ZoneChange(addRichRules, addServices, removeServices, removeRichRules);
    }

    /**
     * @param cmd the configuration's command builder
     * @param zone the zone
     * @return the calls, removals first (so a rule that moves never exists twice)
     */
    public List<Command> commands(FirewallCmd cmd, String zone) {
        List<Command> out = new ArrayList<>();
        if (!removeRichRules.isEmpty()) {
            out.add(cmd.zoneBatch(zone, "--remove-rich-rule", removeRichRules));
        }
        if (!removeServices.isEmpty()) {
            out.add(cmd.zoneBatch(zone, "--remove-service", removeServices));
        }
        if (!addServices.isEmpty()) {
            out.add(cmd.zoneBatch(zone, "--add-service", addServices));
        }
        if (!addRichRules.isEmpty()) {
            out.add(cmd.zoneBatch(zone, "--add-rich-rule", addRichRules));
        }
        return out;
    }

    /** @return a short description: "+2 services, +100 rich rules, -1 rich rule" */
    public String summary() {
        List<String> parts = new ArrayList<>();
        count(parts, "+", addServices.size(), "service");
        count(parts, "+", addRichRules.size(), "rich rule");
        count(parts, "-", removeServices.size(), "service");
        count(parts, "-", removeRichRules.size(), "rich rule");
        return String.join(", ", parts);
    }

    private static void count(List<String> parts, String sign, int n, String what) {
        if (n > 0) {
            parts.add(sign + n + " " + what + (n == 1 ? "" : "s"));
        }
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static Set<String> sorted(Set<String> s) {
        return Collections.unmodifiableSet(new TreeSet<>(s));
    }
}
