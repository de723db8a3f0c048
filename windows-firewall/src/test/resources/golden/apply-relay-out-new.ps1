& {
    # Portcullis: apply Windows Firewall rule group (2 new, 0 updated, 0 removed)
    $ErrorActionPreference = 'Stop'
    $global:ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    $portcullis = [ordered]@{}
    try {
        [Console]::OutputEncoding = [System.Text.Encoding]::UTF8
        $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
        if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { throw 'Windows Firewall changes need an elevated (Run as Administrator) PowerShell' }
        New-NetFirewallRule -Name 'portcullis-relay-out-1' -DisplayName 'Portcullis relay-out #1: allow outbound tcp 25' -Description 'smart host' -Group 'Portcullis relay-out' -Enabled 'True' -Direction 'Outbound' -Action 'Allow' -Protocol 'TCP' -LocalPort @('Any') -RemotePort @('25') -RemoteAddress @('198.51.100.7/32') -Profile 'Domain, Private' | Out-Null
        New-NetFirewallRule -Name 'portcullis-relay-out-2' -DisplayName 'Portcullis relay-out #2: deny udp 1000,2000' -Description '' -Group 'Portcullis relay-out' -Enabled 'True' -Direction 'Inbound' -Action 'Block' -Protocol 'UDP' -LocalPort @('1000', '2000') -RemotePort @('Any') -RemoteAddress @('Any') -Profile 'Domain, Private' | Out-Null
        $rules = @(Get-NetFirewallRule -Group 'Portcullis relay-out' -ErrorAction SilentlyContinue -ErrorVariable lookupErrors)
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


