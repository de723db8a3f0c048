package dev.portcullis.preflight;

import java.util.List;
import java.util.Optional;

/**
 * The basics of a host that core's generic checks (privileges, hardware, port occupancy) cannot
 * read with their own commands, read instead by the module that knows the host: on Windows, the
 * windows module's one PowerShell script. A {@link PreflightContributor} offers them through
 * {@link PreflightContributor#readHost(PreflightContext)}; each value may be missing when it could
 * not be read, and {@link #failure()} then says why.
 */
public interface HostReadings {

    /** @return what the values were read from, for the report */
    Evidence evidence();

    /** @return why the readings could not be taken, when they could not */
    Optional<String> failure();

    /** @return what tells whether the session is privileged, in words ("WindowsPrincipal.IsInRole(Administrator)") */
    String privilegeSource();

    /** @return whether commands run with full privileges (an elevated Administrator session) */
    Optional<Boolean> elevated();

    /** @return the number of logical processors */
    Optional<Integer> logicalProcessors();

    /** @return the physical memory, in bytes */
    Optional<Long> totalMemoryBytes();

    /** @return the free space where the mail spool lives, in bytes */
    Optional<Long> spoolFreeBytes();

    /** @return the file system (drive) the spool lives on */
    Optional<String> spoolRoot();

    /** @return the sockets listening on the spec's ports, with their owners where known */
    List<Listener> listeners();

    /**
     * @param source what was tried
     * @param why why nothing could be read
     * @return readings that hold nothing but the reason
     */
    static HostReadings unreadable(String source, String why) {
        Evidence evidence = Evidence.of(source, why);
        return new HostReadings() {
            @Override
            public Evidence evidence() {
                return evidence;
            }

            @Override
            public Optional<String> failure() {
                return Optional.of(why);
            }

            @Override
            public String privilegeSource() {
                return source;
            }

            @Override
            public Optional<Boolean> elevated() {
                return Optional.empty();
            }

            @Override
            public Optional<Integer> logicalProcessors() {
                return Optional.empty();
            }

            @Override
            public Optional<Long> totalMemoryBytes() {
                return Optional.empty();
            }

            @Override
            public Optional<Long> spoolFreeBytes() {
                return Optional.empty();
            }

            @Override
            public Optional<String> spoolRoot() {
                return Optional.empty();
            }

            @Override
            public List<Listener> listeners() {
                return List.of();
            }
        };
    }
}
