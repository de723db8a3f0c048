package dev.portcullis.preflight;

import com.sun.jna.Platform;
import com.sun.jna.platform.unix.LibC;
import com.sun.jna.platform.win32.Advapi32Util;
import java.util.Optional;

/**
 * Reads the privileges of this JVM's own process, for a runner that runs commands on this
 * machine: the effective uid on POSIX systems, the token's elevation on Windows. Behind an
 * interface so tests (and hosts where JNA cannot load) can supply their own answer.
 */
public interface LocalPrivileges {

    /**
     * @return what the platform says about this process, or empty when it cannot be asked
     */
    Optional<Reading> read();

    /**
     * What the platform said.
     *
     * @param privileged whether the process is root (euid 0) or an elevated Administrator
     * @param source the call that said so, e.g. {@code JNA geteuid()}
     * @param value what it returned, e.g. "0" or "true"
     */
    record Reading(boolean privileged, String source, String value) {
    }

    /** @return the JNA-backed reader: {@code geteuid()} on POSIX, token elevation on Windows */
    static LocalPrivileges jna() {
        return () -> {
            try {
                if (Platform.isWindows()) {
                    boolean elevated = Advapi32Util.isCurrentProcessElevated();
                    return Optional.of(new Reading(elevated, "JNA Advapi32Util.isCurrentProcessElevated()",
                            Boolean.toString(elevated)));
                }
                int euid = LibC.INSTANCE.geteuid();
                return Optional.of(new Reading(euid == 0, "JNA geteuid()", Integer.toString(euid)));
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                // JNA's native part may be missing on an exotic platform: fall back to the runner
                return Optional.empty();
            }
        };
    }

    /** @return a reader that never answers, so the check asks through the runner instead */
    static LocalPrivileges unavailable() {
        return Optional::empty;
    }
}
