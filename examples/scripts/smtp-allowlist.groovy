// Opens SMTP port 25 to an allowlist of networks (and to nobody else), then shows the plan.
//
//   scripts/portcullis.sh script examples/scripts/smtp-allowlist.groovy --host-facts debian   # dry run anywhere
//   sudo scripts/portcullis.sh script examples/scripts/smtp-allowlist.groovy --apply          # on this machine
//
// Bindings: `provisioner` (a dev.portcullis.Provisioner; Provisioner.local() when unbound) and
// `apply` (true to apply, default false: plan only). The script's value is the plan, or the
// report when applied.
import dev.portcullis.*

def allowlist = ['203.0.113.0/24', '198.51.100.25', '2001:db8:25::/48']

def policy = PortPolicy.named('smtp-allowlist')
    .description('SMTP from our upstream filters only')
    .rule { r ->                                      // a closure where the API takes a Consumer<PortRule.Builder>
        r.action(RuleAction.ALLOW)
         .protocol(Protocol.TCP)
         .port(25)
         .sources(*allowlist)
         .rateLimit(RateLimit.perMinute(120))
         .description('inbound SMTP from the filtering service')
    }
    .deny(Protocol.TCP, 25).describedAs('everyone else')  // rules are read in order: the allowlist first
    .build()                                          // every problem at once, each naming its field

def p = binding.hasVariable('provisioner') ? provisioner : Provisioner.local()
def applying = binding.hasVariable('apply') && apply

if (applying) {
    p = p.newBuilder()                                // derive a variant: same host, same backends
         .listener { event -> println "  $event" }     // a closure where the API takes a ProvisioningListener
         .build()
    return p.apply(policy)
}
def plan = p.plan(policy)
println plan.render()
plan
