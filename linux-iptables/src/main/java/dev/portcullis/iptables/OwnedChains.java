package dev.portcullis.iptables;

import dev.portcullis.Direction;
import java.util.List;
import java.util.Optional;

/**
 * The names and tags by which Portcullis recognises what it owns in the filter table: its two
 * chains, the jumps to them from INPUT and OUTPUT, the shared established/related rule at the
 * top of each chain, and the {@code portcullis:<policy>:...} comment on every policy rule.
 */
final class OwnedChains {

    /** Chain for inbound rules, jumped to from INPUT. */
    static final String INPUT_CHAIN = "PORTCULLIS-INPUT";
    /** Chain for outbound rules, jumped to from OUTPUT. */
    static final String OUTPUT_CHAIN = "PORTCULLIS-OUTPUT";
    /** Both owned chains, in a fixed order. */
    static final List<String> CHAINS = List.of(INPUT_CHAIN, OUTPUT_CHAIN);

    /** Prefix of the comment on every policy rule: {@code portcullis:<policy>:<rule>[:log|:limit]}. */
    static final String POLICY_TAG = "portcullis:";
    /** Comment on rules that belong to the chains rather than to one policy. */
    static final String SHARED_TAG = "portcullis-shared:";
    static final String ESTABLISHED_COMMENT = SHARED_TAG + "established";
    static final String JUMP_COMMENT = SHARED_TAG + "jump";

    private OwnedChains() {
    }

    /**
     * @param direction inbound or outbound
     * @return the owned chain for it
     */
    static String chainFor(Direction direction) {
        return direction == Direction.OUTBOUND ? OUTPUT_CHAIN : INPUT_CHAIN;
    }

    /**
     * @param chain an owned chain
     * @return the built-in chain that jumps to it
     */
    static String parentOf(String chain) {
        return chain.equals(OUTPUT_CHAIN) ? "OUTPUT" : "INPUT";
    }

    /**
     * Opening a port must never cut a connection that is already up, and replies to allowed
     * connections must pass even where the built-in policy drops: the first rule of each owned
     * chain accepts established and related traffic.
     *
     * @param chain an owned chain
     * @return its established/related rule
     */
    static IptablesRuleLine establishedRule(String chain) {
        return IptablesRuleLine.of(chain, List.of("-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED",
                "-m", "comment", "--comment", ESTABLISHED_COMMENT, "-j", "ACCEPT"));
    }

    /**
     * @param chain an owned chain
     * @return the rule in its parent chain that jumps to it
     */
    static IptablesRuleLine jumpRule(String chain) {
        return IptablesRuleLine.of(parentOf(chain), List.of("-m", "comment", "--comment", JUMP_COMMENT, "-j", chain));
    }

    /**
     * @param rule a rule in an owned chain
     * @return the policy whose rule it is, by its comment tag
     */
    static Optional<String> policyOf(IptablesRuleLine rule) {
        return rule.comment().filter(c -> c.startsWith(POLICY_TAG)).map(c -> {
            String rest = c.substring(POLICY_TAG.length());
            int colon = rest.indexOf(':');
            return colon < 0 ? rest : rest.substring(0, colon);
        });
    }

    /**
     * @param rule a rule
     * @param policy a policy name
     * @return whether the rule carries that policy's tag
     */
    static boolean ownedBy(IptablesRuleLine rule, String policy) {
        return policyOf(rule).map(policy::equals).orElse(false);
    }
}
