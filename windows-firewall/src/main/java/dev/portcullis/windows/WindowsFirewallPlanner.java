package dev.portcullis.windows;

import dev.portcullis.plan.Drift;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pure part of the backend: from the desired rules and a snapshot of the group, what changes
 * ({@link #changes}) or what differs ({@link #drifts}). Runs nothing.
 */
public final class WindowsFirewallPlanner {

    private WindowsFirewallPlanner() {
    }

    /**
     * @param desired the policy's rules
     * @param snapshot the group as the host has it
     * @return rules to create, update in place, and remove; empty when converged
     */
    public static WindowsFirewallChanges changes(List<WindowsRule> desired, WindowsFirewallSnapshot snapshot) {
        List<WindowsRule> creates = new ArrayList<>();
        List<WindowsRule> updates = new ArrayList<>();
        for (WindowsRule want : desired) {
            Optional<WindowsRule> have = snapshot.rule(want.name());
            if (have.isEmpty()) {
                creates.add(want);
            } else if (!WindowsRuleComparison.differences(want, have.get()).isEmpty()) {
                updates.add(want);
            }
        }
        List<String> wanted = desired.stream().map(WindowsRule::name).toList();
        List<String> removals = snapshot.names().stream().filter(n -> !wanted.contains(n)).toList();
        return new WindowsFirewallChanges(creates, updates, removals);
    }

    /**
     * @param desired the policy's rules
     * @param snapshot the group as the host has it
     * @return every difference, one per rule setting; empty when converged
     */
    public static List<Drift> drifts(List<WindowsRule> desired, WindowsFirewallSnapshot snapshot) {
        List<Drift> drifts = new ArrayList<>();
        String where = "windows-firewall " + snapshot.group();
        for (WindowsRule want : desired) {
            Optional<WindowsRule> have = snapshot.rule(want.name());
            if (have.isEmpty()) {
                drifts.add(new Drift("rule " + want.name(), "present (" + want.displayName() + ")", "absent", where));
                continue;
            }
            for (WindowsRuleComparison.Difference d : WindowsRuleComparison.differences(want, have.get())) {
                drifts.add(new Drift("rule " + want.name() + " " + d.setting(), d.expected(), d.found(), where));
            }
        }
        List<String> wanted = desired.stream().map(WindowsRule::name).toList();
        for (WindowsRule extra : snapshot.rules()) {
            if (!wanted.contains(extra.name())) {
                drifts.add(new Drift("rule " + extra.name(), "absent", "present (" + extra.displayName() + ")", where));
            }
        }
        return drifts;
    }
}
