package dev.portcullis.iptables;

import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.Undo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The plan steps that own a policy's ipsets. Each is one {@code ipset restore} (one process
 * whatever the number of sets and members), proven by one {@code ipset save} compared set by set
 * and member by member with the plan, and undone by a second restore computed from the same
 * snapshot. Sets are created and filled before the rules that match them, and destroyed after
 * the rules that matched them are gone (the kernel refuses to destroy a set a rule still uses).
 */
final class IpsetSteps {

    private IpsetSteps() {
    }

    /**
     * @param policy the policy
     * @param settings the host's tools
     * @return the sets the policy's rules match, by name, the rules not persisted
     */
    static Map<String, OwnedIpset> wanted(PortPolicy policy, IptablesSettings settings) {
        return wanted(policy, settings, java.util.Optional.empty());
    }

    /**
     * @param policy the policy
     * @param settings the host's tools
     * @param persisted the saved files, when persistence is on
     * @return the sets the policy's rules match, by name (none when the host has no ipset tool, or
     *     the rules are persisted and the boot does not restore ipsets)
     */
    static Map<String, OwnedIpset> wanted(PortPolicy policy, IptablesSettings settings,
            java.util.Optional<PersistenceTarget.PersistedFiles> persisted) {
        Map<String, OwnedIpset> wanted = new TreeMap<>();
        if (settings.writesSets(persisted)) {
            for (IpFamily family : IpFamily.values()) {
                if (settings.tools(family).isPresent()) {
                    wanted.putAll(IptablesRuleRenderer.sets(policy, family));
                }
            }
        }
        return wanted;
    }

    /** @return the one read of every set on the host */
    static Command saveCommand() {
        return Command.of(IptablesSettings.IPSET, "save");
    }

    /**
     * @param script an {@code ipset restore} input
     * @return the command that runs it in one process
     */
    static Command restoreCommand(String script) {
        return Command.builder(IptablesSettings.IPSET).arg("restore").stdin(script).build();
    }

    /**
     * @param file an {@code ipset restore} input saved on the host
     * @return the argv that runs it later without standard input (the armed revert's chain has
     *     none); {@code -exist} accepts a set or member already as the input makes it
     */
    static List<String> restoreFileArgv(String file) {
        return List.of(IptablesSettings.IPSET, "-exist", "-file", file, "restore");
    }

    /**
     * @param policy the policy's name
     * @param what what the step does, in words
     * @param from the policy's sets before the step
     * @param to the policy's sets after it
     * @return the step, or empty when the sets are already so
     */
    static Optional<Step> step(String policy, String what, Map<String, OwnedIpset> from, Map<String, OwnedIpset> to) {
        return IpsetRestoreScript.between(from, to).map(script -> Step.of(
                "ipset: " + what + " " + describe(from, to) + " (one ipset restore)",
                StepAction.commands(restoreCommand(script)),
                probe(policy, to),
                Undo.by(StepAction.commands(restoreCommand(IpsetRestoreScript.between(to, from).orElseThrow())))));
    }

    /**
     * @param policy the policy's name
     * @param expected the sets it must own, by name
     * @return a probe that reads every set once and compares the policy's with the expected ones
     */
    static Probe probe(String policy, Map<String, OwnedIpset> expected) {
        return Probe.of("ipset: the sets of " + policy + " read back as planned", saveCommand(), result -> {
            if (!result.isSuccess()) {
                return ProbeResult.failed("could not read the ipsets back: " + result);
            }
            Map<String, OwnedIpset> actual;
            try {
                actual = IpsetSave.parse(result.stdout()).owned(policy);
            } catch (IllegalArgumentException e) {
                return ProbeResult.failed("ipset save printed something unexpected: " + e.getMessage());
            }
            List<String> differences = differences(expected, actual);
            return differences.isEmpty()
                    ? ProbeResult.ok("ipset: " + expected.size() + " sets of " + policy + " as planned")
                    : ProbeResult.failed("ipset: " + String.join("; ", differences));
        });
    }

    /**
     * @param expected the sets that should be, by name
     * @param actual the sets that are, by name
     * @return each difference in words (a missing or extra set, members missing or extra)
     */
    static List<String> differences(Map<String, OwnedIpset> expected, Map<String, OwnedIpset> actual) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        for (String name : names) {
            OwnedIpset e = expected.get(name);
            OwnedIpset a = actual.get(name);
            if (a == null) {
                differences.add("set " + e + " is missing");
            } else if (e == null) {
                differences.add("set " + a + " should not exist");
            } else if (!e.sameContent(a)) {
                long missing = e.members().stream().filter(m -> !a.members().contains(m)).count();
                long extra = a.members().stream().filter(m -> !e.members().contains(m)).count();
                differences.add("set " + name + " lacks " + missing + " and has " + extra + " networks it should not"
                        + (e.family() != a.family() ? " and holds " + a.family() + " instead of " + e.family() : ""));
            }
        }
        return differences;
    }

    private static String describe(Map<String, OwnedIpset> from, Map<String, OwnedIpset> to) {
        List<String> parts = new ArrayList<>();
        from.keySet().stream().filter(n -> !to.containsKey(n)).forEach(n -> parts.add("destroy " + from.get(n)));
        to.values().forEach(set -> {
            OwnedIpset old = from.get(set.name());
            if (old == null) {
                parts.add("create " + set);
            } else if (!old.sameContent(set) && IpsetRestoreScript.inPlace(old, set)) {
                parts.add("change " + set.name() + " in place (" + IpsetRestoreScript.added(old, set).size()
                        + " added, " + IpsetRestoreScript.added(set, old).size() + " deleted)");
            } else if (!old.sameContent(set)) {
                parts.add("swap in a new " + set);
            }
        });
        return String.join(", ", parts);
    }
}
