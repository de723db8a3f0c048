package dev.portcullis.preflight;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.powershell.PowerShellResult;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.powershell.PowerShellScript;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs the Windows checks' one generated script and returns its JSON result. Kept behind an
 * interface so the Windows checks are tested on recorded JSON; the default runs it through
 * core's {@link PowerShellRunner}, one {@code powershell.exe} process.
 */
@FunctionalInterface
public interface PowerShellExecutor {

    /**
     * @param script the script; every value in it is bound as a literal
     * @return its result table and the process that produced it
     * @throws dev.portcullis.powershell.PowerShellException when the script fails or prints no result
     */
    PowerShellResult execute(PowerShellScript script);

    /**
     * @param runner reaches the Windows host
     * @return an executor running {@code powershell.exe} through that runner, two minutes at most
     */
    static PowerShellExecutor through(CommandRunner runner) {
        Objects.requireNonNull(runner, "runner");
        PowerShellRunner powershell = PowerShellRunner.using(PowerShellRunner.WINDOWS_POWERSHELL)
                .timeout(Duration.ofMinutes(2));
        return script -> powershell.run(runner, script);
    }
}
