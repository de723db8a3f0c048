package dev.portcullis.exchange;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.powershell.PowerShellException;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.powershell.PowerShellScript;
import dev.portcullis.spi.HostFacts;

/**
 * Finds the Exchange Management Shell on a Windows host, for {@link ExchangeBackend#supports}: one
 * PowerShell process reads {@code $env:ExchangeInstallPath} and checks that
 * {@code bin\RemoteExchange.ps1} is there. The answer is kept in the host facts as the attribute
 * {@value #INSTALL_PATH}.
 */
public final class ExchangeFacts {

    /** Host-facts attribute: the Exchange install path, when the Management Shell is there. */
    public static final String INSTALL_PATH = "exchange.installPath";

    private ExchangeFacts() {
    }

    /**
     * @return the script that finds the Management Shell; its result has {@code installPath}
     *     ("" when there is none)
     */
    public static PowerShellScript detectScript() {
        return PowerShellScript.builder("Portcullis: find the Exchange Management Shell")
                .statement("$path = [string]$env:ExchangeInstallPath")
                .statement("if ($path -and -not (Test-Path -LiteralPath (Join-Path $path 'bin\\RemoteExchange.ps1'))) { $path = '' }")
                .result("installPath", "$path")
                .build();
    }

    /**
     * @param runner reaches the host
     * @param facts what is known already
     * @return the facts with {@value #INSTALL_PATH} when the Management Shell is there; unchanged
     *     off Windows or when PowerShell cannot run
     */
    public static HostFacts detect(CommandRunner runner, HostFacts facts) {
        if (facts.osFamily() != HostFacts.OsFamily.WINDOWS) {
            return facts;
        }
        try {
            String path = PowerShellRunner.using(PowerShellRunner.WINDOWS_POWERSHELL).run(runner, detectScript())
                    .get("installPath").asText("");
            return path.isEmpty() ? facts : facts.toBuilder().attribute(INSTALL_PATH, path).build();
        } catch (PowerShellException | dev.portcullis.exec.CommandRunnerException e) {
            return facts;
        }
    }
}
