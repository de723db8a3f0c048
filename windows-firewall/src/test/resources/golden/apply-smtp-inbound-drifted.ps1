& {
    # Portcullis: apply Windows Firewall rule group (1 new, 1 updated, 1 removed)
    $ErrorActionPreference = 'Stop'
    $global:ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    $portcullis = [ordered]@{}
    try {
        [Console]::OutputEncoding = [System.Text.Encoding]::UTF8
        $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
        if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { throw 'Windows Firewall changes need an elevated (Run as Administrator) PowerShell' }
        $rules = @(Get-NetFirewallRule -Group 'Portcullis smtp-inbound' -ErrorAction SilentlyContinue -ErrorVariable lookupErrors)
        $failures = @($lookupErrors | Where-Object { $_.CategoryInfo.Category -ne 'ObjectNotFound' })
        if ($failures.Count -gt 0) { throw $failures[0] }
        function Get-RuleByExactName([string]$name) { $found = @($rules | Where-Object { $_.Name -ceq $name }); if ($found.Count -ne 1) { throw ('expected one rule named ' + $name + ' in the group, found ' + $found.Count) }; $found[0] }
        Remove-NetFirewallRule -InputObject (Get-RuleByExactName 'portcullis-smtp-inbound-3')
        Set-NetFirewallRule -InputObject (Get-RuleByExactName 'portcullis-smtp-inbound-1') -NewDisplayName 'Portcullis smtp-inbound #1: allow tcp 25' -Description '' -Enabled 'True' -Direction 'Inbound' -Action 'Allow' -Protocol 'TCP' -LocalPort @('25') -RemotePort @('Any') -RemoteAddress @('203.0.113.0/24', '2001:db8::/48') -Profile 'Any'
        New-NetFirewallRule -Name 'portcullis-smtp-inbound-2' -DisplayName 'Portcullis smtp-inbound #2: allow tcp 465,587' -Description '' -Group 'Portcullis smtp-inbound' -Enabled 'True' -Direction 'Inbound' -Action 'Allow' -Protocol 'TCP' -LocalPort @('465', '587') -RemotePort @('Any') -RemoteAddress @('Any') -Profile 'Any' | Out-Null
        $rules = @(Get-NetFirewallRule -Group 'Portcullis smtp-inbound' -ErrorAction SilentlyContinue -ErrorVariable lookupErrors)
        $failures = @($lookupErrors | Where-Object { $_.CategoryInfo.Category -ne 'ObjectNotFound' })
        if ($failures.Count -gt 0) { throw $failures[0] }
        $portcullis['rules'] = @($rules | Select-Object InstanceID, Name, DisplayName, Description, Group, Enabled, Direction, Action, @{Name = 'Profiles'; Expression = { [string]$_.Profile }})
        $portcullis['ports'] = @(if ($rules.Count -gt 0) { $rules | Get-NetFirewallPortFilter | Select-Object InstanceID, Protocol, LocalPort, RemotePort })
        $portcullis['addresses'] = @(if ($rules.Count -gt 0) { $rules | Get-NetFirewallAddressFilter | Select-Object InstanceID, LocalAddress, RemoteAddress })
        'PORTCULLIS-RESULT:' + (ConvertTo-Json -InputObject $portcullis -Depth 8 -Compress)
    } catch {
        [Console]::Error.WriteLine('PORTCULLIS-ERROR: ' + $_.Exception.Message + ' ' + $_.InvocationInfo.PositionMessage)
        exit 1
    }
}


