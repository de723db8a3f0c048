package dev.portcullis.iptables;

import dev.portcullis.IpFamily;
import java.util.List;
import java.util.Optional;

/**
 * What the planner needs to know besides the policy and the snapshot: the tools per family,
 * where new jumps go, whether and where to persist, and remarks for the plan's notes.
 *
 * @param v4 the IPv4 tools
 * @param v6 the IPv6 tools, if the host has them
 * @param position 1-based position of a new jump in INPUT/OUTPUT (clamped to the chain's end)
 * @param persistence where to save the rules after they are verified live, when opted in
 * @param notes remarks about the host for the plan
 */
record IptablesSettings(IptablesTools v4, Optional<IptablesTools> v6, int position,
        Optional<PersistenceTarget> persistence, List<String> notes) {

    /** Option: 1-based position of the jump to the owned chains in INPUT/OUTPUT (default 1: first). */
    static final String POSITION_OPTION = "iptables.position";
    /** Option: save the rules for the next boot after they are verified (default false). */
    static final String PERSIST_OPTION = "iptables.persist";

    IptablesSettings {
        if (position < 1) {
            throw new IllegalArgumentException(POSITION_OPTION + " must be 1 or more, got " + position);
        }
        notes = List.copyOf(notes);
    }

    /**
     * @param family a family
     * @return its tools, if the host has them
     */
    Optional<IptablesTools> tools(IpFamily family) {
        return family == IpFamily.IPV6 ? v6 : Optional.of(v4);
    }
}
