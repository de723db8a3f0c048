package dev.portcullis.windows;

import com.sun.jna.platform.win32.Advapi32Util;
import java.util.Locale;

/**
 * Whether this JVM's process runs elevated (as Administrator), which Windows Firewall changes
 * need. Asked only when the commands run locally on Windows; scripts on a remote host check their own
 * session. An interface so that tests on any machine can stand in for Windows.
 */
@FunctionalInterface
public interface Elevation {

    /** @return whether the current process is elevated */
    boolean isElevated();

    /**
     * The check through JNA: {@code Advapi32Util.isCurrentProcessElevated()} reads the process
     * token's elevation. Off Windows there is nothing to check and it answers true.
     *
     * @return the check for this process
     */
    static Elevation ofThisProcess() {
        return () -> !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
                || Advapi32Util.isCurrentProcessElevated();
    }
}
