package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The probes that read firewalld back after a step, and the check that proves a rollback. */
final class FirewalldProbes {

    private FirewalldProbes() {
    }

    /**
     * Passes when the owned part of a zone listing equals the desired one.
     *
     * @param cmd the configuration to read
     * @param zone the zone
     * @param desired what the policy should own there
     * @param recorded untagged rules recorded as the policy's once the step is done
     * @return the probe
     */
    static Probe zoneOwns(FirewallCmd cmd, String zone, FirewalldRules desired, Set<String> recorded) {
        String description = cmd.config().where() + " zone " + zone + " holds exactly the " + desired.zoneServices().size()
                + " services and " + desired.richRules().size() + " rich rules of policy " + desired.policy();
        Command list = cmd.listAll(zone);
        return Probe.of(description, list, r -> {
            if (!r.isSuccess()) {
                return ProbeResult.failed(description + ": " + r);
            }
            ZoneListing live = ZoneListing.parse(r.stdout());
            Set<String> owned = new TreeSet<>(recorded);
            owned.retainAll(live.richRules());
            ZoneChange missing = ZoneChange.between(live, desired, owned);
            return missing.isEmpty() ? ProbeResult.ok(description)
                    : ProbeResult.failed(description + ": still needs " + missing.summary() + " " + missing);
        });
    }

    /**
     * Passes when the services exist (or, with {@code present} false, are gone).
     *
     * @param cmd the configuration to read
     * @param names service names
     * @param present whether they must exist
     * @return the probe
     */
    static Probe services(FirewallCmd cmd, Set<String> names, boolean present) {
        String description = names.size() + " owned services " + (present ? "exist" : "are gone") + " in the "
                + cmd.config().where() + " configuration";
        Command list = cmd.services();
        return Probe.of(description, list, r -> {
            if (!r.isSuccess()) {
                return ProbeResult.failed(description + ": " + r);
            }
            Set<String> live = FirewalldSnapshot.words(r.stdout());
            Set<String> wrong = new TreeSet<>();
            for (String n : names) {
                if (live.contains(n) != present) {
                    wrong.add(n);
                }
            }
            return wrong.isEmpty() ? ProbeResult.ok(description)
                    : ProbeResult.failed(description + ": not so for " + wrong);
        });
    }

    /**
     * Passes when the owned part of a zone equals the desired one, read through the firewalld
     * client in one call; in the permanent configuration also when the given owned services exist
     * and the stale ones are gone.
     *
     * @param config runtime or permanent
     * @param zone the zone
     * @param desired what the policy should own there, in this configuration's form
     * @param recorded untagged rules recorded as the policy's once the step is done
     * @param defined owned services that must exist (permanent)
     * @param deleted owned services that must be gone (permanent)
     * @param sets owned ipsets that must hold exactly these entries (at runtime, a set to hold none
     *     may also be unknown)
     * @param setsGone owned ipsets that must not exist
     * @return the probe
     */
    static Probe clientZoneOwns(FirewallCmd.Config config, String zone, FirewalldRules desired, Set<String> recorded,
            Set<String> defined, Set<String> deleted, List<FirewalldIpset> sets, Set<String> setsGone) {
        boolean runtime = config == FirewallCmd.Config.RUNTIME;
        String description = config.where() + " zone " + zone + " holds exactly the " + desired.zoneServices().size()
                + " services and " + desired.richRules().size() + " rich rules of policy " + desired.policy()
                + (defined.isEmpty() ? "" : ", " + defined.size() + " owned services exist")
                + (deleted.isEmpty() ? "" : ", " + deleted.size() + " stale owned services are gone")
                + (sets.isEmpty() ? "" : ", " + sets.size() + " owned ipsets hold their entries")
                + (setsGone.isEmpty() ? "" : ", " + setsGone.size() + " owned ipsets are gone");
        boolean withSets = !sets.isEmpty() || !setsGone.isEmpty();
        Command read = FirewalldClient.read(zone, runtime, !runtime, null, withSets ? desired.policy() : null);
        return new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                FirewalldClient.Listings found = FirewalldClient.listings(
                        FirewalldClient.reply(context.execute(read), "read zone " + zone));
                ZoneListing live = (runtime ? found.runtime() : found.permanent()).orElseThrow();
                Set<String> owned = new TreeSet<>(recorded);
                owned.retainAll(live.richRules());
                ZoneChange missing = ZoneChange.between(live, desired, owned);
                List<String> wrong = new ArrayList<>();
                if (!missing.isEmpty()) {
                    wrong.add("still needs " + missing.summary() + " " + missing);
                }
                Set<String> services = runtime ? found.runtimeServices() : found.permanentServices();
                defined.stream().filter(n -> !services.contains(n)).forEach(n -> wrong.add("service " + n + " missing"));
                deleted.stream().filter(services::contains).forEach(n -> wrong.add("service " + n + " still there"));
                Map<String, FirewalldIpset> liveSets = runtime ? found.runtimeIpsets() : found.permanentIpsets();
                for (FirewalldIpset set : sets) {
                    FirewalldIpset now = liveSets.get(set.name());
                    boolean absentAndEmpty = now == null && runtime && set.entries().isEmpty();
                    if (!absentAndEmpty && (now == null || !now.entries().equals(set.entries()))) {
                        wrong.add("ipset " + set.name() + " holds " + (now == null ? "nothing (it does not exist)"
                                : now.entries().size() + " entries, not the " + set.entries().size() + " wanted"));
                    }
                }
                setsGone.stream().filter(liveSets::containsKey).forEach(n -> wrong.add("ipset " + n + " still there"));
                return wrong.isEmpty() ? ProbeResult.ok(description)
                        : ProbeResult.failed(description + ": " + String.join(", ", wrong));
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public List<Command> commands() {
                return List.of(FirewalldClient.shown(read));
            }
        };
    }

    /**
     * After a rollback: the zone's runtime and permanent listings, the policy's runtime record and
     * its permanent services are as in the snapshot the plan was made from. While firewalld runs,
     * one read through the firewalld client; while it is stopped, {@code firewall-offline-cmd}.
     *
     * @param snapshot the state before
     * @param policy the policy name
     * @return the check
     */
    static Probe asBefore(FirewalldSnapshot snapshot, String policy) {
        String zone = snapshot.zone();
        String description = "zone " + zone + " (runtime and permanent) and the owned services are as before";
        FirewallCmd offline = FirewallCmd.of(FirewallCmd.Config.OFFLINE);
        List<Command> reads = snapshot.running() ? List.of(FirewalldClient.read(zone, true, true, policy, policy))
                : List.of(offline.listAll(zone), offline.services());
        return new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                FirewalldSnapshot now = snapshot.running()
                        ? FirewalldSnapshot.of(FirewalldClient.listings(
                                FirewalldClient.reply(context.execute(reads.get(0)), "read zone " + zone)))
                        : FirewalldSnapshot.offline(zone, context.run(reads.get(0)).stdout(), context.run(reads.get(1)).stdout());
                List<String> differences = new ArrayList<>();
                if (snapshot.running()) {
                    now.runtime().orElseThrow().differencesFrom(snapshot.runtime().orElseThrow())
                            .forEach(d -> differences.add("runtime " + d));
                    if (!now.runtimeRecord().equals(snapshot.runtimeRecord())) {
                        differences.add("runtime record " + snapshot.runtimeRecord() + " -> " + now.runtimeRecord());
                    }
                    // A set the runtime learnt through a rolled-back reload stays, empty, until firewalld's next reload.
                    ipsetDifferences(snapshot.runtimeIpsets(), now.runtimeIpsets(), true)
                            .forEach(d -> differences.add("runtime " + d));
                    ipsetDifferences(snapshot.permanentIpsets(), now.permanentIpsets(), false)
                            .forEach(d -> differences.add("permanent " + d));
                }
                now.permanent().differencesFrom(snapshot.permanent()).forEach(d -> differences.add("permanent " + d));
                if (!now.ownedPermanentServices(policy).equals(snapshot.ownedPermanentServices(policy))) {
                    differences.add("owned permanent services " + snapshot.ownedPermanentServices(policy) + " -> "
                            + now.ownedPermanentServices(policy));
                }
                return differences.isEmpty() ? ProbeResult.ok(description)
                        : ProbeResult.failed(description + ": differs: " + differences);
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public List<Command> commands() {
                return reads.stream().map(FirewalldClient::shown).toList();
            }
        };
    }

    /**
     * @param before owned ipsets before
     * @param now owned ipsets now
     * @param emptyIsAbsent whether an empty set counts as no set (the runtime, which cannot delete one)
     * @return the sets that differ, each with what changed
     */
    static List<String> ipsetDifferences(Map<String, FirewalldIpset> before, Map<String, FirewalldIpset> now,
            boolean emptyIsAbsent) {
        List<String> out = new ArrayList<>();
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(now.keySet());
        for (String name : names) {
            FirewalldIpset was = before.get(name);
            FirewalldIpset is = now.get(name);
            if (emptyIsAbsent) {
                Set<String> a = was == null ? Set.of() : was.entries();
                Set<String> b = is == null ? Set.of() : is.entries();
                if (!a.equals(b)) {
                    out.add("ipset " + name + " " + a.size() + " -> " + b.size() + " entries");
                }
            } else if (was == null || is == null || !was.equals(is)) {
                out.add("ipset " + name + " " + (was == null ? "absent" : was.entries().size() + " entries") + " -> "
                        + (is == null ? "absent" : is.entries().size() + " entries"));
            }
        }
        return out;
    }
}
