package dev.portcullis.windows;

import java.util.List;

/**
 * What a plan changes in a policy's group: rules to create, rules to update in place (by name, with
 * their desired settings), and rules to remove (by name).
 *
 * @param creates rules the group lacks
 * @param updates rules the group has with other settings, as they should become
 * @param removals names of rules in the group the policy no longer has
 */
public record WindowsFirewallChanges(List<WindowsRule> creates, List<WindowsRule> updates, List<String> removals) {

    /** @param creates c @param updates u @param removals r */
    public WindowsFirewallChanges {
        creates = List.copyOf(creates);
        updates = List.copyOf(updates);
        removals = List.copyOf(removals);
    }

    /** @return whether nothing changes */
    public boolean isEmpty() {
        return creates.isEmpty() && updates.isEmpty() && removals.isEmpty();
    }

    /** @return "2 new, 1 updated, 0 removed" */
    public String summary() {
        return creates.size() + " new, " + updates.size() + " updated, " + removals.size() + " removed";
    }
}
