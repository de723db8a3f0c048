package dev.portcullis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link PortPolicy} decides for one {@link Connection}, and why: the verdict, the rule
 * that decides (its index in {@link PortPolicy#rules()}), why each earlier rule does not match,
 * and what about the verdict the backends honour only approximately (rate limits).
 *
 * @param connection the connection attempt
 * @param verdict accept, drop, reject, or not decided by this policy
 * @param ruleIndex index of the deciding rule in the policy; -1 when no rule matches
 * @param skipped one line per earlier rule: why it does not match
 * @param caveats what about this verdict backends do not all honour exactly (empty: exact everywhere)
 */
public record Decision(Connection connection, Verdict verdict, int ruleIndex, List<String> skipped,
        List<String> caveats) {

    /**
     * @param connection the connection attempt
     * @param verdict the verdict
     * @param ruleIndex the deciding rule's index, or -1
     * @param skipped why each earlier rule does not match
     * @param caveats approximations of the backends
     */
    public Decision {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(verdict, "verdict");
        skipped = List.copyOf(skipped);
        caveats = List.copyOf(caveats);
        if ((ruleIndex < 0) != (verdict == Verdict.NOT_DECIDED)) {
            throw new IllegalArgumentException("a verdict other than NOT_DECIDED needs a deciding rule, and only then");
        }
    }

    /** @return the index of the deciding rule, or empty when no rule of the policy matches */
    public Optional<Integer> rule() {
        return ruleIndex < 0 ? Optional.empty() : Optional.of(ruleIndex);
    }

    /** @return whether a rule of the policy decides (false: the host's default applies) */
    public boolean decided() {
        return verdict != Verdict.NOT_DECIDED;
    }
}
