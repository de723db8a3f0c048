package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.Undo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans the steps that bring one zone to a policy's {@link FirewalldRules}, as a pure function of
 * (desired, snapshot). Removal is the same plan towards {@link FirewalldRules#none(String)}.
 *
 * <p>While firewalld runs, a plan has at most two steps, each ONE process ({@link FirewalldClient}:
 * {@code python3} with firewalld's own D-Bus client), whatever the number of rules:
 * <ol>
 *   <li>runtime zone: remove stale owned rich rules and services, add the missing ones, in the
 *       {@link RuntimeForm} (ports written out where the runtime does not know the service),
 *       and rewrite the {@link RuntimeRecord} of the untagged rules added;
 *   <li>permanent zone: define the owned services the policy needs and does not have, write the
 *       zone's settings once, delete the owned services no longer used.
 * </ol>
 * Each step has a probe that reads its configuration back (one client call) and an exact inverse
 * as its undo (one client call). While firewalld is stopped, there is no runtime step and
 * {@code firewall-offline-cmd} defines services, changes the zone and deletes services, one step
 * each.
 *
 * <p>No step runs {@code --reload} (nor does any undo): a reload resets the runtime of every zone
 * to the permanent configuration and so drops fail2ban's bans, runtime rules, direct rules and
 * runtime ipset entries that are not Portcullis's to drop. The one exception is a large
 * allowlist's owned ipset ({@link IpsetWork}) new to the runtime, which only a reload brings there:
 * then the permanent step goes first, and the runtime step's one process captures the runtime,
 * reloads and puts every runtime-only state back, or refuses before reloading where it could not.
 */
final class FirewalldPlanner {

    private FirewalldPlanner() {
    }

    /**
     * @param backend the backend id
     * @param target what the plan provisions, in words
     * @param desired what the policy should own
     * @param snapshot the host before
     * @return the plan
     */
    static Plan plan(String backend, String target, FirewalldRules desired, FirewalldSnapshot snapshot) {
        String policy = desired.policy();
        String zone = snapshot.zone();
        boolean running = snapshot.running();
        FirewallCmd permanent = FirewallCmd.of(running ? FirewallCmd.Config.PERMANENT : FirewallCmd.Config.OFFLINE);
        Plan.Builder plan = Plan.builder(backend, target);
        desired.notes().forEach(plan::note);
        if (!running) {
            plan.note("firewalld is not running: only the permanent configuration is changed (with firewall-offline-cmd);"
                    + " the runtime is unchanged until firewalld starts");
        }

        List<OwnedService> toDefine = new ArrayList<>();
        for (OwnedService s : desired.services().values()) {
            if (!snapshot.permanentServices().contains(s.name())) {
                toDefine.add(s);
            }
        }
        ZoneChange permanentChange = ZoneChange.between(snapshot.permanent(), desired);
        Set<String> stale = new TreeSet<>(snapshot.ownedPermanentServices(policy));
        stale.removeAll(desired.services().keySet());
        if (running) {
            IpsetWork sets = IpsetWork.of(desired, snapshot);
            Set<String> loaded = new TreeSet<>(snapshot.runtimeServices());
            if (sets.reloads()) {
                // The reload that brings a new set to the runtime also loads the permanent services.
                loaded.addAll(snapshot.permanentServices());
                loaded.addAll(desired.services().keySet());
                loaded.removeAll(stale);
            }
            FirewalldRules runtimeForm = RuntimeForm.of(desired, loaded);
            Set<String> recorded = snapshot.recordedAndLive();
            ZoneChange change = ZoneChange.between(snapshot.runtime().orElseThrow(), runtimeForm, recorded);
            Optional<Step> runtimeStep = change.isEmpty() && sets.runtime().isEmpty() ? Optional.empty()
                    : Optional.of(runtimeStep(zone, change, runtimeForm, snapshot.runtimeRecord(), recorded, sets));
            Optional<Step> permanentStep = toDefine.isEmpty() && permanentChange.isEmpty() && stale.isEmpty()
                    && sets.permanent().isEmpty() && sets.deleted().isEmpty() ? Optional.empty()
                    : Optional.of(permanentStep(zone, permanentChange, toDefine, stale, desired, sets));
            // A new set must exist in the permanent configuration before the runtime's reload can load it.
            if (sets.reloads()) {
                permanentStep.ifPresent(plan::step);
                runtimeStep.ifPresent(plan::step);
            } else {
                runtimeStep.ifPresent(plan::step);
                permanentStep.ifPresent(plan::step);
            }
            if (runtimeStep.isPresent() || permanentStep.isPresent()) {
                plan.note("each step is one python3 process running Portcullis's firewalld client "
                        + FirewalldClient.SHOWN_PROGRAM + " (a resource of portcullis-linux-firewalld): it reads the"
                        + " JSON request shown and makes it through firewalld's own D-Bus client module"
                        + (sets.reloads() ? "; the runtime step reloads firewalld once, because firewalld creates ipsets"
                                + " in the permanent configuration only, and puts back every runtime-only state the"
                                + " reload drops (it refuses, changing nothing, where it could not)" : ", never reloading"));
            }
        } else {
            if (!toDefine.isEmpty()) {
                plan.step(defineServices(permanent, toDefine, policy));
            }
            if (!permanentChange.isEmpty()) {
                plan.step(zoneStep(permanent, zone, permanentChange, desired));
            }
            if (!stale.isEmpty()) {
                plan.step(deleteServices(permanent, stale, policy));
            }
        }
        plan.rollbackCheck(FirewalldProbes.asBefore(snapshot, policy));
        return plan.build();
    }

    /**
     * The runtime change in one client call, and the record of the untagged rules it adds: the
     * rules it removes or finds gone leave the record, the ones it adds join it. The undo is the
     * inverse change with the old record.
     */
    private static Step runtimeStep(String zone, ZoneChange change, FirewalldRules runtimeForm, Set<String> recordBefore,
            Set<String> recordedAndLive, IpsetWork sets) {
        String policy = runtimeForm.policy();
        Set<String> record = new TreeSet<>(recordedAndLive);
        record.removeAll(change.removeRichRules());
        change.addRichRules().stream().filter(r -> !RuntimeForm.tagged(r)).forEach(record::add);
        boolean rewrite = !record.equals(recordBefore);
        Optional<FirewalldClient.RecordWrite> write = rewrite ? Optional.of(new FirewalldClient.RecordWrite(policy, record))
                : Optional.empty();
        Optional<FirewalldClient.RecordWrite> restore = rewrite
                ? Optional.of(new FirewalldClient.RecordWrite(policy, recordBefore)) : Optional.empty();
        List<String> parts = new ArrayList<>();
        if (sets.reloads()) {
            parts.add("one reload keeping the runtime (a new ipset)");
        }
        if (!sets.runtime().isEmpty()) {
            parts.add(sets.describe(sets.runtime(), sets.runtimeBefore()));
        }
        if (!change.isEmpty()) {
            parts.add(change.summary());
        }
        String description = "runtime zone " + zone + ": " + String.join(", ", parts)
                + (rewrite ? ", record of " + record.size() + " untagged rules" : "") + " (policy " + policy + ")";
        String what = "change the runtime zone " + zone;
        return Step.of(description,
                FirewalldClientAction.of(what, FirewalldClient.change(FirewallCmd.Config.RUNTIME, zone, change, List.of(),
                        List.of(), write, sets.runtime(), List.of())),
                FirewalldProbes.clientZoneOwns(FirewallCmd.Config.RUNTIME, zone, runtimeForm, record, Set.of(), Set.of(),
                        sets.runtime(), Set.of()),
                Undo.by(FirewalldClientAction.of("undo the change of the runtime zone " + zone,
                        FirewalldClient.change(FirewallCmd.Config.RUNTIME, zone, change.inverse(), List.of(), List.of(),
                                restore, sets.runtimeBefore(), List.of()))));
    }

    /**
     * The permanent change in one client call: define the missing owned services, write the zone
     * once, delete the owned services no longer used. The undo re-creates the deleted services from
     * their names, writes the zone back and deletes the services it defined.
     */
    private static Step permanentStep(String zone, ZoneChange change, List<OwnedService> toDefine, Set<String> stale,
            FirewalldRules desired, IpsetWork sets) {
        String policy = desired.policy();
        List<OwnedService> recreate = new ArrayList<>();
        stale.forEach(name -> OwnedService.parse(policy, name).ifPresent(recreate::add));
        Set<String> defined = new TreeSet<>();
        toDefine.forEach(s -> defined.add(s.name()));
        List<String> parts = new ArrayList<>();
        if (!toDefine.isEmpty()) {
            parts.add("define " + count(toDefine.size(), "owned service"));
        }
        if (!sets.permanent().isEmpty()) {
            parts.add(sets.describe(sets.permanent(), sets.permanentBefore()));
        }
        if (!change.isEmpty()) {
            parts.add(change.summary());
        }
        if (!stale.isEmpty()) {
            parts.add("delete " + count(stale.size(), "owned service") + " no longer used");
        }
        if (!sets.deleted().isEmpty()) {
            parts.add("delete " + count(sets.deleted().size(), "owned ipset") + " no longer used");
        }
        String description = "permanent zone " + zone + ": " + String.join(", ", parts) + " (policy " + policy + ")";
        return Step.of(description,
                FirewalldClientAction.of("change the permanent zone " + zone,
                        FirewalldClient.change(FirewallCmd.Config.PERMANENT, zone, change, toDefine, stale, Optional.empty(),
                                sets.permanent(), sets.deleted().keySet())),
                FirewalldProbes.clientZoneOwns(FirewallCmd.Config.PERMANENT, zone, desired, Set.of(),
                        desired.services().keySet(), stale, sets.permanent(), sets.deleted().keySet()),
                Undo.by(FirewalldClientAction.of("undo the change of the permanent zone " + zone,
                        FirewalldClient.change(FirewallCmd.Config.PERMANENT, zone, change.inverse(), recreate, defined,
                                Optional.empty(), sets.permanentBefore(), sets.created()))));
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static Step defineServices(FirewallCmd permanent, List<OwnedService> services, String policy) {
        List<Command> commands = new ArrayList<>();
        List<Command> undo = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (OwnedService s : services) {
            commands.addAll(permanent.defineService(s));
            undo.add(permanent.deleteService(s.name()));
            names.add(s.name());
        }
        String description = "define " + services.size() + " owned service" + (services.size() == 1 ? "" : "s")
                + " of policy " + policy + " (permanent; no reload: the runtime gets the ports written out)";
        return Step.of(description, FirewallCmdAction.of(commands), FirewalldProbes.services(permanent, names, true),
                Undo.by(FirewallCmdAction.of(undo)));
    }

    /** Offline: the zone change as firewall-offline-cmd batches, one per kind of option. */
    private static Step zoneStep(FirewallCmd cmd, String zone, ZoneChange change, FirewalldRules desired) {
        String description = cmd.config().where() + " zone " + zone + ": " + change.summary() + " (policy "
                + desired.policy() + ")";
        return Step.of(description, FirewallCmdAction.of(change.commands(cmd, zone)),
                FirewalldProbes.zoneOwns(cmd, zone, desired, Set.of()),
                Undo.by(FirewallCmdAction.of(change.inverse().commands(cmd, zone))));
    }

    private static Step deleteServices(FirewallCmd permanent, Set<String> stale, String policy) {
        List<Command> commands = new ArrayList<>();
        List<Command> undo = new ArrayList<>();
        for (String name : stale) {
            commands.add(permanent.deleteService(name));
            // The name says what the service held, so it can be re-created exactly.
            OwnedService.parse(policy, name).ifPresent(s -> undo.addAll(permanent.defineService(s)));
        }
        String description = "delete " + stale.size() + " owned service" + (stale.size() == 1 ? "" : "s")
                + " of policy " + policy + " no longer used (permanent)";
        return Step.of(description, FirewallCmdAction.of(commands), FirewalldProbes.services(permanent, stale, false),
                undo.isEmpty() ? Undo.by(StepAction.commands(List.of())) : Undo.by(FirewallCmdAction.of(undo)));
    }
}
