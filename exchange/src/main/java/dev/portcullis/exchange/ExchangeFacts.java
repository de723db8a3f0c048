package dev.portcullis.exchange;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.powershell.PowerShellException;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.powershell.PowerShellScript;
import dev.portcullis.spi.FactKey;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsContributor;
import dev.portcullis.windows.facts.WindowsFacts;
import java.time.Duration;
import java.util.Set;

/**
 * The exchange module's share of the host facts, for {@link ExchangeBackend#supports}: on a host
 * that may be Windows, one PowerShell process reads {@code $env:ExchangeInstallPath} and checks
 * that {@code bin\RemoteExchange.ps1} is there; the answer is the fact {@link #INSTALL_PATH}.
 * Found by {@link java.util.ServiceLoader}, so {@code Provisioner.local()} and
 * {@code Provisioner.on(runner)} choose the exchange backend on an Exchange server by themselves.
 */
public final class ExchangeFacts implements HostFactsContributor {

    /** The Exchange install path, when the Management Shell is there. */
    public static final FactKey<String> INSTALL_PATH = FactKey.text("exchange.installPath");

    /** How long the question may take (Windows PowerShell starts slowly on a busy server). */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The contributor, as {@link java.util.ServiceLoader} creates it. */
    public ExchangeFacts() {
    }

    /** @return no program: the Management Shell is found through the environment, not the PATH */
    @Override
    public Set<String> tools() {
        return Set.of();
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
     * Adds {@link #INSTALL_PATH} when the Management Shell is there; adds nothing off Windows or when
     * PowerShell cannot run.
     */
    @Override
    public void contribute(CommandRunner runner, HostFacts known, HostFacts.Builder facts) {
        if (!WindowsFacts.mayBeWindows(known)) {
            return;
        }
        try {
            String path = PowerShellRunner.using(PowerShellRunner.WINDOWS_POWERSHELL).timeout(TIMEOUT)
                    .run(runner, detectScript()).get("installPath").asText("");
            if (!path.isEmpty()) {
                facts.fact(INSTALL_PATH, path);
            }
        } catch (PowerShellException | CommandRunnerException e) {
            // no Windows PowerShell answered: no Exchange this backend can drive
        }
    }
}
