package dev.portcullis.iptables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of one family's filter table that Portcullis owns: the content of its chains (absent
 * chains are missing from the map) and where the jumps to them sit in INPUT and OUTPUT.
 * Everything else in the table is foreign and never written.
 *
 * @param chains owned chain name to its rules, in order
 * @param jumps owned chain name to the jumps to it found in its parent chain
 */
record OwnedState(Map<String, List<IptablesRuleLine>> chains, Map<String, List<Jump>> jumps) {

    /**
     * A rule in INPUT or OUTPUT that jumps to an owned chain.
     *
     * @param position 1-based position in the parent chain
     * @param rule the rule as the host has it
     */
    record Jump(int position, IptablesRuleLine rule) {
    }

    OwnedState {
        Map<String, List<IptablesRuleLine>> c = new LinkedHashMap<>();
        Map<String, List<Jump>> j = new LinkedHashMap<>();
        for (String chain : OwnedChains.CHAINS) {
            if (chains.containsKey(chain)) {
                c.put(chain, List.copyOf(chains.get(chain)));
            }
            List<Jump> js = jumps.getOrDefault(chain, List.of());
            if (!js.isEmpty()) {
                j.put(chain, List.copyOf(js));
            }
        }
        chains = java.util.Collections.unmodifiableMap(c);
        jumps = java.util.Collections.unmodifiableMap(j);
    }

    /**
     * @param save what iptables-save printed
     * @return the owned part of its filter table
     */
    static OwnedState of(IptablesSave save) {
        IptablesSave.Table filter = save.filter();
        Map<String, List<IptablesRuleLine>> chains = new LinkedHashMap<>();
        Map<String, List<Jump>> jumps = new LinkedHashMap<>();
        for (String chain : OwnedChains.CHAINS) {
            if (filter.chains().containsKey(chain)) {
                chains.put(chain, filter.rules(chain));
            }
            List<IptablesRuleLine> parent = filter.rules(OwnedChains.parentOf(chain));
            List<Jump> js = new ArrayList<>();
            for (int i = 0; i < parent.size(); i++) {
                if (parent.get(i).target().map(chain::equals).orElse(false)) {
                    js.add(new Jump(i + 1, parent.get(i)));
                }
            }
            jumps.put(chain, js);
        }
        return new OwnedState(chains, jumps);
    }

    /**
     * @param chain an owned chain
     * @return its rules (empty when the chain is absent)
     */
    List<IptablesRuleLine> rules(String chain) {
        return chains.getOrDefault(chain, List.of());
    }

    /**
     * @param chain an owned chain
     * @return whether it exists
     */
    boolean has(String chain) {
        return chains.containsKey(chain);
    }

    /**
     * @param chain an owned chain
     * @return the jumps to it
     */
    List<Jump> jumpsTo(String chain) {
        return jumps.getOrDefault(chain, List.of());
    }

    /** @return whether Portcullis owns nothing in this table */
    boolean isEmpty() {
        return chains.isEmpty() && jumps.isEmpty();
    }

    /**
     * @param policy a policy name
     * @return how many rules carry its tag across the owned chains
     */
    int ruleCount(String policy) {
        return (int) chains.values().stream().flatMap(List::stream).filter(r -> OwnedChains.ownedBy(r, policy)).count();
    }
}
