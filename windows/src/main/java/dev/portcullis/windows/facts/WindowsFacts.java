package dev.portcullis.windows.facts;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.powershell.PowerShellException;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.powershell.PowerShellScript;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsContributor;
import java.time.Duration;
import java.util.Set;

/**
 * The Windows module's share of the host facts. Core recognises Windows only when this JVM runs
 * on it; a Windows host reached through another runner answers no {@code uname}, and then this
 * contributor asks Windows PowerShell: one process, whose answer marks the host
 * {@link HostFacts.OsFamily#WINDOWS} with its version as the kernel. It also asks for
 * {@code powershell} and {@code pwsh} on the PATH, which every Windows backend runs its scripts in.
 */
public final class WindowsFacts implements HostFactsContributor {

    /** How long the question may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The contributor, as {@link java.util.ServiceLoader} creates it. */
    public WindowsFacts() {
    }

    @Override
    public Set<String> tools() {
        return Set.of("powershell", "pwsh");
    }

    /**
     * @param known what core gathered
     * @return whether the host may be Windows: it is, or it answered no {@code uname} (so is no POSIX system)
     */
    public static boolean mayBeWindows(HostFacts known) {
        return known.osFamily() == HostFacts.OsFamily.WINDOWS
                || known.osFamily() == HostFacts.OsFamily.OTHER && known.kernel().isEmpty();
    }

    /** @return the script that tells a Windows host: its result has {@code platform} and {@code version} */
    public static PowerShellScript detectScript() {
        return PowerShellScript.builder("Portcullis: is this host Windows")
                .result("platform", "[string][Environment]::OSVersion.Platform")
                .result("version", "[string][Environment]::OSVersion.Version")
                .build();
    }

    @Override
    public void contribute(CommandRunner runner, HostFacts known, HostFacts.Builder facts) {
        if (known.osFamily() == HostFacts.OsFamily.WINDOWS || !mayBeWindows(known)) {
            return;
        }
        try {
            var answer = PowerShellRunner.using(PowerShellRunner.WINDOWS_POWERSHELL).timeout(TIMEOUT).run(runner, detectScript());
            if (answer.get("platform").asText("").equals("Win32NT")) {
                facts.osFamily(HostFacts.OsFamily.WINDOWS).kernel("Windows " + answer.get("version").asText(""));
            }
        } catch (PowerShellException | CommandRunnerException e) {
            // no Windows PowerShell answered: not a Windows host this module can work on
        }
    }
}
