package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.Undo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans the steps that bring one zone to a policy's {@link FirewalldRules}, as a pure function of
 * (desired, snapshot). Removal is the same plan towards {@link FirewalldRules#none(String)}.
 *
 * <p>Steps, each present only when needed, in this order:
 * <ol>
 *   <li>define the owned services the policy needs and does not have (permanent), then
 *       {@code --reload} so the runtime knows them: firewalld cannot create a service at runtime;
 *   <li>runtime zone: remove stale owned rich rules and services, add the missing ones;
 *   <li>permanent zone: the same against the permanent listing;
 *   <li>delete the owned services no longer used (permanent).
 * </ol>
 * Each step has a probe that reads its configuration back and an exact inverse as its undo. While
 * firewalld is stopped, step 1 has no reload, step 2 does not exist, and {@code firewall-offline-cmd}
 * does the rest.
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
        Set<String> notLoaded = new TreeSet<>();
        if (running) {
            for (String name : desired.services().keySet()) {
                if (!snapshot.runtimeServices().contains(name)) {
                    notLoaded.add(name);
                }
            }
        }
        boolean reload = !notLoaded.isEmpty();
        // After a reload the runtime zone is the permanent one: plan the runtime change from there.
        ZoneListing runtimeBefore = reload ? snapshot.permanent() : snapshot.runtime().orElse(null);
        if (reload) {
            List<String> lost = snapshot.runtime().orElseThrow().withoutOwnedBy(policy)
                    .differencesFrom(snapshot.permanent().withoutOwnedBy(policy));
            if (!lost.isEmpty()) {
                plan.note("the --reload that loads the new services resets the runtime of zone " + zone
                        + " to its permanent configuration; these runtime-only changes are lost: " + lost);
            }
        }
        if (!toDefine.isEmpty() || reload) {
            plan.step(defineServices(permanent, toDefine, notLoaded, policy));
        }
        if (running) {
            ZoneChange change = ZoneChange.between(runtimeBefore, desired);
            if (!change.isEmpty()) {
                plan.step(zoneStep(runtime, zone, change, desired));
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

    private static Step defineServices(FirewallCmd permanent, List<OwnedService> services, Set<String> notLoaded,
            String policy) {
        boolean reload = !notLoaded.isEmpty();
        List<Command> commands = new ArrayList<>();
        List<Command> undo = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (OwnedService s : services) {
            commands.addAll(permanent.defineService(s));
            undo.add(permanent.deleteService(s.name()));
            names.add(s.name());
        }
        if (reload) {
            commands.add(FirewallCmd.reload());
            if (!services.isEmpty()) {
                undo.add(FirewallCmd.reload());
            }
        }
        String description = (services.isEmpty() ? "" : "define " + services.size() + " owned service"
                + (services.size() == 1 ? "" : "s") + " of policy " + policy + " (permanent)")
                + (reload ? (services.isEmpty() ? "" : ", then ") + "reload firewalld so that its runtime knows them" : "");
        FirewallCmd reader = reload ? FirewallCmd.of(FirewallCmd.Config.RUNTIME) : permanent;
        Set<String> expected = new TreeSet<>(names);
        expected.addAll(notLoaded);
        Probe probe = FirewalldProbes.services(reader, expected, true);
        // A reload alone loads services the permanent configuration already had: nothing to take back.
        return Step.of(description, FirewallCmdAction.of(commands), probe, Undo.by(FirewallCmdAction.of(undo)));
    }

    private static Step zoneStep(FirewallCmd cmd, String zone, ZoneChange change, FirewalldRules desired) {
        String description = cmd.config().where() + " zone " + zone + ": " + change.summary() + " (policy "
                + desired.policy() + ")";
        return Step.of(description, FirewallCmdAction.of(change.commands(cmd, zone)),
                FirewalldProbes.zoneOwns(cmd, zone, desired),
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
