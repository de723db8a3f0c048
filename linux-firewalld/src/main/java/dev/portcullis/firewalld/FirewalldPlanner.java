package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.Undo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans the steps that bring one zone to a policy's {@link FirewalldRules}, as a pure function of
 * (desired, snapshot). Removal is the same plan towards {@link FirewalldRules#none(String)}.
 *
 * <p>Steps, each present only when needed, in this order:
 * <ol>
 *   <li>define the owned services the policy needs and does not have (permanent only);
 *   <li>runtime zone: remove stale owned rich rules and services, add the missing ones, in the
 *       {@link RuntimeForm} (ports written out where the runtime does not know the service),
 *       and update the {@link RuntimeRecord} of the untagged rules added;
 *   <li>permanent zone: the same against the permanent listing;
 *   <li>delete the owned services no longer used (permanent).
 * </ol>
 * Each step has a probe that reads its configuration back and an exact inverse as its undo. While
 * firewalld is stopped, step 2 does not exist and {@code firewall-offline-cmd} does the rest.
 *
 * <p>No step ever runs {@code --reload} (nor does any undo): a reload resets the runtime of every
 * zone to the permanent configuration and so drops fail2ban's bans, runtime rules, direct rules
 * and runtime ipset entries that are not Portcullis's to drop.
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
        FirewallCmd runtime = FirewallCmd.of(FirewallCmd.Config.RUNTIME);
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
        if (!toDefine.isEmpty()) {
            plan.step(defineServices(permanent, toDefine, policy));
        }
        if (running) {
            FirewalldRules runtimeForm = RuntimeForm.of(desired, snapshot.runtimeServices());
            Set<String> recorded = snapshot.recordedAndLive();
            ZoneChange change = ZoneChange.between(snapshot.runtime().orElseThrow(), runtimeForm, recorded);
            if (!change.isEmpty()) {
                plan.step(runtimeStep(zone, change, runtimeForm, snapshot.runtimeRecord(), recorded));
            }
        }
        ZoneChange permanentChange = ZoneChange.between(snapshot.permanent(), desired);
        if (!permanentChange.isEmpty()) {
            plan.step(zoneStep(permanent, zone, permanentChange, desired));
        }
        Set<String> stale = new TreeSet<>(snapshot.ownedPermanentServices(policy));
        stale.removeAll(desired.services().keySet());
        if (!stale.isEmpty()) {
            plan.step(deleteServices(permanent, stale, policy));
        }
        plan.rollbackCheck(FirewalldProbes.asBefore(snapshot, policy));
        return plan.build();
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

    /**
     * The runtime change, and the record of the untagged rules it adds: the rules it removes or
     * finds gone leave the record, the ones it adds join it. The undo puts the old record back.
     */
    private static Step runtimeStep(String zone, ZoneChange change, FirewalldRules runtimeForm, Set<String> recordBefore,
            Set<String> recordedAndLive) {
        FirewallCmd runtime = FirewallCmd.of(FirewallCmd.Config.RUNTIME);
        Set<String> record = new TreeSet<>(recordedAndLive);
        record.removeAll(change.removeRichRules());
        change.addRichRules().stream().filter(r -> !RuntimeForm.tagged(r)).forEach(record::add);
        List<Command> commands = new ArrayList<>(change.commands(runtime, zone));
        List<Command> undo = new ArrayList<>(change.inverse().commands(runtime, zone));
        if (!record.equals(recordBefore)) {
            commands.addAll(RuntimeRecord.write(zone, runtimeForm.policy(), record));
            undo.addAll(RuntimeRecord.write(zone, runtimeForm.policy(), recordBefore));
        }
        String description = "runtime zone " + zone + ": " + change.summary() + " (policy " + runtimeForm.policy() + ")";
        return Step.of(description, FirewallCmdAction.of(commands),
                FirewalldProbes.zoneOwns(runtime, zone, runtimeForm, record),
                Undo.by(FirewallCmdAction.of(undo)));
    }

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
