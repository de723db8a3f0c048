package dev.portcullis.preflight;

import java.util.List;
import java.util.Set;

/**
 * A module's share of preflight: what it knows about its own tool. The iptables module audits
 * {@code iptables-save}, the firewalld module asks {@code firewall-cmd --state}, the Postfix
 * module inspects the mail stack; core keeps the engine, the generic checks (privileges,
 * hardware, port occupancy, outbound SMTP) and the report. Found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.portcullis.preflight.PreflightContributor}.
 *
 * <p>Every method has a default that contributes nothing, so a module implements only the parts
 * it knows. A contributor reads the host only through {@link PreflightContext#read}, which runs
 * each command once per preflight however many contributors ask, and never changes the host.
 * What it learns that a backend's {@code supports} needs, it records with
 * {@link PreflightContext#learn}. A contributor that throws costs the check a warning naming
 * the error; the other contributors and checks still run.
 */
public interface PreflightContributor {

    /**
     * Audits this module's firewall: whether it is at work, which of its rules block what the
     * spec needs, and anything an administrator should know about it.
     *
     * @param host the host, the spec, the facts
     * @param findings where to add what was found
     */
    default void auditFirewalls(PreflightContext host, FirewallFindings findings) {
    }

    /**
     * Judges the firewalls together, after every contributor has audited its own: two firewalls
     * that fight over the same packets, say.
     *
     * @param host the host, the spec, the facts
     * @param findings everything the audits found
     */
    default void judgeFirewalls(PreflightContext host, FirewallFindings findings) {
    }

    /**
     * Inspects this module's mail server: installed, version, features the spec needs, running.
     * Called for every spec, so that a port policy's report still says what mail server exists.
     *
     * @param host the host, the spec, the facts
     * @param findings the "mail-stack" check's findings
     */
    default void inspectMailStack(PreflightContext host, Findings findings) {
    }

    /**
     * Names the processes behind listening sockets whose owners could not be read, when this
     * module can tell (its daemon serves the port and runs).
     *
     * @param host the host, the spec, the facts
     * @param findings the "port-occupancy" check's findings, for the evidence used
     * @param listeners the listeners so far
     * @return the listeners, with owners named where this module knows them
     */
    default List<Listener> nameListeners(PreflightContext host, Findings findings, List<Listener> listeners) {
        return listeners;
    }

    /**
     * @return process names of this module's mail server ("master" for Postfix): such a process
     *         on a port the mail server must bind is the server itself, not a conflict
     */
    default Set<String> mailServerProcesses() {
        return Set.of();
    }

    /**
     * Reads the basics of a host that core cannot read with its own commands (on Windows: whether
     * the session is elevated, processors, memory, spool space, listeners), when this module knows
     * that host. The first contributor that answers is used for every check; read through
     * {@link PreflightContext#read}, once per preflight.
     *
     * @param host the host, the spec, the facts
     * @return the readings, or empty when this is not a host this module reads
     */
    default java.util.Optional<HostReadings> readHost(PreflightContext host) {
        return java.util.Optional.empty();
    }
}
