package dev.portcullis.exchange;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.internal.Text;
import dev.portcullis.powershell.PowerShellProcessOptions;
import dev.portcullis.spi.BackendContext;
import java.time.Duration;
import java.util.Optional;

/**
 * The options the exchange backend reads from {@link BackendContext#options()}.
 *
 * <ul>
 *   <li>{@code exchange.adoptReceiveConnector}: the name of an existing receive connector (usually
 *       {@code Default Frontend <SERVER>}) that Portcullis may set to the spec instead of creating its
 *       own, when that one already holds the bindings (Exchange allows one connector per binding and
 *       remote range). An adopted connector is changed, never removed.</li>
 *   <li>{@code exchange.certificatePasswordEnv}: the name of an environment variable of the
 *       PowerShell process holding the PFX password; the password never enters a script or plan.</li>
 *   <li>{@code exchange.powershell}: the PowerShell executable (default {@code powershell.exe}: the
 *       Exchange Management Shell needs Windows PowerShell);</li>
 *   <li>{@code exchange.timeoutSeconds}: how long one script may run (default 300).</li>
 * </ul>
 *
 * @param adoptReceiveConnector the connector to adopt, if any
 * @param certificatePasswordEnv the variable holding the PFX password, if any
 * @param powershell the PowerShell executable
 * @param timeout how long one script may run
 */
public record ExchangeOptions(Optional<String> adoptReceiveConnector, Optional<String> certificatePasswordEnv,
        String powershell, Duration timeout) {

    /** Option key: connector to adopt. */
    public static final String ADOPT_RECEIVE_CONNECTOR = "exchange.adoptReceiveConnector";
    /** Option key: environment variable with the PFX password. */
    public static final String CERTIFICATE_PASSWORD_ENV = "exchange.certificatePasswordEnv";
    /** Option key: PowerShell executable. */
    public static final String POWERSHELL = "exchange.powershell";
    /** Option key: script timeout in seconds. */
    public static final String TIMEOUT_SECONDS = "exchange.timeoutSeconds";

    /**
     * @param context the backend context
     * @return the options it sets
     * @throws InvalidSpecException naming the option when a value is not understood
     */
    public static ExchangeOptions from(BackendContext context) {
        Optional<String> adopt = context.option(ADOPT_RECEIVE_CONNECTOR);
        // Connector names: letters, digits, space and a few marks, as Exchange's defaults use.
        if (adopt.isPresent() && !adopt.get().matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}")) {
            throw new InvalidSpecException("options." + ADOPT_RECEIVE_CONNECTOR, Text.show(adopt.get())
                    + " is not a receive connector name (letters, digits, space and . _ -)");
        }
        Optional<String> env = context.option(CERTIFICATE_PASSWORD_ENV);
        if (env.isPresent() && !env.get().matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new InvalidSpecException("options." + CERTIFICATE_PASSWORD_ENV, Text.show(env.get())
                    + " is not an environment variable name");
        }
        PowerShellProcessOptions process = PowerShellProcessOptions.from(context, POWERSHELL, TIMEOUT_SECONDS);
        return new ExchangeOptions(adopt, env, process.program(), process.timeout());
    }
}
