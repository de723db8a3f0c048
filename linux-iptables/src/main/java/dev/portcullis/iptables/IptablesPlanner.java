package dev.portcullis.iptables;

import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import dev.portcullis.plan.Undo;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Plans an apply or a removal as a pure function of (policy, snapshot, settings). For each IP
 * family whose owned part must change it makes one step: one {@code iptables-restore --noflush}
 * that rewrites only the owned chains (other policies' rules are carried over word for word),
 * proven by one read-back, and undone by a second restore computed from the same snapshot. With
 * persistence on, a last step saves the verified tables for the next boot.
 */
final class IptablesPlanner {

    static final String BACKEND_ID = "linux-iptables";

    private IptablesPlanner() {
    }

    /**
     * @param policy the desired policy
     * @param snapshot the host as read once
     * @param settings tools, position, persistence
     * @param target what the plan is for, in words
     * @return the plan (empty when the host already matches)
     */
    static Plan planApply(PortPolicy policy, IptablesSnapshot snapshot, IptablesSettings settings, String target) {
        return plan(policy, false, snapshot, settings, target);
    }

    /**
     * @param policy the policy whose rules go
     * @param snapshot the host as read once
     * @param settings tools, position, persistence
     * @param target what the plan is for, in words
     * @return the plan (empty when the host holds nothing of the policy)
     */
    static Plan planRemoval(PortPolicy policy, IptablesSnapshot snapshot, IptablesSettings settings, String target) {
        return plan(policy, true, snapshot, settings, target);
    }

    private static Plan plan(PortPolicy policy, boolean removal, IptablesSnapshot snapshot, IptablesSettings settings,
            String target) {
        Plan.Builder plan = Plan.builder(BACKEND_ID, target);
        settings.notes().forEach(plan::note);
        Map<IpFamily, OwnedState> wanted = new EnumMap<>(IpFamily.class);
        // Sets: the wanted ones are filled before the rules that match them; the old ones go after.
        Map<String, OwnedIpset> liveSets = snapshot.sets().owned(policy.name());
        Map<String, OwnedIpset> wantedSets = removal ? Map.of() : IpsetSteps.wanted(policy, settings, snapshot.persisted());
        Map<String, OwnedIpset> duringSets = new TreeMap<>(liveSets);
        duringSets.keySet().removeIf(name -> name.endsWith(OwnedIpset.TEMPORARY_SUFFIX));
        duringSets.putAll(wantedSets);
        Optional<Step> fill = IpsetSteps.step(policy.name(), "fill", liveSets, duringSets);
        fill.ifPresent(plan::step);
        boolean changed = fill.isPresent();
        for (IpFamily family : IpFamily.values()) {
            List<IptablesRuleLine> mine = removal ? List.of()
                    : IptablesRuleRenderer.render(policy, family, settings.interfacesFor(policy),
                            settings.writesSets(snapshot.persisted()));
            Optional<IptablesTools> tools = settings.tools(family);
            if (tools.isEmpty()) {
                if (!mine.isEmpty()) {
                    throw new IllegalStateException("policy " + policy.name() + " has " + family
                            + " rules but the host has no ip6tables-save/ip6tables-restore");
                }
                continue;
            }
            IptablesSave tables = snapshot.tables(family);
            OwnedState live = OwnedState.of(tables);
            OwnedState to = desired(live, tables.filter(), policy.name(), mine, settings.position());
            wanted.put(family, to);
            noteNeighbours(plan, tools.get(), tables.filter(), to, settings);
            Optional<String> script = IptablesRestoreScript.between(live, to);
            if (script.isPresent()) {
                changed = true;
                String undo = IptablesRestoreScript.between(to, live).orElseThrow();
                plan.step(Step.of(describe(tools.get(), policy.name(), removal, live, to),
                        StepAction.commands(tools.get().restoreCommand(script.get())),
                        ownedStateProbe(tools.get(), to),
                        Undo.by(StepAction.commands(tools.get().restoreCommand(undo)))));
            }
        }
        Optional<Step> retire = IpsetSteps.step(policy.name(), "retire", duringSets, wantedSets);
        retire.ifPresent(plan::step);
        changed |= retire.isPresent();
        Optional<PersistenceTarget> persistence = settings.persistence();
        if (persistence.isPresent()) {
            PersistenceTarget files = persistence.get();
            PersistenceTarget.PersistedFiles before = snapshot.persisted()
                    .orElseThrow(() -> new IllegalStateException("persistence is on but the snapshot lacks the rules files"));
            boolean stale = wanted.entrySet().stream().anyMatch(e ->
                    !before.ownedState(e.getKey()).orElse(OwnedState.of(IptablesSave.empty())).equals(e.getValue()))
                    || !IpsetSteps.differences(wantedSets, before.ownedSets(policy.name())).isEmpty();
            if (changed || stale) {
                plan.step(persistStep(files, before, wanted, settings, policy.name(), wantedSets));
            }
            if (!removal && settings.ipset() && !settings.writesSets(snapshot.persisted())
                    && !IptablesRuleRenderer.sets(policy, IpFamily.IPV4).isEmpty()) {
                plan.note("rules with many sources stay one rule per source: the rules are persisted and the host's"
                        + " boot does not restore ipsets (" + files.ipsetLoader() + " is missing)");
            }
        }
        if (changed) {
            plan.rollbackCheck(unchangedSince(snapshot, settings, policy.name()));
        }
        return plan.build();
    }

    /**
     * The owned state after the policy's rules are put in: other policies' rules keep their order,
     * the policy's rules take the place of its old ones (or go last), the established/related rule
     * heads each chain that has rules, chains without rules disappear with their jumps, and a new
     * jump goes to the caller's position or, without one, where the coexistence contract puts it
     * (below every foreign guard); an existing jump stays unless the contract moves it.
     *
     * @param live the owned state the host has
     * @param filter the host's filter table (for the length of INPUT and OUTPUT)
     * @param policy the policy's name
     * @param mine the policy's lines (empty for a removal)
     * @param position where a new jump goes when the caller chose; empty: by {@link Coexistence}
     * @return the owned state to reach
     */
    static OwnedState desired(OwnedState live, IptablesSave.Table filter, String policy, List<IptablesRuleLine> mine,
            OptionalInt position) {
        Map<String, List<IptablesRuleLine>> chains = new LinkedHashMap<>();
        Map<String, List<OwnedState.Jump>> jumps = new LinkedHashMap<>();
        for (String chain : OwnedChains.CHAINS) {
            IptablesRuleLine established = OwnedChains.establishedRule(chain);
            List<IptablesRuleLine> others = new ArrayList<>();
            int insertAt = -1;
            for (IptablesRuleLine r : live.rules(chain)) {
                if (r.equals(established)) {
                    continue;
                }
                if (OwnedChains.ownedBy(r, policy)) {
                    if (insertAt < 0) {
                        insertAt = others.size();
                    }
                } else {
                    others.add(r);
                }
            }
            List<IptablesRuleLine> merged = new ArrayList<>(others);
            List<IptablesRuleLine> ours = mine.stream().filter(r -> r.chain().equals(chain)).toList();
            merged.addAll(insertAt < 0 ? merged.size() : insertAt, ours);
            if (merged.isEmpty()) {
                continue;
            }
            List<IptablesRuleLine> content = new ArrayList<>();
            content.add(established);
            content.addAll(merged);
            chains.put(chain, content);
            jumps.put(chain, jumpFor(chain, live.jumpsTo(chain), filter, content, position));
        }
        return new OwnedState(chains, jumps);
    }

    private static List<OwnedState.Jump> jumpFor(String chain, List<OwnedState.Jump> live, IptablesSave.Table filter,
            List<IptablesRuleLine> content, OptionalInt position) {
        List<IptablesRuleLine> parent = filter.rules(OwnedChains.parentOf(chain));
        if (position.isPresent()) {
            return live.isEmpty()
                    ? List.of(new OwnedState.Jump(Math.min(position.getAsInt(), parent.size() + 1), OwnedChains.jumpRule(chain)))
                    : live;
        }
        List<IptablesRuleLine> foreign = foreignRules(parent);
        if (live.size() > 1) {
            return live; // several jumps were made by hand: leave them to whoever made them
        }
        if (live.size() == 1) {
            int foreignAbove = foreignRules(parent.subList(0, live.get(0).position() - 1)).size();
            if (Coexistence.placementKeepsContract(foreign, content, filter, foreignAbove)) {
                return live;
            }
        }
        return List.of(new OwnedState.Jump(Coexistence.automaticPosition(foreign, content, filter),
                OwnedChains.jumpRule(chain)));
    }

    private static List<IptablesRuleLine> foreignRules(List<IptablesRuleLine> parent) {
        return parent.stream().filter(r -> !r.target().map(OwnedChains.CHAINS::contains).orElse(false)).toList();
    }

    /**
     * @param filter the filter table as it is
     * @param state the owned state it will have
     * @param chain an owned chain present in that state
     * @return INPUT or OUTPUT as it will be: the foreign rules with the owned jumps in their places
     */
    static List<IptablesRuleLine> parentAfter(IptablesSave.Table filter, OwnedState state, String chain) {
        List<IptablesRuleLine> parent = new ArrayList<>(foreignRules(filter.rules(OwnedChains.parentOf(chain))));
        state.jumpsTo(chain).stream().sorted(java.util.Comparator.comparingInt(OwnedState.Jump::position))
                .forEach(j -> parent.add(Math.min(j.position() - 1, parent.size()), j.rule()));
        return parent;
    }

    private static void noteNeighbours(Plan.Builder plan, IptablesTools tools, IptablesSave.Table filter, OwnedState to,
            IptablesSettings settings) {
        for (String chain : OwnedChains.CHAINS) {
            if (!to.has(chain)) {
                continue;
            }
            String where = tools.label() + " " + OwnedChains.parentOf(chain) + ": foreign rule ";
            List<Coexistence.Effect> effects = Coexistence.effects(parentAfter(filter, to, chain), chain,
                    to.rules(chain), filter);
            for (Coexistence.Effect e : effects) {
                String explicit = e.relation() == Coexistence.Relation.PRE_EMPTED && settings.position().isPresent()
                        ? " (because " + IptablesSettings.POSITION_OPTION + "=" + settings.position().getAsInt() + ")"
                        : "";
                plan.note(where + e.describe() + explicit);
            }
        }
    }

    private static String describe(IptablesTools tools, String policy, boolean removal, OwnedState from, OwnedState to) {
        List<String> parts = new ArrayList<>();
        for (String chain : OwnedChains.CHAINS) {
            if (to.has(chain) && !to.rules(chain).equals(from.rules(chain))) {
                long mine = to.rules(chain).stream().filter(r -> OwnedChains.ownedBy(r, policy)).count();
                parts.add("rewrite " + chain + " (" + mine + " rules of " + policy + ", "
                        + (to.rules(chain).size() - 1 - mine) + " of others)");
            } else if (!to.has(chain) && from.has(chain)) {
                parts.add("delete " + chain + " and its jump");
            }
            if (to.has(chain) && !to.jumpsTo(chain).equals(from.jumpsTo(chain))) {
                to.jumpsTo(chain).stream().filter(j -> !from.jumpsTo(chain).contains(j)).forEach(j ->
                        parts.add("jump from " + OwnedChains.parentOf(chain) + " at position " + j.position()));
            }
        }
        return tools.label() + ": " + (removal ? "remove " : "apply ") + policy + ": " + String.join("; ", parts)
                + " (one " + tools.restore() + " --noflush)";
    }

    /**
     * @param tools the family's tools
     * @param expected the owned state the step must leave
     * @return a probe that reads the family's tables once and compares the owned part
     */
    static Probe ownedStateProbe(IptablesTools tools, OwnedState expected) {
        Command read = tools.saveCommand();
        return Probe.of(tools.label() + " owned chains read back as planned", read, result -> {
            if (!result.isSuccess()) {
                return ProbeResult.failed("could not read back: " + result);
            }
            OwnedState actual;
            try {
                actual = OwnedState.of(IptablesSave.parse(result.stdout()));
            } catch (IllegalArgumentException e) {
                return ProbeResult.failed(tools.save() + " printed something unexpected: " + e.getMessage());
            }
            if (actual.equals(expected)) {
                return ProbeResult.ok(tools.label() + ": owned chains as planned ("
                        + actual.chains().values().stream().mapToInt(List::size).sum() + " rules)");
            }
            return ProbeResult.failed(tools.label() + ": owned chains differ from the plan: expected " + expected
                    + ", found " + actual);
        });
    }

    private static Step persistStep(PersistenceTarget files, PersistenceTarget.PersistedFiles before,
            Map<IpFamily, OwnedState> wanted, IptablesSettings settings, String policy, Map<String, OwnedIpset> sets) {
        List<Command> save = new ArrayList<>();
        save.add(Command.of("mkdir", "-p", "--", files.directory()));
        List<Command> undo = new ArrayList<>();
        // The boot restores the sets before the rules that match them: the policy's sets are saved with the rules.
        boolean setsChange = !IpsetSteps.differences(sets, before.ownedSets(policy)).isEmpty();
        if (setsChange) {
            save.add(Command.builder("dd").args("of=" + files.ipsetFile(), "status=none")
                    .stdin(PersistenceTarget.ipsetFileWith(before.ipsets(), policy, sets.values())).build());
            undo.addAll(PersistenceTarget.restoreCommands(files.ipsetFile(), before.ipsets()));
        }
        for (IpFamily family : wanted.keySet()) {
            IptablesTools tools = settings.tools(family).orElseThrow();
            save.add(tools.saveToFile(files.file(family)));
            undo.addAll(files.restoreCommands(family, before.content(family)));
        }
        Probe probe = Probe.of("saved rules files hold the verified owned chains", files.readCommand(), result -> {
            PersistenceTarget.PersistedFiles now = files.parse(result.stdout(), result.stderr());
            for (Map.Entry<IpFamily, OwnedState> e : wanted.entrySet()) {
                Optional<OwnedState> saved = now.ownedState(e.getKey());
                if (saved.isEmpty() || !saved.get().equals(e.getValue())) {
                    return ProbeResult.failed(files.file(e.getKey()) + " does not hold the owned chains as applied");
                }
            }
            List<String> setDifferences = IpsetSteps.differences(sets, now.ownedSets(policy));
            if (!setDifferences.isEmpty()) {
                return ProbeResult.failed(files.ipsetFile() + " does not hold the owned sets as applied: " + setDifferences);
            }
            return ProbeResult.ok("saved to " + files.v4File() + (wanted.containsKey(IpFamily.IPV6) ? " and " + files.v6File() : "")
                    + (setsChange ? " and " + files.ipsetFile() : ""));
        });
        return Step.of("persist: save the verified tables to " + files.v4File()
                + (wanted.containsKey(IpFamily.IPV6) ? " and " + files.v6File() : "")
                + (setsChange ? " and the policy's " + sets.size() + " ipsets to " + files.ipsetFile() : "") + " for the next boot",
                StepAction.commands(save), probe, Undo.by(StepAction.commands(undo)));
    }

    /**
     * @param snapshot the host before the apply
     * @param settings the tools
     * @param owner the policy whose sets must also hold the same members as in the snapshot
     * @return a check that reads every family's tables again and compares them in full with the
     *     snapshot, counters aside, and the host's ipsets: the same names, and the owner's sets
     *     member by member (foreign sets' members change on their own: fail2ban bans)
     */
    static Probe unchangedSince(IptablesSnapshot snapshot, IptablesSettings settings, String owner) {
        List<IptablesTools> all = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            settings.tools(family).ifPresent(all::add);
        }
        return new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                List<String> differences = new ArrayList<>();
                for (IptablesTools tools : all) {
                    CommandResult r = context.execute(tools.saveCommand());
                    if (!r.isSuccess()) {
                        return ProbeResult.failed("could not read " + tools.label() + ": " + r);
                    }
                    List<String> diff = snapshot.tables(tools.family()).differencesTo(IptablesSave.parse(r.stdout()));
                    diff.forEach(d -> differences.add(tools.label() + " " + d));
                }
                if (settings.ipset()) {
                    CommandResult r = context.execute(IpsetSteps.saveCommand());
                    if (!r.isSuccess()) {
                        return ProbeResult.failed("could not read the ipsets: " + r);
                    }
                    IpsetSave now = IpsetSave.parse(r.stdout());
                    if (!now.sets().keySet().equals(snapshot.sets().sets().keySet())) {
                        differences.add("ipset names differ: before " + snapshot.sets().sets().keySet() + ", now "
                                + now.sets().keySet());
                    }
                    differences.addAll(IpsetSteps.differences(snapshot.sets().owned(owner), now.owned(owner)));
                }
                return differences.isEmpty()
                        ? ProbeResult.ok("iptables-save and ip6tables-save equal the snapshot (counters aside)")
                        : ProbeResult.failed("tables differ from the snapshot: " + String.join("; ", differences));
            }

            @Override
            public String description() {
                return "every table equals the snapshot, counters aside";
            }

            @Override
            public List<Command> commands() {
                List<Command> reads = new ArrayList<>(all.stream().map(IptablesTools::saveCommand).toList());
                if (settings.ipset()) {
                    reads.add(IpsetSteps.saveCommand());
                }
                return reads;
            }
        };
    }
}
