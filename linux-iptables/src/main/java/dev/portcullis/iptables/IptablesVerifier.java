package dev.portcullis.iptables;

import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.plan.Drift;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a policy with one snapshot of the host, read-only, and names every difference: an
 * owned rule deleted or changed by hand, an owned chain or its jump gone, the established rule
 * moved, a foreign accept or default deny above the jump that takes the decision for an owned
 * rule's traffic (shadowing), and a foreign guard below the jump that the owned rules pre-empt.
 * A guard above the jump is the coexistence contract at work, not drift: it is named among the
 * findings ({@link #neighbourFindings}).
 */
final class IptablesVerifier {

    private IptablesVerifier() {
    }

    /**
     * @param policy the desired policy
     * @param snapshot the host as read once
     * @param settings tools and persistence
     * @return every difference (empty: converged)
     */
    static List<Drift> drifts(PortPolicy policy, IptablesSnapshot snapshot, IptablesSettings settings) {
        List<Drift> drifts = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            List<IptablesRuleLine> mine = IptablesRuleRenderer.render(policy, family, settings.interfacesFor(policy),
                    settings.writesSets(snapshot.persisted()));
            Optional<IptablesTools> tools = settings.tools(family);
            if (tools.isEmpty()) {
                if (!mine.isEmpty()) {
                    drifts.add(new Drift(family + " rules", mine.size() + " rules", "no ip6tables tools on the host", "ip6tables"));
                }
                continue;
            }
            String where = tools.get().label();
            IptablesSave.Table filter = snapshot.tables(family).filter();
            OwnedState live = OwnedState.of(snapshot.tables(family));
            for (String chain : OwnedChains.CHAINS) {
                List<IptablesRuleLine> expected = mine.stream().filter(r -> r.chain().equals(chain)).toList();
                compareChain(policy.name(), chain, expected, live, filter, where, drifts);
                if (!expected.isEmpty() && settings.position().isEmpty()) {
                    for (Coexistence.Effect e : neighbours(filter, live, chain)) {
                        if (e.relation() == Coexistence.Relation.PRE_EMPTED) {
                            drifts.add(new Drift("foreign rule in " + OwnedChains.parentOf(chain) + " pre-empted",
                                    "in front of the jump to " + chain + " (it denies or bans traffic the policy governs)",
                                    "below the jump: " + e.rule().appendLine(), where));
                        }
                    }
                }
            }
            settings.persistence().ifPresent(files -> snapshot.persisted().ifPresent(saved -> {
                List<IptablesRuleLine> inFile = saved.ownedState(family)
                        .map(s -> OwnedChains.CHAINS.stream().flatMap(c -> s.rules(c).stream())
                                .filter(r -> OwnedChains.ownedBy(r, policy.name())).toList())
                        .orElse(List.of());
                if (!inFile.equals(mine)) {
                    drifts.add(new Drift("rules saved for the next boot", mine.size() + " rules of " + policy.name(),
                            saved.content(family).isEmpty() ? "no file" : inFile.size() + " rules, not the same",
                            files.file(family)));
                }
            }));
        }
        if (settings.ipset()) {
            Map<String, OwnedIpset> sets = IpsetSteps.wanted(policy, settings, snapshot.persisted());
            for (String difference : IpsetSteps.differences(sets, snapshot.sets().owned(policy.name()))) {
                drifts.add(new Drift("ipset of " + policy.name(), "as the policy's sources", difference, "ipset"));
            }
            settings.persistence().ifPresent(files -> snapshot.persisted().ifPresent(saved -> {
                for (String difference : IpsetSteps.differences(sets, saved.ownedSets(policy.name()))) {
                    drifts.add(new Drift("ipsets saved for the next boot", "as the policy's sources", difference,
                            files.ipsetFile()));
                }
            }));
        }
        return drifts;
    }

    /**
     * Names the foreign neighbours of the owned chains that a reader of the verify report should
     * know about: guards kept in front, rules the policy overrules, and (with an explicit
     * {@code iptables.position}) guards the chosen position pre-empts. Without an explicit
     * position, a pre-empted guard is drift instead (see {@link #drifts}).
     *
     * @param policy the policy
     * @param snapshot the host as read once
     * @param settings tools and options
     * @return one sentence per neighbour
     */
    static List<String> neighbourFindings(PortPolicy policy, IptablesSnapshot snapshot, IptablesSettings settings) {
        List<String> out = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            Optional<IptablesTools> tools = settings.tools(family);
            if (tools.isEmpty()) {
                continue;
            }
            OwnedState live = OwnedState.of(snapshot.tables(family));
            IptablesSave.Table filter = snapshot.tables(family).filter();
            for (String chain : OwnedChains.CHAINS) {
                if (live.rules(chain).stream().noneMatch(r -> OwnedChains.ownedBy(r, policy.name()))) {
                    continue;
                }
                for (Coexistence.Effect e : neighbours(filter, live, chain)) {
                    if (e.relation() != Coexistence.Relation.PRE_EMPTED || settings.position().isPresent()) {
                        out.add(tools.get().label() + " " + OwnedChains.parentOf(chain) + ": foreign rule " + e.describe());
                    }
                }
            }
        }
        return out;
    }

    private static List<Coexistence.Effect> neighbours(IptablesSave.Table filter, OwnedState live, String chain) {
        return Coexistence.effects(filter.rules(OwnedChains.parentOf(chain)), chain, live.rules(chain), filter);
    }

    private static void compareChain(String policy, String chain, List<IptablesRuleLine> expected, OwnedState live,
            IptablesSave.Table filter, String where, List<Drift> drifts) {
        List<IptablesRuleLine> actual = live.rules(chain).stream().filter(r -> OwnedChains.ownedBy(r, policy)).toList();
        if (expected.isEmpty() && actual.isEmpty()) {
            return;
        }
        String parent = OwnedChains.parentOf(chain);
        if (!expected.isEmpty()) {
            if (!live.has(chain)) {
                drifts.add(new Drift("chain " + chain, "present with " + expected.size() + " rules of " + policy,
                        "missing", where));
                return;
            }
            if (live.jumpsTo(chain).isEmpty()) {
                drifts.add(new Drift("jump from " + parent + " to " + chain, "present",
                        "missing: no owned rule is reached", where));
            }
            List<IptablesRuleLine> rules = live.rules(chain);
            if (rules.isEmpty() || !rules.get(0).equals(OwnedChains.establishedRule(chain))) {
                drifts.add(new Drift("established/related rule of " + chain, "first in the chain",
                        rules.contains(OwnedChains.establishedRule(chain)) ? "not first" : "missing", where));
            }
        }
        List<IptablesRuleLine> missing = new ArrayList<>(expected);
        actual.forEach(missing::remove);
        List<IptablesRuleLine> unexpected = new ArrayList<>(actual);
        expected.forEach(unexpected::remove);
        for (IptablesRuleLine m : missing) {
            String tag = m.comment().orElse("");
            Optional<IptablesRuleLine> changed = unexpected.stream().filter(u -> u.comment().orElse("").equals(tag)).findFirst();
            if (changed.isPresent()) {
                unexpected.remove(changed.get());
                drifts.add(new Drift("rule " + tag + " (changed by hand)", m.appendLine(), changed.get().appendLine(), where));
            } else {
                drifts.add(new Drift("rule " + tag, m.appendLine(), "missing", where));
            }
        }
        for (IptablesRuleLine u : unexpected) {
            drifts.add(new Drift("rule " + u.comment().orElse(""), "absent", u.appendLine(), where));
        }
        if (missing.isEmpty() && unexpected.isEmpty() && !actual.equals(expected)) {
            drifts.add(new Drift("order of the rules of " + policy + " in " + chain, expected.toString(),
                    actual.toString(), where));
        }
        List<OwnedState.Jump> jumps = live.jumpsTo(chain);
        if (!jumps.isEmpty()) {
            List<IptablesRuleLine> above = filter.rules(parent).subList(0, jumps.get(0).position() - 1);
            Set<String> reported = new LinkedHashSet<>();
            for (IptablesRuleLine foreign : above) {
                if (Coexistence.kind(foreign, filter) == Coexistence.Kind.GUARD) {
                    continue; // a ban or deny deciding first is the contract, named in the findings
                }
                for (IptablesRuleLine owned : expected) {
                    String key = foreign.appendLine() + "|" + owned.comment().orElse("");
                    if (ShadowCheck.shadows(foreign, owned) && reported.add(key)) {
                        drifts.add(new Drift("rule " + owned.comment().orElse("") + " is shadowed",
                                "no rule above the jump to " + chain + " that decides its traffic",
                                "foreign rule above the jump: " + foreign.appendLine(), where));
                    }
                }
            }
        }
    }
}
