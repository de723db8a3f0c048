package dev.portcullis.iptables;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the planner needs to know besides the policy and the snapshot: the tools per family,
 * where new jumps go, whether and where to persist, which interfaces stand for a zone, and
 * remarks for the plan's notes.
 *
 * @param v4 the IPv4 tools
 * @param v6 the IPv6 tools, if the host has them
 * @param position 1-based position of the jump in INPUT/OUTPUT when the caller chose one
 *     (clamped to the chain's end); empty: the place the coexistence contract gives
 * @param persistence where to save the rules after they are verified live, when opted in
 * @param zoneInterfaces zone name to the interfaces that stand for it (iptables has no zones)
 * @param notes remarks about the host for the plan
 * @param ipset whether the host has the {@code ipset} tool: a rule with many sources is then
 *     written as a set (see {@link dev.portcullis.PortPolicy#sourceSetThreshold()}), else as one
 *     rule per source
 */
record IptablesSettings(IptablesTools v4, Optional<IptablesTools> v6, OptionalInt position,
        Optional<PersistenceTarget> persistence, Map<String, List<String>> zoneInterfaces, List<String> notes,
        boolean ipset) {

    /** The tool that reads and writes kernel ipsets. */
    static final String IPSET = "ipset";

    /** Option: 1-based position of the jump to the owned chains in INPUT/OUTPUT (default: below foreign guards). */
    static final String POSITION_OPTION = "iptables.position";
    /** Option: save the rules for the next boot after they are verified (default false). */
    static final String PERSIST_OPTION = "iptables.persist";
    /** Option prefix: {@code iptables.zone.<zone>=<interface>[,<interface>...]} maps a zone to interfaces. */
    static final String ZONE_OPTION_PREFIX = "iptables.zone.";

    IptablesSettings {
        if (position.isPresent() && position.getAsInt() < 1) {
            throw new IllegalArgumentException(POSITION_OPTION + " must be 1 or more, got " + position.getAsInt());
        }
        Map<String, List<String>> zones = new LinkedHashMap<>();
        zoneInterfaces.forEach((zone, interfaces) -> zones.put(zone, List.copyOf(interfaces)));
        zoneInterfaces = java.util.Collections.unmodifiableMap(zones);
        notes = List.copyOf(notes);
    }

    /**
     * Settings without zone mappings.
     *
     * @param v4 the IPv4 tools
     * @param v6 the IPv6 tools
     * @param position the caller's jump position, if any
     * @param persistence where to persist, when opted in
     * @param notes remarks for the plan
     */
    IptablesSettings(IptablesTools v4, Optional<IptablesTools> v6, OptionalInt position,
            Optional<PersistenceTarget> persistence, List<String> notes) {
        this(v4, v6, position, persistence, Map.of(), notes, false);
    }

    /**
     * Whether a rule with many sources is written as a set: when the host has the ipset tool and,
     * with the rules persisted, the boot restores the saved ipsets before the rules (saved rules
     * that match a set the boot does not create would fail to load as a whole).
     *
     * @param persisted the saved files, when persistence is on
     * @return whether sets are written
     */
    boolean writesSets(Optional<PersistenceTarget.PersistedFiles> persisted) {
        return ipset && (persistence.isEmpty() || persisted.map(PersistenceTarget.PersistedFiles::ipsetLoader).orElse(false));
    }

    /**
     * @param withIpset whether the host has the ipset tool
     * @return these settings with that answer
     */
    IptablesSettings ipset(boolean withIpset) {
        return new IptablesSettings(v4, v6, position, persistence, zoneInterfaces, notes, withIpset);
    }

    /**
     * iptables has no zones: a policy that names one would silently open its ports on every
     * interface, so it is refused unless the caller said which interfaces stand for the zone.
     *
     * @param policy a policy
     * @return the interfaces its rules are bound to (empty: the policy names no zone)
     * @throws InvalidSpecException naming the field {@code zone} when the zone is not mapped
     */
    List<String> interfacesFor(PortPolicy policy) {
        if (policy.zone().isEmpty()) {
            return List.of();
        }
        String zone = policy.zone().get();
        List<String> interfaces = zoneInterfaces.get(zone);
        if (interfaces == null) {
            throw new InvalidSpecException("zone", "linux-iptables has no zones, so zone '" + zone
                    + "' would open the policy's ports on every interface; map the zone to interfaces with the option "
                    + ZONE_OPTION_PREFIX + zone + "=<interface>[,<interface>...], or leave the zone out");
        }
        return interfaces;
    }

    /**
     * @param family a family
     * @return its tools, if the host has them
     */
    Optional<IptablesTools> tools(IpFamily family) {
        return family == IpFamily.IPV6 ? v6 : Optional.of(v4);
    }
}
