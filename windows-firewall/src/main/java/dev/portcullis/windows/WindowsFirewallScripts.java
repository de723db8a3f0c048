package dev.portcullis.windows;

import dev.portcullis.internal.Text;
import dev.portcullis.powershell.PowerShellScript;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The PowerShell scripts of the windows-firewall backend, each run in one process. Every value is
 * bound through {@link PowerShellScript}'s literal binding; the code around the values is fixed here.
 *
 * <p>Each changing script checks for an elevated session first, and ends by reading the group back
 * ({@link #inspect(String)}'s statements), so that the same process that changed the rules proves
 * what they became.
 *
 * <p>An existing rule is changed or removed only as the object the script read from the group,
 * selected by its exact name ({@code -ceq}) and handed over as {@code -InputObject}: never by
 * {@code -Name}, which takes wildcards (a rule named {@code *} in the group would otherwise select
 * every rule on the host), and never through a pipeline that could be empty (an empty pipeline into
 * the NetSecurity cmdlets means "every rule"). As a second fence, a rule name read from the host
 * goes into a script only when it is {@linkplain #SELECTABLE_NAME plain}.
 */
public final class WindowsFirewallScripts {

    /**
     * Rule names read from a host that a script may select a rule by: letters, digits, space and
     * {@code . _ - ( ) { } , # @ +} (Portcullis's own names and Windows' GUID names fit); none of
     * PowerShell's wildcard characters {@code * ? [ ]}, nor its escape character.
     */
    static final Pattern SELECTABLE_NAME = Pattern.compile("[\\p{L}\\p{N} ._(){},#@+-]{1,255}");

    private WindowsFirewallScripts() {
    }

    /**
     * One process reads the group: its rules and their port and address filters. A group with no
     * rule is not an error (Get-NetFirewallRule reports it as ObjectNotFound); any other error is.
     *
     * @param group the rule group
     * @return the inspection script; its result has {@code rules}, {@code ports} and {@code addresses}
     */
    public static PowerShellScript inspect(String group) {
        PowerShellScript.Builder b = PowerShellScript.builder("Portcullis: read Windows Firewall rule group");
        readBack(b, group);
        return b.build();
    }

    /**
     * @param group the policy's rule group
     * @param changes what to create, update and remove
     * @return the script that makes the changes, then reads the group back
     */
    public static PowerShellScript apply(String group, WindowsFirewallChanges changes) {
        PowerShellScript.Builder b = PowerShellScript.builder("Portcullis: apply Windows Firewall rule group ("
                + changes.summary() + ")");
        requireElevation(b);
        if (!changes.removals().isEmpty() || !changes.updates().isEmpty()) {
            presentRules(b, group);
        }
        for (String name : changes.removals()) {
            b.statement("Remove-NetFirewallRule -InputObject (Get-RuleByExactName {})", selectable(name, group));
        }
        for (WindowsRule r : changes.updates()) {
            update(b, r);
        }
        for (WindowsRule r : changes.creates()) {
            create(b, r);
        }
        readBack(b, group);
        return b.build();
    }

    /**
     * Brings the group back to a snapshot, whatever state a failed or completed apply left it in:
     * rules the snapshot lacks go, rules it has are set back or re-created.
     *
     * @param snapshot the group as it was
     * @return the restoring script, ending with the group read back
     */
    public static PowerShellScript restore(WindowsFirewallSnapshot snapshot) {
        PowerShellScript.Builder b = PowerShellScript.builder("Portcullis: restore Windows Firewall rule group");
        requireElevation(b);
        List<String> keep = snapshot.names().stream().map(n -> selectable(n, snapshot.group())).toList();
        presentRules(b, snapshot.group());
        b.statement("$keep = {}", keep);
        b.statement("foreach ($rule in $rules) { if ($keep -cnotcontains $rule.Name) { Remove-NetFirewallRule -InputObject $rule } }");
        for (WindowsRule r : snapshot.rules()) {
            b.statement("if (@($rules | Where-Object { $_.Name -ceq {} }).Count -gt 0) {", r.name());
            update(b, r);
            b.statement("} else {");
            create(b, r);
            b.statement("}");
        }
        readBack(b, snapshot.group());
        return b.build();
    }

    /**
     * @param group the policy's rule group
     * @return the script that removes exactly the group's rules, then reads the group back
     */
    public static PowerShellScript removeGroup(String group) {
        PowerShellScript.Builder b = PowerShellScript.builder("Portcullis: remove Windows Firewall rule group");
        requireElevation(b);
        readRules(b, group);
        b.statement("foreach ($rule in $rules) { Remove-NetFirewallRule -InputObject $rule }");
        readBack(b, group);
        return b.build();
    }

    private static void requireElevation(PowerShellScript.Builder b) {
        b.statement("$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())");
        b.statement("if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {"
                + " throw 'Windows Firewall changes need an elevated (Run as Administrator) PowerShell' }");
    }

    private static void create(PowerShellScript.Builder b, WindowsRule r) {
        b.statement("New-NetFirewallRule -Name {} -DisplayName {} -Description {} -Group {} -Enabled {} -Direction {}"
                + " -Action {} -Protocol {} -LocalPort {} -RemotePort {} -RemoteAddress {} -Profile {} | Out-Null",
                r.name(), r.displayName(), r.description(), r.group(), r.enabled() ? "True" : "False", r.direction(),
                r.action(), r.protocol(), r.localPorts(), r.remotePorts(), r.remoteAddresses(), r.profileText());
    }

    private static void update(PowerShellScript.Builder b, WindowsRule r) {
        // Set-NetFirewallRule changes the rule in place: its name, group and identity stay.
        b.statement("Set-NetFirewallRule -InputObject (Get-RuleByExactName {}) -NewDisplayName {} -Description {} -Enabled {} -Direction {}"
                + " -Action {} -Protocol {} -LocalPort {} -RemotePort {} -RemoteAddress {} -Profile {}",
                r.name(), r.displayName(), r.description(), r.enabled() ? "True" : "False", r.direction(), r.action(),
                r.protocol(), r.localPorts(), r.remotePorts(), r.remoteAddresses(), r.profileText());
    }

    /**
     * @param name a rule name read from the host
     * @param group the group it was read from, for the message
     * @return the name, when a script may select a rule by it
     * @throws IllegalStateException naming the rule when it holds anything else
     */
    static String selectable(String name, String group) {
        if (!SELECTABLE_NAME.matcher(name).matches()) {
            throw new IllegalStateException("rule group '" + group + "' holds a rule named " + Text.show(name)
                    + ": Portcullis selects rules only by names of letters, digits, space and . _ - ( ) { } , # @ +,"
                    + " never by wildcard characters (* ? [ ]); rename or remove that rule by hand (nothing was changed)");
        }
        return name;
    }

    /** Reads the group's rules into {@code $rules}, and defines how one of them is selected by its exact name. */
    private static void presentRules(PowerShellScript.Builder b, String group) {
        readRules(b, group);
        b.statement("function Get-RuleByExactName([string]$name) { $found = @($rules | Where-Object { $_.Name -ceq $name });"
                + " if ($found.Count -ne 1) { throw ('expected one rule named ' + $name + ' in the group, found ' + $found.Count) };"
                + " $found[0] }");
    }

    private static void readRules(PowerShellScript.Builder b, String group) {
        b.statement("$rules = @(Get-NetFirewallRule -Group {} -ErrorAction SilentlyContinue -ErrorVariable lookupErrors)", group);
        b.statement("$failures = @($lookupErrors | Where-Object { $_.CategoryInfo.Category -ne 'ObjectNotFound' })");
        b.statement("if ($failures.Count -gt 0) { throw $failures[0] }");
    }

    private static void readBack(PowerShellScript.Builder b, String group) {
        readRules(b, group);
        // Profile is a flags enumeration: cast to text, ConvertTo-Json would print its bit mask.
        b.result("rules", "@($rules | Select-Object InstanceID, Name, DisplayName, Description, Group, Enabled, Direction,"
                + " Action, @{Name = 'Profiles'; Expression = { [string]$_.Profile }})");
        // An empty pipeline must not reach the filter cmdlets: without input they list every rule's filter.
        b.result("ports", "@(if ($rules.Count -gt 0) { $rules | Get-NetFirewallPortFilter"
                + " | Select-Object InstanceID, Protocol, LocalPort, RemotePort })");
        b.result("addresses", "@(if ($rules.Count -gt 0) { $rules | Get-NetFirewallAddressFilter"
                + " | Select-Object InstanceID, LocalAddress, RemoteAddress })");
    }
}
