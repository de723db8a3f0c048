& {
    # Portcullis: apply Exchange transport configuration (accepted domains [fabrikam.com], certificate: create self signed, update Internet receive connector, create relay receive connector, transport size limits, create send connector)
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
        New-AcceptedDomain -Name 'Portcullis fabrikam.com' -DomainName 'fabrikam.com' -DomainType Authoritative | Out-Null
        if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }
        $certificate = New-ExchangeCertificate -Server $server -DomainName 'mail.contoso.com' -FriendlyName 'Portcullis mail.contoso.com' -Services SMTP -PrivateKeyExportable $false -Force
        if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }
        $tlsName = '<I>' + $certificate.Issuer + '<S>' + $certificate.Subject
        Set-ReceiveConnector -Identity ($server + '\' + 'Default Frontend EX01') -Bindings @('0.0.0.0:25', '[::]:25') -RemoteIPRanges @('0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff') -PermissionGroups 'AnonymousUsers' -AuthMechanism 'Tls' -MaxMessageSize '52428800B' -Fqdn 'mail.contoso.com' -RequireTLS $false
        if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }
        if ($tlsName) { Set-ReceiveConnector -Identity ($server + '\' + 'Default Frontend EX01') -TlsCertificateName $tlsName } else { Set-ReceiveConnector -Identity ($server + '\' + 'Default Frontend EX01') -TlsCertificateName $null }
        if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }
        New-ReceiveConnector -Name 'Portcullis mail-mail-contoso-com relay' -Server $server -TransportRole 'FrontendTransport' -Usage Custom -Bindings @('0.0.0.0:25', '[::]:25') -RemoteIPRanges @('192.0.2.0/24') -PermissionGroups 'AnonymousUsers' -AuthMechanism 'Tls' -MaxMessageSize '52428800B' -Fqdn 'mail.contoso.com' -RequireTLS $false | Out-Null
        if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }
        if ($tlsName) { Set-ReceiveConnector -Identity ($server + '\' + 'Portcullis mail-mail-contoso-com relay') -TlsCertificateName $tlsName } else { Set-ReceiveConnector -Identity ($server + '\' + 'Portcullis mail-mail-contoso-com relay') -TlsCertificateName $null }
        if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }
        Add-ADPermission -Identity ($server + '\' + 'Portcullis mail-mail-contoso-com relay') -User 'NT AUTHORITY\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient' | Out-Null
        if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }
        Set-TransportConfig -MaxReceiveSize '52428800B' -MaxSendSize '52428800B'
        if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }
        New-SendConnector -Name 'Portcullis mail-mail-contoso-com Internet' -Internet -AddressSpaces @('*') -Fqdn 'mail.contoso.com' -MaxMessageSize '52428800B' -Port 587 -DNSRoutingEnabled $false -SmartHosts @('smarthost.example.net') | Out-Null
        if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }
        $portcullis['acceptedDomains'] = @(Get-AcceptedDomain | Select-Object Name, @{Name = 'DomainName'; Expression = { [string]$_.DomainName }}, @{Name = 'DomainType'; Expression = { [string]$_.DomainType }})
        $portcullis['receiveConnectors'] = @(Get-ReceiveConnector -Server $server | Select-Object Name, @{Name = 'TransportRole'; Expression = { [string]$_.TransportRole }}, @{Name = 'Bindings'; Expression = { @($_.Bindings | ForEach-Object { [string]$_ }) }}, @{Name = 'RemoteIPRanges'; Expression = { @($_.RemoteIPRanges | ForEach-Object { [string]$_ }) }}, @{Name = 'PermissionGroups'; Expression = { [string]$_.PermissionGroups }}, @{Name = 'AuthMechanism'; Expression = { [string]$_.AuthMechanism }}, @{Name = 'MaxMessageSize'; Expression = { [string]$_.MaxMessageSize }}, @{Name = 'Fqdn'; Expression = { [string]$_.Fqdn }}, @{Name = 'TlsCertificateName'; Expression = { [string]$_.TlsCertificateName }}, RequireTLS)
        $portcullis['anonymousRelayGrants'] = @(Get-ReceiveConnector -Server $server | Where-Object { @(Get-ADPermission -Identity $_.DistinguishedName | Where-Object { -not $_.Deny -and [string]$_.User -eq 'NT AUTHORITY\ANONYMOUS LOGON' -and @($_.ExtendedRights | ForEach-Object { [string]$_ }) -contains 'ms-Exch-SMTP-Accept-Any-Recipient' }).Count -gt 0 } | ForEach-Object { $_.Name })
        $portcullis['sendConnectors'] = @(Get-SendConnector | Select-Object Name, @{Name = 'AddressSpaces'; Expression = { @($_.AddressSpaces | ForEach-Object { [string]$_ }) }}, @{Name = 'SmartHosts'; Expression = { @($_.SmartHosts | ForEach-Object { [string]$_ }) }}, Port, @{Name = 'Fqdn'; Expression = { [string]$_.Fqdn }}, @{Name = 'MaxMessageSize'; Expression = { [string]$_.MaxMessageSize }})
        $transport = Get-TransportConfig
        $portcullis['transportConfig'] = [ordered]@{ MaxReceiveSize = [string]$transport.MaxReceiveSize; MaxSendSize = [string]$transport.MaxSendSize }
        $portcullis['certificates'] = @(Get-ExchangeCertificate -Server $server | Select-Object Thumbprint, FriendlyName, Subject, Issuer, @{Name = 'Services'; Expression = { [string]$_.Services }})
        if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }
        'PORTCULLIS-RESULT:' + (ConvertTo-Json -InputObject $portcullis -Depth 8 -Compress)
    } catch {
        [Console]::Error.WriteLine('PORTCULLIS-ERROR: ' + $_.Exception.Message + ' ' + $_.InvocationInfo.PositionMessage)
        exit 1
    }
}


