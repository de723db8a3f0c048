& {
    # Portcullis: read Exchange transport configuration
    $ErrorActionPreference = 'Stop'
    $global:ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    $portcullis = [ordered]@{}
    try {
        [Console]::OutputEncoding = [System.Text.Encoding]::UTF8
        if (-not $env:ExchangeInstallPath) { throw 'no Exchange Management Shell: ExchangeInstallPath is not set' }
        . (Join-Path $env:ExchangeInstallPath 'bin\RemoteExchange.ps1')
        Connect-ExchangeServer -auto -ClientApplication:ManagementShell | Out-Null
        $server = $env:COMPUTERNAME
        $Error.Clear()
        $portcullis['acceptedDomains'] = @(Get-AcceptedDomain | Select-Object Name, @{Name = 'DomainName'; Expression = { [string]$_.DomainName }}, @{Name = 'DomainType'; Expression = { [string]$_.DomainType }})
        $portcullis['receiveConnectors'] = @(Get-ReceiveConnector -Server $server | Select-Object Name, @{Name = 'TransportRole'; Expression = { [string]$_.TransportRole }}, @{Name = 'Bindings'; Expression = { @($_.Bindings | ForEach-Object { [string]$_ }) }}, @{Name = 'RemoteIPRanges'; Expression = { @($_.RemoteIPRanges | ForEach-Object { [string]$_ }) }}, @{Name = 'PermissionGroups'; Expression = { [string]$_.PermissionGroups }}, @{Name = 'AuthMechanism'; Expression = { [string]$_.AuthMechanism }}, @{Name = 'MaxMessageSize'; Expression = { [string]$_.MaxMessageSize }}, @{Name = 'Fqdn'; Expression = { [string]$_.Fqdn }}, @{Name = 'TlsCertificateName'; Expression = { [string]$_.TlsCertificateName }}, RequireTLS)
        $portcullis['anonymousRelayGrants'] = @(Get-ReceiveConnector -Server $server | Where-Object { @(Get-ADPermission -Identity $_.DistinguishedName | Where-Object { -not $_.Deny -and [string]$_.User -eq 'NT AUTHORITY\ANONYMOUS LOGON' -and @($_.ExtendedRights | ForEach-Object { [string]$_ }) -contains 'ms-Exch-SMTP-Accept-Any-Recipient' }).Count -gt 0 } | ForEach-Object { $_.Name })
        $portcullis['sendConnectors'] = @(Get-SendConnector | Select-Object Name, @{Name = 'AddressSpaces'; Expression = { @($_.AddressSpaces | ForEach-Object { [string]$_ }) }}, @{Name = 'SmartHosts'; Expression = { @($_.SmartHosts | ForEach-Object { [string]$_ }) }}, Port, @{Name = 'Fqdn'; Expression = { [string]$_.Fqdn }}, @{Name = 'MaxMessageSize'; Expression = { [string]$_.MaxMessageSize }})
        $transport = Get-TransportConfig
        $portcullis['transportConfig'] = [ordered]@{ MaxReceiveSize = [string]$transport.MaxReceiveSize; MaxSendSize = [string]$transport.MaxSendSize }
        $portcullis['certificates'] = @(Get-ExchangeCertificate -Server $server | Select-Object Thumbprint, FriendlyName, Subject, Issuer, @{Name = 'Services'; Expression = { [string]$_.Services }})
        $pfxPassword = [Environment]::GetEnvironmentVariable('PORTCULLIS_PFX_PASSWORD')
        $pfxFile = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList @('/certs/mail.pfx', $pfxPassword)
        $portcullis['certificateFile'] = [ordered]@{ Thumbprint = $pfxFile.Thumbprint; FriendlyName = $pfxFile.FriendlyName; Subject = $pfxFile.Subject; Issuer = $pfxFile.Issuer; Services = '' }
        if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }
        'PORTCULLIS-RESULT:' + (ConvertTo-Json -InputObject $portcullis -Depth 8 -Compress)
    } catch {
        [Console]::Error.WriteLine('PORTCULLIS-ERROR: ' + $_.Exception.Message + ' ' + $_.InvocationInfo.PositionMessage)
        exit 1
    }
}


