// A Postfix mail server and the firewall it needs: receives mail for example.com on 25,
// submission on 587 (STARTTLS + SASL), TLS 1.2 at least; then opens exactly those ports.
// The mail server is configured first, so its ports never open onto a half-configured server.
//
//   scripts/portcullis.sh script examples/scripts/postfix-with-firewall.groovy --host-facts debian
//   sudo scripts/portcullis.sh script examples/scripts/postfix-with-firewall.groovy --apply
//
// Bindings: `provisioner` (Provisioner.local() when unbound) and `apply` (default false).
// The script's value is the list of plans (mail server, firewall), or of reports when applied.
import dev.portcullis.*
import java.nio.file.Path

def mail = MailServerSpec.forHost('mail.example.com')
    .origin('example.com')
    .acceptMailFor('example.com')
    .tap {                                            // Groovy's tap: configure the builder, get it back
        trustNetworks('192.168.10.0/24')              // the office may relay without logging in; nobody else
        tls(Tls.fromFiles(Path.of('/etc/ssl/certs/mail.example.com.pem'), Path.of('/etc/ssl/private/mail.example.com.key'))
                .minimumVersion(TlsVersion.TLS_1_2))
        submission()
    }
    .maxMessageSize(DataSize.ofMegabytes(25))
    .build()
def firewall = mail.firewallPolicy()                  // TCP 25 and 587, named after the server

def p = binding.hasVariable('provisioner') ? provisioner : Provisioner.local()
def applying = binding.hasVariable('apply') && apply

if (applying) {
    p = p.newBuilder().listener { event -> println "  $event" }.build()
    def reports = [p.apply(mail)]
    if (reports[0].succeeded()) {                     // open the ports only onto a working server
        reports << p.apply(firewall)
    }
    reports.each { println it }
    return reports
}
def plans = [p.plan(mail), p.plan(firewall)]
plans.each { println it.render() }
plans
