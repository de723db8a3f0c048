package dev.portcullis.iptables;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The coexistence contract in INPUT and OUTPUT: a policy never pre-empts a foreign rule that
 * denies, rejects or bans the traffic it governs. Such a rule is a <em>guard</em>: a DROP or
 * REJECT that singles traffic out (by source, destination, port, address set or any match this
 * class cannot read), or a jump into a foreign chain (fail2ban's {@code f2b-*}, sshguard,
 * {@code DOCKER-USER}: such chains ban and unban while the host runs, so their content at plan
 * time says nothing). A DROP or REJECT that singles nothing out (only protocol, interface or
 * connection state) is the host's <em>default deny</em>: opening a hole in it is what a policy
 * is for, so the jump goes above it.
 *
 * <p>Placement: the jump goes directly below the last guard that may see the owned chains'
 * traffic, and above the first default deny that may see it. Then every guard decides before
 * the owned rules (including their established/related accept), and fail2ban, which inserts its
 * jumps at the top of INPUT, stays in front however often it restarts.
 *
 * <p>Effects: for a jump at a given place, {@link #effects} names every foreign rule whose
 * decisions the owned rules change (a guard below the jump is pre-empted; a default deny or an
 * accept below the jump no longer decides the traffic an owned rule with the other verdict
 * takes) and every guard kept in front.
 */
final class Coexistence {

    /** What a foreign rule in INPUT or OUTPUT does to traffic it matches. */
    enum Kind {
        /** Denies, rejects or bans singled-out traffic, or hands it to a foreign chain. */
        GUARD,
        /** Denies everything it sees without singling anything out. */
        DEFAULT_DENY,
        /** Accepts. */
        ALLOW,
        /** Lets the packet go on (LOG, MARK, ...) or returns. */
        OTHER
    }

    /** How the owned rules change what one foreign rule decides. */
    enum Relation {
        /** A guard in front of the jump: it still decides first. */
        KEPT_IN_FRONT,
        /** A guard below the jump: the owned rules decide first, against the contract. */
        PRE_EMPTED,
        /** A default deny or an accept below the jump that owned rules of the other verdict overrule. */
        OVERRULED
    }

    /**
     * One foreign rule whose relation to the owned chain matters.
     *
     * @param rule the foreign rule
     * @param kind what it does
     * @param relation how the owned rules relate to it
     */
    record Effect(IptablesRuleLine rule, Kind kind, Relation relation) {

        /** @return one sentence for a plan note or a verify finding */
        String describe() {
            return switch (relation) {
                case KEPT_IN_FRONT -> "stays in front of the policy: " + rule.appendLine();
                case PRE_EMPTED -> "is pre-empted by the policy (it denies or bans this traffic but sits below the jump): "
                        + rule.appendLine();
                case OVERRULED -> "no longer decides the traffic the policy " + (kind == Kind.ALLOW ? "denies" : "opens")
                        + ": " + rule.appendLine();
            };
        }
    }

    private static final Set<String> VERDICTS = Set.of("ACCEPT", "DROP", "REJECT");
    /** Matches that say nothing about who or which port: a rule with only these singles nothing out. */
    private static final Set<String> NEUTRAL_OPTIONS = Set.of("-p", "-i", "-o", "--ctstate", "--state", "--comment",
            "--tcp-flags", "--syn");
    private static final Set<String> NEUTRAL_MODULES = Set.of("tcp", "udp", "conntrack", "state", "comment");

    private Coexistence() {
    }

    /**
     * @param rule a rule in INPUT or OUTPUT that does not belong to Portcullis
     * @param filter the filter table (to tell a foreign chain from a target extension)
     * @return what it does
     */
    static Kind kind(IptablesRuleLine rule, IptablesSave.Table filter) {
        String target = rule.target().orElse("");
        if (target.equals("DROP") || target.equals("REJECT")) {
            return singlesOut(rule) ? Kind.GUARD : Kind.DEFAULT_DENY;
        }
        if (target.equals("ACCEPT")) {
            return Kind.ALLOW;
        }
        if (filter.chains().containsKey(target) && !OwnedChains.CHAINS.contains(target)
                && !IptablesSave.isBuiltIn(target)) {
            return Kind.GUARD;
        }
        return Kind.OTHER;
    }

    private static boolean singlesOut(IptablesRuleLine rule) {
        List<String> a = rule.args();
        for (int i = 0; i < a.size(); i++) {
            String word = a.get(i);
            if (word.equals("-j") || word.equals("-g")) {
                return false;
            }
            if (word.equals("!")) {
                continue;
            }
            if (word.equals("-m")) {
                if (i + 1 < a.size() && !NEUTRAL_MODULES.contains(a.get(i + 1))) {
                    return true;
                }
                i++;
            } else if (NEUTRAL_OPTIONS.contains(word)) {
                i += word.equals("--tcp-flags") ? 2 : word.equals("--syn") ? 0 : 1;
            } else {
                return true; // -s, -d, --dport, --match-set, and whatever this class cannot read
            }
        }
        return false;
    }

    /**
     * Where a jump to an owned chain belongs under the contract.
     *
     * @param parent the foreign rules of INPUT or OUTPUT, in order, without jumps to owned chains
     * @param owned the owned chain's rules (its established rule included)
     * @param filter the filter table
     * @return the 1-based position for the jump among those rules
     */
    static int automaticPosition(List<IptablesRuleLine> parent, List<IptablesRuleLine> owned,
            IptablesSave.Table filter) {
        return lowestAllowedIndex(parent, owned, filter) + 1;
    }

    /**
     * @param parent the foreign rules of INPUT or OUTPUT, without jumps to owned chains
     * @param owned the owned chain's rules
     * @param filter the filter table
     * @param foreignAbove how many of those rules sit above the jump
     * @return whether a jump there keeps every guard in front and stays above the default deny
     */
    static boolean placementKeepsContract(List<IptablesRuleLine> parent, List<IptablesRuleLine> owned,
            IptablesSave.Table filter, int foreignAbove) {
        return foreignAbove >= lowestAllowedIndex(parent, owned, filter)
                && foreignAbove <= firstDefaultDeny(parent, owned, filter);
    }

    private static int lowestAllowedIndex(List<IptablesRuleLine> parent, List<IptablesRuleLine> owned,
            IptablesSave.Table filter) {
        int after = 0;
        int stop = firstDefaultDeny(parent, owned, filter);
        for (int i = 0; i < stop; i++) {
            if (kind(parent.get(i), filter) == Kind.GUARD && overlapsAny(parent.get(i), owned)) {
                after = i + 1;
            }
        }
        return after;
    }

    private static int firstDefaultDeny(List<IptablesRuleLine> parent, List<IptablesRuleLine> owned,
            IptablesSave.Table filter) {
        for (int i = 0; i < parent.size(); i++) {
            if (kind(parent.get(i), filter) == Kind.DEFAULT_DENY && overlapsAny(parent.get(i), owned)) {
                return i;
            }
        }
        return parent.size();
    }

    /**
     * Names the foreign rules of INPUT or OUTPUT whose decisions the owned chain changes, or that
     * it leaves in front.
     *
     * @param parent the rules of INPUT or OUTPUT as they are (or will be), jump included
     * @param chain the owned chain jumped to
     * @param owned the owned chain's rules
     * @param filter the filter table
     * @return the effects, in the order of the parent chain (none when there is no jump)
     */
    static List<Effect> effects(List<IptablesRuleLine> parent, String chain, List<IptablesRuleLine> owned,
            IptablesSave.Table filter) {
        List<Effect> out = new ArrayList<>();
        int jump = -1;
        for (int i = 0; i < parent.size(); i++) {
            if (parent.get(i).target().map(chain::equals).orElse(false)) {
                jump = i;
                break;
            }
        }
        if (jump < 0) {
            return out;
        }
        for (int i = 0; i < parent.size(); i++) {
            IptablesRuleLine r = parent.get(i);
            if (i == jump || r.target().map(OwnedChains.CHAINS::contains).orElse(false)) {
                continue;
            }
            Kind kind = kind(r, filter);
            if (kind == Kind.GUARD && overlapsAny(r, owned)) {
                out.add(new Effect(r, kind, i < jump ? Relation.KEPT_IN_FRONT : Relation.PRE_EMPTED));
            } else if (i > jump && (kind == Kind.DEFAULT_DENY || kind == Kind.ALLOW) && overruled(r, kind, owned)) {
                out.add(new Effect(r, kind, Relation.OVERRULED));
            }
        }
        return out;
    }

    private static boolean overruled(IptablesRuleLine foreign, Kind kind, List<IptablesRuleLine> owned) {
        for (IptablesRuleLine o : owned) {
            String verdict = o.target().orElse("");
            if (!VERDICTS.contains(verdict) || o.comment().filter(c -> c.startsWith(OwnedChains.SHARED_TAG)).isPresent()) {
                continue;
            }
            boolean otherVerdict = kind == Kind.ALLOW ? !verdict.equals("ACCEPT") : verdict.equals("ACCEPT");
            if (otherVerdict && ShadowCheck.mayOverlap(foreign, o)) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlapsAny(IptablesRuleLine foreign, List<IptablesRuleLine> owned) {
        return owned.stream().anyMatch(o -> ShadowCheck.mayOverlap(foreign, o));
    }
}
