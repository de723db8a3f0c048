package dev.portcullis.preflight;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * Runs one generated PowerShell script on a Windows host and returns what it printed (the
 * Windows checks' script prints one JSON document). Kept behind an interface so the Windows
 * checks are tested on recorded JSON, and so a dedicated PowerShell runner can be plugged in.
 */
@FunctionalInterface
public interface PowerShellExecutor {

    /**
     * @param script the complete script; every value in it is a validated, single-quoted literal
     * @return the finished process: standard output carries the script's JSON
     */
    CommandResult execute(String script);

    /**
     * Runs scripts as {@code powershell.exe -NoProfile -NonInteractive -EncodedCommand <base64>}
     * through a runner. The script travels base64-encoded (UTF-16LE, as PowerShell expects), so no
     * command line quoting rule of Windows ever applies to it.
     *
     * @param runner reaches the Windows host
     * @return the executor
     */
    static PowerShellExecutor through(CommandRunner runner) {
        Objects.requireNonNull(runner, "runner");
        return script -> runner.execute(Command.builder("powershell.exe")
                .args("-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand",
                        Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE)))
                .timeout(Duration.ofSeconds(120)).build());
    }
}
