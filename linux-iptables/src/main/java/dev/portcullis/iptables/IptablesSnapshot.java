package dev.portcullis.iptables;

import dev.portcullis.IpFamily;
import java.util.Objects;
import java.util.Optional;

/**
 * One reading of the host, taken once per plan: the full {@code iptables-save} and
 * {@code ip6tables-save} output and, when persistence is on, the saved rules files.
 *
 * @param v4 the IPv4 tables
 * @param v6 the IPv6 tables (empty output when the host has no ip6tables tools)
 * @param persisted the saved rules files, when persistence is on
 * @param sets every kernel ipset ({@code ipset save}; empty when the host has no ipset tool)
 */
record IptablesSnapshot(IptablesSave v4, IptablesSave v6, Optional<PersistenceTarget.PersistedFiles> persisted,
        IpsetSave sets) {

    IptablesSnapshot {
        Objects.requireNonNull(v4, "v4");
        Objects.requireNonNull(v6, "v6");
        Objects.requireNonNull(persisted, "persisted");
        Objects.requireNonNull(sets, "sets");
    }

    /**
     * A reading of a host without ipsets.
     *
     * @param v4 the IPv4 tables
     * @param v6 the IPv6 tables
     * @param persisted the saved rules files, when persistence is on
     */
    IptablesSnapshot(IptablesSave v4, IptablesSave v6, Optional<PersistenceTarget.PersistedFiles> persisted) {
        this(v4, v6, persisted, IpsetSave.empty());
    }

    /**
     * @param family a family
     * @return its tables
     */
    IptablesSave tables(IpFamily family) {
        return family == IpFamily.IPV6 ? v6 : v4;
    }
}
