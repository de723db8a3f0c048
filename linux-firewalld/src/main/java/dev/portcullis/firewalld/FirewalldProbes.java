package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
     * After a rollback: the zone's runtime and permanent listings, the policy's runtime record and
     * its permanent services are as in the snapshot the plan was made from.
     *
     * @param snapshot the state before
     * @param policy the policy name
     * @return the check
     */
    static Probe asBefore(FirewalldSnapshot snapshot, String policy) {
        FirewallCmd permanent = FirewallCmd.of(snapshot.running() ? FirewallCmd.Config.PERMANENT : FirewallCmd.Config.OFFLINE);
        Optional<FirewallCmd> runtime = snapshot.running() ? Optional.of(FirewallCmd.of(FirewallCmd.Config.RUNTIME))
                : Optional.empty();
        String zone = snapshot.zone();
        String description = "zone " + zone + " (runtime and permanent) and the owned services are as before";
        return new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                List<String> differences = new ArrayList<>();
                if (runtime.isPresent()) {
                    compare(context, runtime.get().listAll(zone), snapshot.runtime().orElseThrow(), "runtime", differences);
                }
                compare(context, permanent.listAll(zone), snapshot.permanent(), "permanent", differences);
                if (runtime.isPresent()) {
                    Set<String> record = RuntimeRecord.parse(context.run(RuntimeRecord.read(zone, policy)).stdout());
                    if (!record.equals(snapshot.runtimeRecord())) {
                        differences.add("runtime record " + snapshot.runtimeRecord() + " -> " + record);
                    }
                }
                CommandResult s = context.run(permanent.services());
                Set<String> owned = FirewalldSnapshot.owned(FirewalldSnapshot.words(s.stdout()), policy);
                if (!owned.equals(snapshot.ownedPermanentServices(policy))) {
                    differences.add("owned permanent services " + snapshot.ownedPermanentServices(policy) + " -> " + owned);
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
                List<Command> out = new ArrayList<>();
                runtime.ifPresent(c -> out.add(c.listAll(zone)));
                out.add(permanent.listAll(zone));
                runtime.ifPresent(c -> out.add(RuntimeRecord.read(zone, policy)));
                out.add(permanent.services());
                return out;
            }
        };
    }

    private static void compare(StepContext context, Command list, ZoneListing before, String where, List<String> out) {
        ZoneListing now = ZoneListing.parse(context.run(list).stdout());
        for (String d : now.differencesFrom(before)) {
            out.add(where + " " + d);
        }
    }
}
