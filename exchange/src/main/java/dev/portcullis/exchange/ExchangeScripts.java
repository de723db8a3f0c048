package dev.portcullis.exchange;

import dev.portcullis.powershell.PowerShellScript;
import java.util.List;
import java.util.Optional;

/**
 * The PowerShell scripts of the exchange backend, each run in one process. Every script first opens
 * the Exchange Management Shell the supported way ({@code RemoteExchange.ps1} and
 * {@code Connect-ExchangeServer -auto} from {@code $env:ExchangeInstallPath}); every value is bound
 * through {@link PowerShellScript}'s literal binding. Changing scripts end by reading the server
 * back, so that the process that made the changes also proves them.
 *
 * <p>Errors: the Exchange cmdlets run in an implicit-remoting module that the script's
 * {@code $ErrorActionPreference = 'Stop'} does not reach, so a failing cmdlet may only add to
 * {@code $Error} and let the next one run. Every changing statement is therefore followed by a
 * check that stops the script at the first failure and reports the first error ({@code $Error}
 * holds the newest first: the first is its last element).
 */
public final class ExchangeScripts {

    private ExchangeScripts() {
    }

    /**
     * One process reads what the backend manages.
     *
     * @param desired the desired state (says whether a PFX file is read too)
     * @param options the backend options (the PFX password's variable)
     * @return the inspection script
     */
    public static PowerShellScript inspect(ExchangeDesired.Certificate desired, ExchangeOptions options) {
        PowerShellScript.Builder b = PowerShellScript.builder("Portcullis: read Exchange transport configuration");
        connect(b);
        readBack(b, desired, options);
        return b.build();
    }

    /**
     * @param desired the desired state
     * @param changes what to change
     * @param options the backend options
     * @return the script that makes the changes, then reads the server back
     */
    public static PowerShellScript apply(ExchangeDesired desired, ExchangeChanges changes, ExchangeOptions options) {
        PowerShellScript.Builder b = PowerShellScript.builder("Portcullis: apply Exchange transport configuration ("
                + changes.summary() + ")");
        connect(b);
        for (String domain : changes.domainsToAdd()) {
            change(b, "New-AcceptedDomain -Name {} -DomainName {} -DomainType Authoritative | Out-Null",
                    ExchangePlanner.acceptedDomainName(domain), domain);
        }
        ExchangeDesired.Certificate cert = desired.certificate();
        switch (changes.certificate()) {
            case IMPORT -> {
                if (options.certificatePasswordEnv().isPresent()) {
                    password(b, options);
                    change(b, "Import-ExchangeCertificate -Server $server -FileData ([System.IO.File]::ReadAllBytes({}))"
                            + " -Password (ConvertTo-SecureString -String $pfxPassword -AsPlainText -Force)"
                            + " -PrivateKeyExportable $false | Out-Null", cert.path());
                } else {
                    change(b, "Import-ExchangeCertificate -Server $server -FileData ([System.IO.File]::ReadAllBytes({}))"
                            + " -PrivateKeyExportable $false | Out-Null", cert.path());
                }
                change(b, "Enable-ExchangeCertificate -Server $server -Thumbprint {} -Services SMTP -Force", cert.thumbprint());
            }
            case ENABLE_SMTP -> change(b, "Enable-ExchangeCertificate -Server $server -Thumbprint {} -Services SMTP -Force",
                    cert.thumbprint());
            case CREATE_SELF_SIGNED -> {
                change(b, "$certificate = New-ExchangeCertificate -Server $server -DomainName {} -FriendlyName {}"
                        + " -Services SMTP -PrivateKeyExportable $false -Force", desired.internet().fqdn(), cert.friendlyName());
                // The certificate exists only now: its name for the connectors comes from it, not from a value.
                b.statement("$tlsName = '<I>' + $certificate.Issuer + '<S>' + $certificate.Subject");
            }
            default -> { }
        }
        if (changes.certificate() != ExchangeChanges.CertificateChange.CREATE_SELF_SIGNED) {
            b.statement("$tlsName = {}", cert.tlsCertificateName());
        }
        connector(b, desired.internet(), changes.internet(), cert.kind() != ExchangeDesired.Certificate.Kind.NONE);
        desired.relay().ifPresent(r -> {
            connector(b, r, changes.relay(), cert.kind() != ExchangeDesired.Certificate.Kind.NONE);
            if (changes.relay() == ExchangeChanges.Change.CREATE) {
                // Relay for the trusted networks only: the connector's remote ranges are those networks.
                grantAnonymousRelay(b, r.name());
            }
        });
        if (changes.relay() == ExchangeChanges.Change.REMOVE) {
            // The spec trusts no network any more: its relay connector (and the grant on it) goes.
            change(b, "Get-ReceiveConnector -Server $server | Where-Object { $_.Name -eq {} } | Remove-ReceiveConnector"
                    + " -Confirm:$false", desired.relayName());
        }
        if (changes.transportLimits()) {
            change(b, "Set-TransportConfig -MaxReceiveSize {} -MaxSendSize {}",
                    ByteQuantifiedSize.format(desired.maxMessageSizeBytes()), ByteQuantifiedSize.format(desired.maxMessageSizeBytes()));
        }
        sendConnector(b, desired.send(), changes.send());
        readBack(b, cert, options);
        return b.build();
    }

    /**
     * Brings what a plan manages back to a snapshot, whatever state a failed or completed apply (or
     * removal) left it in: objects the snapshot lacks go, objects it has are set back or re-created.
     * An adopted connector is only set back. The SMTP certificate binding is not restored (see the
     * plan's note).
     *
     * @param before the snapshot
     * @param desired the plan's desired state (names the managed objects)
     * @param options the backend options
     * @return the restoring script, ending with the server read back
     */
    public static PowerShellScript restore(ExchangeSnapshot before, ExchangeDesired desired, ExchangeOptions options) {
        PowerShellScript.Builder b = PowerShellScript.builder("Portcullis: restore Exchange transport configuration");
        connect(b);
        for (String domain : desired.acceptedDomains()) {
            if (before.acceptedDomain(domain).isEmpty()) {
                change(b, "Get-AcceptedDomain | Where-Object { $_.Name -eq {} } | Remove-AcceptedDomain -Confirm:$false",
                        ExchangePlanner.acceptedDomainName(domain));
            } else if (before.acceptedDomain(domain).get().name().equals(ExchangePlanner.acceptedDomainName(domain))) {
                b.statement("if (-not (Get-AcceptedDomain | Where-Object { $_.Name -eq {} })) {",
                        ExchangePlanner.acceptedDomainName(domain));
                change(b, "New-AcceptedDomain -Name {} -DomainName {} -DomainType {} | Out-Null",
                        ExchangePlanner.acceptedDomainName(domain), domain, before.acceptedDomain(domain).get().domainType());
                b.statement("}");
            }
        }
        for (String name : List.of(desired.internet().name(), desired.relayName())) {
            Optional<ReceiveConnectorSettings> was = before.receiveConnector(name);
            b.statement("$found = @(Get-ReceiveConnector -Server $server | Where-Object { $_.Name -eq {} })", name);
            if (was.isEmpty()) {
                change(b, "$found | Remove-ReceiveConnector -Confirm:$false");
                continue;
            }
            ReceiveConnectorSettings w = was.get();
            b.statement("$tlsName = {}", w.tlsCertificateName());
            b.statement("if ($found.Count -gt 0) {");
            set(b, w, true);
            b.statement("} else {");
            create(b, w, true);
            if (before.grantsAnonymousRelay(w.name())) {
                grantAnonymousRelay(b, w.name());
            }
            b.statement("}");
        }
        Optional<SendConnectorSettings> send = before.sendConnector(desired.send().name());
        b.statement("$found = @(Get-SendConnector | Where-Object { $_.Name -eq {} })", desired.send().name());
        if (send.isEmpty()) {
            change(b, "$found | Remove-SendConnector -Confirm:$false");
        } else {
            b.statement("if ($found.Count -gt 0) {");
            setSend(b, send.get());
            b.statement("} else {");
            newSend(b, send.get());
            b.statement("}");
        }
        change(b, "Set-TransportConfig -MaxReceiveSize {} -MaxSendSize {}",
                ByteQuantifiedSize.format(before.maxReceiveSizeBytes()), ByteQuantifiedSize.format(before.maxSendSizeBytes()));
        List<String> keep = before.certificates().stream().map(ExchangeCertificate::thumbprint).toList();
        ExchangeDesired.Certificate cert = desired.certificate();
        if (cert.kind() == ExchangeDesired.Certificate.Kind.FILE && !keep.contains(cert.thumbprint())) {
            change(b, "Get-ExchangeCertificate -Server $server | Where-Object { $_.Thumbprint -eq {} }"
                    + " | Remove-ExchangeCertificate -Confirm:$false", cert.thumbprint());
        } else if (cert.kind() == ExchangeDesired.Certificate.Kind.SELF_SIGNED) {
            b.statement("$keep = {}", keep);
            change(b, "Get-ExchangeCertificate -Server $server | Where-Object { $_.FriendlyName -eq {} -and $keep -notcontains"
                    + " $_.Thumbprint } | Remove-ExchangeCertificate -Confirm:$false", cert.friendlyName());
        }
        readBack(b, cert, options);
        return b.build();
    }

    /**
     * Removes what the spec owns: its own receive connectors (never an adopted one), its send
     * connector and the accepted domains Portcullis created (by their {@code Portcullis} name).
     * Organisation-wide size limits and certificates stay (see the plan's notes).
     *
     * @param snapshot the server as it is
     * @param desired the spec's desired state (names the owned objects)
     * @param options the backend options
     * @return the removing script, ending with the server read back
     */
    public static PowerShellScript remove(ExchangeSnapshot snapshot, ExchangeDesired desired, ExchangeOptions options) {
        PowerShellScript.Builder b = PowerShellScript.builder("Portcullis: remove Exchange transport configuration");
        connect(b);
        for (String name : ownedReceiveConnectors(snapshot, desired)) {
            change(b, "Get-ReceiveConnector -Server $server | Where-Object { $_.Name -eq {} } | Remove-ReceiveConnector"
                    + " -Confirm:$false", name);
        }
        if (snapshot.sendConnector(desired.send().name()).isPresent()) {
            change(b, "Get-SendConnector | Where-Object { $_.Name -eq {} } | Remove-SendConnector -Confirm:$false",
                    desired.send().name());
        }
        for (String domain : ownedDomains(snapshot, desired)) {
            change(b, "Get-AcceptedDomain | Where-Object { $_.Name -eq {} } | Remove-AcceptedDomain -Confirm:$false",
                    ExchangePlanner.acceptedDomainName(domain));
        }
        readBack(b, desired.certificate(), options);
        return b.build();
    }

    /**
     * @param snapshot the server as it is
     * @param desired the spec's desired state
     * @return the receive connectors the spec owns that the server has
     */
    static List<String> ownedReceiveConnectors(ExchangeSnapshot snapshot, ExchangeDesired desired) {
        List<String> names = new java.util.ArrayList<>();
        if (!desired.adopted()) {
            names.add(desired.internet().name());
        }
        names.add(desired.relayName());
        return names.stream().filter(n -> snapshot.receiveConnector(n).isPresent()).toList();
    }

    /**
     * @param snapshot the server as it is
     * @param desired the spec's desired state
     * @return the spec's domains whose accepted domain Portcullis created (carries its name)
     */
    static List<String> ownedDomains(ExchangeSnapshot snapshot, ExchangeDesired desired) {
        return desired.acceptedDomains().stream().filter(d -> snapshot.acceptedDomain(d)
                .map(a -> a.name().equals(ExchangePlanner.acceptedDomainName(d))).orElse(false)).toList();
    }

    static void connect(PowerShellScript.Builder b) {
        b.statement("if (-not $env:ExchangeInstallPath) { throw 'no Exchange Management Shell: ExchangeInstallPath is not set' }");
        b.statement(". (Join-Path $env:ExchangeInstallPath 'bin\\RemoteExchange.ps1')");
        b.statement("Connect-ExchangeServer -auto -ClientApplication:ManagementShell | Out-Null");
        b.statement("$server = $env:COMPUTERNAME");
        // Preference variables do not reach the implicit-remoting module the Exchange cmdlets live
        // in, so an error there may not stop the script: $Error is checked by hand (failIfErrors).
        b.statement("$Error.Clear()");
    }

    private static void failIfErrors(PowerShellScript.Builder b) {
        b.statement("if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }");
    }

    /** A statement that changes the server, and the check that stops the script at its failure. */
    private static void change(PowerShellScript.Builder b, String template, Object... values) {
        b.statement(template, values);
        failIfErrors(b);
    }

    private static void grantAnonymousRelay(PowerShellScript.Builder b, String connector) {
        change(b, "Add-ADPermission -Identity ($server + '\\' + {}) -User {} -ExtendedRights {} | Out-Null", connector,
                ExchangeSnapshot.ANONYMOUS_LOGON, ExchangeSnapshot.ACCEPT_ANY_RECIPIENT);
    }

    private static void password(PowerShellScript.Builder b, ExchangeOptions options) {
        if (options.certificatePasswordEnv().isPresent()) {
            // The password stays in the process environment: no script, plan or log ever holds it.
            b.statement("$pfxPassword = [Environment]::GetEnvironmentVariable({})", options.certificatePasswordEnv().get());
        } else {
            b.statement("$pfxPassword = ''");
        }
    }

    private static void connector(PowerShellScript.Builder b, ReceiveConnectorSettings c, ExchangeChanges.Change change,
            boolean tls) {
        if (change == ExchangeChanges.Change.CREATE) {
            create(b, c, tls);
        } else if (change == ExchangeChanges.Change.UPDATE) {
            set(b, c, tls);
        }
    }

    private static void create(PowerShellScript.Builder b, ReceiveConnectorSettings c, boolean tls) {
        change(b, "New-ReceiveConnector -Name {} -Server $server -TransportRole {} -Usage Custom -Bindings {}"
                + " -RemoteIPRanges {} -PermissionGroups {} -AuthMechanism {} -MaxMessageSize {} -Fqdn {} -RequireTLS {} | Out-Null",
                c.name(), c.transportRole(), c.bindings(), c.remoteIpRanges(), flags(c.permissionGroups()),
                flags(c.authMechanisms()), ByteQuantifiedSize.format(c.maxMessageSizeBytes()), c.fqdn(), c.requireTls());
        tlsName(b, c, tls);
    }

    private static void set(PowerShellScript.Builder b, ReceiveConnectorSettings c, boolean tls) {
        change(b, "Set-ReceiveConnector -Identity ($server + '\\' + {}) -Bindings {} -RemoteIPRanges {}"
                + " -PermissionGroups {} -AuthMechanism {} -MaxMessageSize {} -Fqdn {} -RequireTLS {}",
                c.name(), c.bindings(), c.remoteIpRanges(), flags(c.permissionGroups()), flags(c.authMechanisms()),
                ByteQuantifiedSize.format(c.maxMessageSizeBytes()), c.fqdn(), c.requireTls());
        tlsName(b, c, tls);
    }

    private static void tlsName(PowerShellScript.Builder b, ReceiveConnectorSettings c, boolean tls) {
        if (tls) {
            change(b, "if ($tlsName) { Set-ReceiveConnector -Identity ($server + '\\' + {}) -TlsCertificateName $tlsName }"
                    + " else { Set-ReceiveConnector -Identity ($server + '\\' + {}) -TlsCertificateName $null }", c.name(), c.name());
        } else {
            change(b, "Set-ReceiveConnector -Identity ($server + '\\' + {}) -TlsCertificateName $null", c.name());
        }
    }

    private static void sendConnector(PowerShellScript.Builder b, SendConnectorSettings s, ExchangeChanges.Change change) {
        if (change == ExchangeChanges.Change.CREATE) {
            newSend(b, s);
        } else if (change == ExchangeChanges.Change.UPDATE) {
            setSend(b, s);
        }
    }

    private static void newSend(PowerShellScript.Builder b, SendConnectorSettings s) {
        if (s.dnsRouting()) {
            change(b, "New-SendConnector -Name {} -Internet -AddressSpaces {} -Fqdn {} -MaxMessageSize {} -Port {}"
                    + " -DNSRoutingEnabled $true | Out-Null", s.name(), s.addressSpaces(), s.fqdn(),
                    ByteQuantifiedSize.format(s.maxMessageSizeBytes()), s.port());
        } else {
            change(b, "New-SendConnector -Name {} -Internet -AddressSpaces {} -Fqdn {} -MaxMessageSize {} -Port {}"
                    + " -DNSRoutingEnabled $false -SmartHosts {} | Out-Null", s.name(), s.addressSpaces(), s.fqdn(),
                    ByteQuantifiedSize.format(s.maxMessageSizeBytes()), s.port(), s.smartHosts());
        }
    }

    private static void setSend(PowerShellScript.Builder b, SendConnectorSettings s) {
        if (s.dnsRouting()) {
            change(b, "Set-SendConnector -Identity {} -AddressSpaces {} -Fqdn {} -MaxMessageSize {} -Port {}"
                    + " -DNSRoutingEnabled $true -SmartHosts $null", s.name(), s.addressSpaces(), s.fqdn(),
                    ByteQuantifiedSize.format(s.maxMessageSizeBytes()), s.port());
        } else {
            change(b, "Set-SendConnector -Identity {} -AddressSpaces {} -Fqdn {} -MaxMessageSize {} -Port {}"
                    + " -DNSRoutingEnabled $false -SmartHosts {}", s.name(), s.addressSpaces(), s.fqdn(),
                    ByteQuantifiedSize.format(s.maxMessageSizeBytes()), s.port(), s.smartHosts());
        }
    }

    private static String flags(List<String> names) {
        return names.isEmpty() ? "None" : String.join(", ", names);
    }

    private static void readBack(PowerShellScript.Builder b, ExchangeDesired.Certificate cert, ExchangeOptions options) {
        b.result("acceptedDomains", "@(Get-AcceptedDomain | Select-Object Name, @{Name = 'DomainName'; Expression ="
                + " { [string]$_.DomainName }}, @{Name = 'DomainType'; Expression = { [string]$_.DomainType }})");
        // Exchange types are cast to text here: flags to names, sizes to '36 MB (37,748,736 bytes)',
        // multi-valued properties to string lists, so that the JSON does not depend on how the
        // remote session deserialised them.
        b.result("receiveConnectors", "@(Get-ReceiveConnector -Server $server | Select-Object Name,"
                + " @{Name = 'TransportRole'; Expression = { [string]$_.TransportRole }},"
                + " @{Name = 'Bindings'; Expression = { @($_.Bindings | ForEach-Object { [string]$_ }) }},"
                + " @{Name = 'RemoteIPRanges'; Expression = { @($_.RemoteIPRanges | ForEach-Object { [string]$_ }) }},"
                + " @{Name = 'PermissionGroups'; Expression = { [string]$_.PermissionGroups }},"
                + " @{Name = 'AuthMechanism'; Expression = { [string]$_.AuthMechanism }},"
                + " @{Name = 'MaxMessageSize'; Expression = { [string]$_.MaxMessageSize }},"
                + " @{Name = 'Fqdn'; Expression = { [string]$_.Fqdn }},"
                + " @{Name = 'TlsCertificateName'; Expression = { [string]$_.TlsCertificateName }}, RequireTLS)");
        // Who may relay is an Active Directory permission on the connector, not one of its settings.
        b.result("anonymousRelayGrants", "@(Get-ReceiveConnector -Server $server | Where-Object { @(Get-ADPermission"
                + " -Identity $_.DistinguishedName | Where-Object { -not $_.Deny -and [string]$_.User -eq {} -and"
                + " @($_.ExtendedRights | ForEach-Object { [string]$_ }) -contains {} }).Count -gt 0 } | ForEach-Object { $_.Name })",
                ExchangeSnapshot.ANONYMOUS_LOGON, ExchangeSnapshot.ACCEPT_ANY_RECIPIENT);
        b.result("sendConnectors", "@(Get-SendConnector | Select-Object Name,"
                + " @{Name = 'AddressSpaces'; Expression = { @($_.AddressSpaces | ForEach-Object { [string]$_ }) }},"
                + " @{Name = 'SmartHosts'; Expression = { @($_.SmartHosts | ForEach-Object { [string]$_ }) }}, Port,"
                + " @{Name = 'Fqdn'; Expression = { [string]$_.Fqdn }},"
                + " @{Name = 'MaxMessageSize'; Expression = { [string]$_.MaxMessageSize }})");
        b.statement("$transport = Get-TransportConfig");
        b.result("transportConfig", "[ordered]@{ MaxReceiveSize = [string]$transport.MaxReceiveSize;"
                + " MaxSendSize = [string]$transport.MaxSendSize }");
        b.result("certificates", "@(Get-ExchangeCertificate -Server $server | Select-Object Thumbprint, FriendlyName, Subject,"
                + " Issuer, @{Name = 'Services'; Expression = { [string]$_.Services }})");
        if (cert.kind() == ExchangeDesired.Certificate.Kind.FILE) {
            password(b, options);
            b.statement("$pfxFile = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2"
                    + " -ArgumentList @({}, $pfxPassword)", cert.path());
            b.result("certificateFile", "[ordered]@{ Thumbprint = $pfxFile.Thumbprint; FriendlyName = $pfxFile.FriendlyName;"
                    + " Subject = $pfxFile.Subject; Issuer = $pfxFile.Issuer; Services = '' }");
        }
        failIfErrors(b);
    }
}
