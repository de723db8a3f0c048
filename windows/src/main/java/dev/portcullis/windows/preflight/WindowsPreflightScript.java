package dev.portcullis.windows.preflight;

import dev.portcullis.powershell.PowerShellScript;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Generates the one PowerShell script that reads every Windows fact the checks need into its
 * result table: elevation, logical processors, memory, free space on the spool's drive, listeners
 * on the ports of interest ({@code Get-NetTCPConnection -State Listen} with each owner's process
 * name), firewall profiles, enabled block rules with their port filters, and the Exchange
 * transport services and version. One process per preflight.
 *
 * <p>Properties are cast to strings and numbers in the script, because {@code ConvertTo-Json}
 * otherwise writes enums as numbers in Windows PowerShell 5.1.
 */
final class WindowsPreflightScript {

    private static final Pattern WINDOWS_PATH = Pattern.compile("[A-Za-z]:\\\\[A-Za-z0-9 ._()\\\\-]{0,240}");

    private WindowsPreflightScript() {
    }

    /**
     * @param ports TCP ports whose listeners to report
     * @param spoolPath the spool directory, when it is a Windows path; otherwise the system drive
     * @return the script
     */
    static PowerShellScript render(Set<Integer> ports, Optional<String> spoolPath) {
        PowerShellScript.Builder b = PowerShellScript.builder("Portcullis preflight: read-only facts for the checks");
        b.statement("$ports = @(" + String.join(", ", ports.stream().map(p -> "{}").toList()) + ")",
                ports.stream().map(p -> (Object) p).toArray());
        Optional<String> spool = spoolPath.filter(p -> WINDOWS_PATH.matcher(p).matches());
        if (spool.isPresent()) {
            b.statement("$spool = {}", spool.get());
        } else {
            b.statement("$spool = $env:SystemDrive + '\\'");
        }
        b.statement("$principal = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()");
        b.statement("$cs = Get-CimInstance -ClassName Win32_ComputerSystem");
        b.statement("$root = [System.IO.Path]::GetPathRoot($spool)");
        b.statement("$drive = New-Object System.IO.DriveInfo -ArgumentList $root");
        b.result("elevated", "$principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)");
        b.result("logicalProcessors", "[int]$cs.NumberOfLogicalProcessors");
        b.result("totalMemoryBytes", "[long]$cs.TotalPhysicalMemory");
        b.result("spoolRoot", "[string]$root");
        b.result("spoolFreeBytes", "[long]$drive.AvailableFreeSpace");
        b.result("listeners", "@(Get-NetTCPConnection -State Listen -ErrorAction SilentlyContinue"
                + " | Where-Object { $ports -contains [int]$_.LocalPort } | ForEach-Object {"
                + " $p = Get-Process -Id $_.OwningProcess -ErrorAction SilentlyContinue;"
                + " [pscustomobject]@{ LocalAddress = [string]$_.LocalAddress; LocalPort = [int]$_.LocalPort;"
                + " OwningProcess = [int]$_.OwningProcess; ProcessName = $(if ($p) { [string]$p.ProcessName } else { $null }) } })");
        b.result("firewallProfiles", "@(Get-NetFirewallProfile | ForEach-Object {"
                + " [pscustomobject]@{ Name = [string]$_.Name; Enabled = [string]$_.Enabled;"
                + " DefaultInboundAction = [string]$_.DefaultInboundAction;"
                + " DefaultOutboundAction = [string]$_.DefaultOutboundAction } })");
        b.result("blockRules", "@(Get-NetFirewallRule -Enabled True -Action Block -ErrorAction SilentlyContinue"
                + " | ForEach-Object { $f = $_ | Get-NetFirewallPortFilter;"
                + " [pscustomobject]@{ Name = [string]$_.Name; DisplayName = [string]$_.DisplayName;"
                + " Direction = [string]$_.Direction; Protocol = [string]$f.Protocol;"
                + " LocalPort = @($f.LocalPort | ForEach-Object { [string]$_ });"
                + " RemotePort = @($f.RemotePort | ForEach-Object { [string]$_ }) } })");
        b.result("exchangeServices", "@(Get-Service -Name 'MSExchangeTransport', 'MSExchangeFrontEndTransport', 'SMTPSVC'"
                + " -ErrorAction SilentlyContinue | ForEach-Object { [pscustomobject]@{ Name = [string]$_.Name;"
                + " Status = [string]$_.Status } })");
        b.statement("$setup = Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\Setup'"
                + " -ErrorAction SilentlyContinue");
        b.result("exchangeVersion", "$(if ($setup) { '{0}.{1}.{2}.{3}' -f $setup.MsiProductMajor,"
                + " $setup.MsiProductMinor, $setup.MsiBuildMajor, $setup.MsiBuildMinor } else { $null })");
        return b.build();
    }
}
