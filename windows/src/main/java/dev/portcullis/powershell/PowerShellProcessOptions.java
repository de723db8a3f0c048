package dev.portcullis.powershell;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.internal.Text;
import dev.portcullis.spi.BackendContext;
import java.time.Duration;

/**
 * The two options every PowerShell backend takes: which PowerShell to start and how long one
 * script may run. Each backend names its own option keys ({@code windows.powershell},
 * {@code exchange.timeoutSeconds}...); the parsing and its refusals are the same for all.
 *
 * @param program powershell.exe, pwsh or a full path
 * @param timeout how long one script may run
 */
public record PowerShellProcessOptions(String program, Duration timeout) {

    /**
     * @param context the backend context carrying the options
     * @param programOption key of the program option (default: Windows PowerShell)
     * @param timeoutOption key of the timeout option, in whole seconds (default:
     *     {@link PowerShellRunner#DEFAULT_TIMEOUT})
     * @return the options
     * @throws InvalidSpecException naming the option when a value is not understood
     */
    public static PowerShellProcessOptions from(BackendContext context, String programOption, String timeoutOption) {
        String program = context.option(programOption).orElse(PowerShellRunner.WINDOWS_POWERSHELL);
        if (!program.matches("[A-Za-z0-9 ._:\\\\/()-]{1,260}")) {
            throw new InvalidSpecException("options." + programOption, Text.show(program) + " is not a program path");
        }
        Duration timeout = PowerShellRunner.DEFAULT_TIMEOUT;
        String seconds = context.option(timeoutOption).orElse(null);
        if (seconds != null) {
            if (!seconds.matches("[1-9][0-9]{0,4}")) {
                throw new InvalidSpecException("options." + timeoutOption,
                        Text.show(seconds) + " is not a number of seconds (1-99999)");
            }
            timeout = Duration.ofSeconds(Long.parseLong(seconds));
        }
        return new PowerShellProcessOptions(program, timeout);
    }
}
