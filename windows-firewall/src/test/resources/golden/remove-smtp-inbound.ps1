& {
    # Portcullis: remove Windows Firewall rule group
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
        foreach ($rule in $rules) { Remove-NetFirewallRule -InputObject $rule }
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


