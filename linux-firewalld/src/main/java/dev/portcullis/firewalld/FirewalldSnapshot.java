package dev.portcullis.firewalld;

import dev.portcullis.exec.CommandRunner;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One look at firewalld, taken before planning: whether it runs, the zone, the zone's runtime and
 * permanent listings, and which services exist in each configuration. Taken with one process while
 * firewalld runs (the {@link FirewalldClient} reads both configurations, the service names and
 * the runtime record); while firewalld is stopped, {@code firewall-offline-cmd} reads the
 * permanent configuration and there is no runtime.
 *
 * @param running whether firewalld runs
 * @param zone the zone the policy lives in
 * @param runtime the zone's runtime listing; absent while firewalld is stopped
 * @param permanent the zone's permanent listing
 * @param runtimeServices services loaded at runtime (empty while stopped)
 * @param permanentServices services in the permanent configuration
 * @param runtimeRecord the untagged runtime rich rules the policy recorded as its own ({@link RuntimeRecord})
 * @param runtimeIpsets the policy's owned ipsets at runtime, by name (none while stopped)
 * @param permanentIpsets the policy's owned ipsets in the permanent configuration, by name
 * @param reloadRefusal why a firewalld reload could not keep this host's runtime-only state (direct
 *     rules, foreign iptables chains, panic mode, timed ipset entries), when it could not; a new
 *     ipset reaches the runtime only through a reload
 */
public record FirewalldSnapshot(boolean running, String zone, Optional<ZoneListing> runtime, ZoneListing permanent,
        Set<String> runtimeServices, Set<String> permanentServices, Set<String> runtimeRecord,
        Map<String, FirewalldIpset> runtimeIpsets, Map<String, FirewalldIpset> permanentIpsets,
        Optional<String> reloadRefusal) {

    /** Checks that a runtime listing exists exactly when firewalld runs, and copies the sets. */
    public FirewalldSnapshot {
        runtimeRecord = Collections.unmodifiableSet(new TreeSet<>(runtimeRecord));
        runtimeIpsets = Collections.unmodifiableMap(new TreeMap<>(runtimeIpsets));
        permanentIpsets = Collections.unmodifiableMap(new TreeMap<>(permanentIpsets));
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(reloadRefusal, "reloadRefusal");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(permanent, "permanent");
        runtimeServices = Collections.unmodifiableSet(new TreeSet<>(runtimeServices));
        permanentServices = Collections.unmodifiableSet(new TreeSet<>(permanentServices));
        if (running != runtime.isPresent()) {
            throw new IllegalArgumentException("a runtime listing exists exactly when firewalld runs");
        }
    }

    /**
     * A snapshot of a host where a reload would keep the runtime.
     *
     * @param running whether firewalld runs
     * @param zone the zone
     * @param runtime the zone's runtime listing, when running
     * @param permanent the zone's permanent listing
     * @param runtimeServices services the runtime knows
     * @param permanentServices services the permanent configuration holds
     * @param runtimeRecord the untagged runtime rich rules the policy recorded as its own
     * @param runtimeIpsets the policy's owned ipsets at runtime, by name
     * @param permanentIpsets the policy's owned ipsets in the permanent configuration, by name
     */
    public FirewalldSnapshot(boolean running, String zone, Optional<ZoneListing> runtime, ZoneListing permanent,
            Set<String> runtimeServices, Set<String> permanentServices, Set<String> runtimeRecord,
            Map<String, FirewalldIpset> runtimeIpsets, Map<String, FirewalldIpset> permanentIpsets) {
        this(running, zone, runtime, permanent, runtimeServices, permanentServices, runtimeRecord, runtimeIpsets,
                permanentIpsets, Optional.empty());
    }

    /**
     * A snapshot without owned ipsets.
     *
     * @param running whether firewalld runs
     * @param zone the zone
     * @param runtime the zone's runtime listing, when running
     * @param permanent the zone's permanent listing
     * @param runtimeServices services loaded at runtime
     * @param permanentServices services in the permanent configuration
     * @param runtimeRecord the untagged runtime rich rules the policy recorded as its own
     */
    public FirewalldSnapshot(boolean running, String zone, Optional<ZoneListing> runtime, ZoneListing permanent,
            Set<String> runtimeServices, Set<String> permanentServices, Set<String> runtimeRecord) {
        this(running, zone, runtime, permanent, runtimeServices, permanentServices, runtimeRecord, Map.of(), Map.of());
    }

    /**
     * A snapshot without a runtime record.
     *
     * @param running whether firewalld runs
     * @param zone the zone
     * @param runtime the zone's runtime listing, when running
     * @param permanent the zone's permanent listing
     * @param runtimeServices services loaded at runtime
     * @param permanentServices services in the permanent configuration
     */
    public FirewalldSnapshot(boolean running, String zone, Optional<ZoneListing> runtime, ZoneListing permanent,
            Set<String> runtimeServices, Set<String> permanentServices) {
        this(running, zone, runtime, permanent, runtimeServices, permanentServices, Set.of());
    }

    /**
     * Takes the snapshot: one read through the firewalld client ({@link FirewalldClient}) while
     * firewalld runs; while it is stopped, {@code firewall-offline-cmd} reads the permanent
     * configuration ({@code --get-default-zone} when the policy names no zone, {@code --list-all},
     * {@code --get-services}). The policy's owned ipsets are read with their entries in the same
     * client call.
     *
     * @param runner reaches the host
     * @param zone the policy's zone, or null for the default zone
     * @param policy the policy whose runtime record is read
     * @return the snapshot
     * @throws FirewalldRefusedException when firewalld refuses the read (an unknown zone, say)
     * @throws dev.portcullis.exec.CommandFailedException when an offline read fails
     */
    public static FirewalldSnapshot take(CommandRunner runner, String zone, String policy) {
        FirewalldClient.Listings found = FirewalldClient.listings(FirewalldClient.reply(
                runner.run(FirewalldClient.snapshotRead(zone, policy)),
                "read firewalld zone " + (zone == null ? "(the default zone)" : zone)));
        if (found.running()) {
            return of(found);
        }
        FirewallCmd offline = FirewallCmd.of(FirewallCmd.Config.OFFLINE);
        String z = zone != null ? zone : runner.run(offline.defaultZone()).stdout().strip();
        return offline(z, runner.run(offline.listAll(z)).stdout(), runner.run(offline.services()).stdout());
    }

    /**
     * @param found what one read of both configurations and the record found, firewalld running
     * @return the snapshot
     */
    static FirewalldSnapshot of(FirewalldClient.Listings found) {
        return new FirewalldSnapshot(true, found.zone(), found.runtime(), found.permanent().orElseThrow(),
                found.runtimeServices(), found.permanentServices(), found.record().orElse(Set.of()), found.runtimeIpsets(),
                found.permanentIpsets(), found.reloadRefusal());
    }

    /**
     * @param zone the zone
     * @param listAll {@code firewall-offline-cmd --zone=Z --list-all}
     * @param services {@code firewall-offline-cmd --get-services}
     * @return the snapshot of a stopped firewalld
     */
    static FirewalldSnapshot offline(String zone, String listAll, String services) {
        return new FirewalldSnapshot(false, zone, Optional.empty(), ZoneListing.parse(listAll), Set.of(), words(services));
    }

    /**
     * @return the recorded runtime rules that the runtime still holds: the untagged rules the
     *     policy owns (a reload or reboot takes the others away)
     */
    public Set<String> recordedAndLive() {
        Set<String> out = new TreeSet<>(runtimeRecord);
        out.retainAll(runtime.map(ZoneListing::richRules).orElse(Set.of()));
        return out;
    }

    /**
     * @param output output of {@code --get-services}
     * @return the service names
     */
    public static Set<String> words(String output) {
        Set<String> out = new TreeSet<>();
        for (String w : output.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * @param policy a policy name
     * @return the permanent services the policy owns
     */
    public Set<String> ownedPermanentServices(String policy) {
        return owned(permanentServices, policy);
    }

    /**
     * @param names service names
     * @param policy a policy name
     * @return those the policy owns
     */
    static Set<String> owned(Set<String> names, String policy) {
        Set<String> out = new TreeSet<>();
        for (String n : names) {
            if (n.startsWith(OwnedService.prefixOf(policy))) {
                out.add(n);
            }
        }
        return out;
    }
}
