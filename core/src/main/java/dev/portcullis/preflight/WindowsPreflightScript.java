package dev.portcullis.preflight;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Generates the one PowerShell script that reads every Windows fact the checks need and prints
 * them as a single JSON document: elevation, logical processors, memory, free space on the
 * spool's drive, listeners on the ports of interest ({@code Get-NetTCPConnection -State Listen}
 * with each owner's process name), firewall profiles, enabled block rules with their port
 * filters, and the Exchange transport services and version. One process per preflight.
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
    static String render(Set<Integer> ports, Optional<String> spoolPath) {
        String portList = ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
        String spool = spoolPath.filter(p -> WINDOWS_PATH.matcher(p).matches())
                .map(WindowsPreflightScript::literal).orElse("($env:SystemDrive + '\\')");
        return String.join("\n",
                "$ErrorActionPreference = 'Stop'",
                "$ports = @(" + portList + ")",
                "$spool = " + spool,
                "$principal = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()",
                "$elevated = $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)",
                "$cs = Get-CimInstance -ClassName Win32_ComputerSystem",
                "$root = [System.IO.Path]::GetPathRoot($spool)",
                "$drive = New-Object System.IO.DriveInfo -ArgumentList $root",
                "$listeners = @(Get-NetTCPConnection -State Listen -ErrorAction SilentlyContinue |",
                "  Where-Object { $ports -contains [int]$_.LocalPort } | ForEach-Object {",
                "    $p = Get-Process -Id $_.OwningProcess -ErrorAction SilentlyContinue",
                "    [pscustomobject]@{ LocalAddress = [string]$_.LocalAddress; LocalPort = [int]$_.LocalPort;",
                "      OwningProcess = [int]$_.OwningProcess; ProcessName = $(if ($p) { [string]$p.ProcessName } else { $null }) } })",
                "$profiles = @(Get-NetFirewallProfile | ForEach-Object {",
                "  [pscustomobject]@{ Name = [string]$_.Name; Enabled = [string]$_.Enabled;",
                "    DefaultInboundAction = [string]$_.DefaultInboundAction; DefaultOutboundAction = [string]$_.DefaultOutboundAction } })",
                "$blocks = @(Get-NetFirewallRule -Enabled True -Action Block -ErrorAction SilentlyContinue | ForEach-Object {",
                "  $f = $_ | Get-NetFirewallPortFilter",
                "  [pscustomobject]@{ Name = [string]$_.Name; DisplayName = [string]$_.DisplayName; Direction = [string]$_.Direction;",
                "    Protocol = [string]$f.Protocol; LocalPort = @($f.LocalPort | ForEach-Object { [string]$_ });",
                "    RemotePort = @($f.RemotePort | ForEach-Object { [string]$_ }) } })",
                "$services = @(Get-Service -Name 'MSExchangeTransport', 'MSExchangeFrontEndTransport', 'SMTPSVC'"
                        + " -ErrorAction SilentlyContinue | ForEach-Object {",
                "  [pscustomobject]@{ Name = [string]$_.Name; Status = [string]$_.Status } })",
                "$setup = Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\Setup' -ErrorAction SilentlyContinue",
                "$exchangeVersion = $(if ($setup) { '{0}.{1}.{2}.{3}' -f $setup.MsiProductMajor, $setup.MsiProductMinor,"
                        + " $setup.MsiBuildMajor, $setup.MsiBuildMinor } else { $null })",
                "[pscustomobject]@{ elevated = [bool]$elevated; logicalProcessors = [int]$cs.NumberOfLogicalProcessors;",
                "  totalMemoryBytes = [long]$cs.TotalPhysicalMemory; spoolRoot = [string]$root;",
                "  spoolFreeBytes = [long]$drive.AvailableFreeSpace; listeners = $listeners; firewallProfiles = $profiles;",
                "  blockRules = $blocks; exchangeServices = $services; exchangeVersion = $exchangeVersion }"
                        + " | ConvertTo-Json -Depth 5 -Compress",
                "");
    }

    /** A single-quoted PowerShell literal; the value was validated, the doubling is belt and braces. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
