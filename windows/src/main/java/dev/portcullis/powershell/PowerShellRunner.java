package dev.portcullis.powershell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link PowerShellScript} in one PowerShell process and reads its JSON result.
 *
 * <p>The process is {@code <executable> -NoLogo -NoProfile -NonInteractive -Command -} with the
 * script on standard input (never on the command line, where quoting rules differ between
 * {@code powershell.exe}, {@code pwsh} and the C runtime), started through a
 * {@link CommandRunner} with a timeout. The script prints its result table as one line of JSON
 * after {@link PowerShellScript#RESULT_MARKER}; that line is read with Jackson, everything else on
 * standard output is ignored. A non-zero exit, a timeout, or a missing or malformed result line is a
 * {@link PowerShellException} carrying the process result.
 *
 * <p>Scripts must be ASCII: Windows PowerShell decodes standard input in the console code page,
 * so any other character would reach it altered. {@link PowerShellLiteral} binds every character
 * beyond ASCII as a character code, so a script built by {@link PowerShellScript} always is; the
 * check here guards the fixed code around the values.
 */
public final class PowerShellRunner {

    /** The timeout used unless another is set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** Windows PowerShell 5.1, present on every supported Windows. */
    public static final String WINDOWS_POWERSHELL = "powershell.exe";
    /** PowerShell 7. */
    public static final String PWSH = "pwsh";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String executable;
    private final Duration timeout;

    private PowerShellRunner(String executable, Duration timeout) {
        if (executable == null || executable.isEmpty()) {
            throw new IllegalArgumentException("a PowerShell executable is needed");
        }
        this.executable = executable;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * @param executable {@code powershell.exe}, {@code pwsh}, or a path to either
     * @return a runner with the default timeout
     */
    public static PowerShellRunner using(String executable) {
        return new PowerShellRunner(executable, DEFAULT_TIMEOUT);
    }

    /**
     * @param timeout how long one script may run before its process tree is killed
     * @return a runner with that timeout
     */
    public PowerShellRunner timeout(Duration timeout) {
        return new PowerShellRunner(executable, timeout);
    }

    /** @return the executable */
    public String executable() {
        return executable;
    }

    /** @return the timeout */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The process that runs a script, as a plan shows it.
     *
     * @param script the script
     * @return the command: argv, the script on standard input, the timeout
     * @throws IllegalArgumentException when the script is not ASCII
     */
    public Command command(PowerShellScript script) {
        String text = script.text();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7e) {
                throw new IllegalArgumentException(String.format("refusing to send a non-ASCII character (U+%04X at %d) to"
                        + " PowerShell: it decodes standard input in the console code page", (int) text.charAt(i), i));
            }
        }
        return Command.builder(executable).args(List.of("-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "-"))
                .stdin(text).timeout(timeout).build();
    }

    /**
     * Runs a script (one process) and reads its result.
     *
     * @param runner reaches the host
     * @param script the script
     * @return its result table
     * @throws PowerShellException when the script fails, times out or gives no JSON
     */
    public PowerShellResult run(CommandRunner runner, PowerShellScript script) {
        return read(runner.execute(command(script)));
    }

    /**
     * Reads the result of a finished script process.
     *
     * @param result what the process left behind
     * @return its result table
     * @throws PowerShellException when the script failed, timed out or gave no JSON
     */
    public static PowerShellResult read(CommandResult result) {
        if (result.timedOut()) {
            throw new PowerShellException(PowerShellException.Reason.TIMED_OUT, "PowerShell timed out after "
                    + result.command().timeout().toSeconds() + " s and was killed", result);
        }
        if (result.exitCode() != 0) {
            throw new PowerShellException(PowerShellException.Reason.FAILED, "PowerShell failed with exit code "
                    + result.exitCode() + ": " + errorMessage(result), result);
        }
        String line = null;
        for (String l : result.stdout().split("\r?\n")) {
            if (l.startsWith(PowerShellScript.RESULT_MARKER)) {
                line = l.substring(PowerShellScript.RESULT_MARKER.length()).strip();
            }
        }
        if (line == null) {
            throw new PowerShellException(PowerShellException.Reason.NO_RESULT, "PowerShell exited 0 but printed no "
                    + PowerShellScript.RESULT_MARKER + " line: " + errorMessage(result) + "; output: "
                    + CommandResult.excerpt(result.stdout().strip(), 400), result);
        }
        JsonNode json;
        try {
            json = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new PowerShellException(PowerShellException.Reason.MALFORMED_RESULT, "PowerShell printed a result that"
                    + " is not JSON: " + e.getOriginalMessage() + ": " + CommandResult.excerpt(line, 400), result);
        }
        if (json == null || !json.isObject()) {
            throw new PowerShellException(PowerShellException.Reason.MALFORMED_RESULT,
                    "PowerShell printed a result that is not a JSON object: " + CommandResult.excerpt(line, 400), result);
        }
        return new PowerShellResult(json, result);
    }

    private static String errorMessage(CommandResult result) {
        String stderr = result.stderr();
        int at = stderr.indexOf(PowerShellScript.ERROR_MARKER);
        String message = at >= 0 ? stderr.substring(at + PowerShellScript.ERROR_MARKER.length()) : stderr;
        message = message.strip();
        return message.isEmpty() ? "(no message on standard error)" : CommandResult.excerpt(message, 1000);
    }
}
