package dev.portcullis.examples.meaning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.plan.Plan;
import dev.portcullis.testing.LinuxTestHost;

/**
 * linux-iptables against the reference semantics over the wire. Unmatched traffic: the test host's
 * INPUT chains have policy ACCEPT (set explicitly here), so what no rule decides is open.
 */
class IptablesMeaningIT extends DifferentialSuite {

    @Override
    String backend() {
        return "linux-iptables";
    }

    @Override
    Observed unmatched() {
        return Observed.OPEN;
    }

    @Override
    void prepare(LinuxTestHost host) {
        host.run("iptables", "-P", "INPUT", "ACCEPT");
        host.run("ip6tables", "-P", "INPUT", "ACCEPT");
    }

    @Override
    String state(LinuxTestHost host) {
        // Without counters and the "generated on" comments, which change by themselves.
        return (host.run("iptables-save").stdout() + host.run("ip6tables-save").stdout())
                .replaceAll("(?m)^#.*\n", "").replaceAll("\\[\\d+:\\d+\\]", "[]");
    }

    @Override
    void assertRateLimitScopeIsSaid(Plan plan) {
        // Per source, as RateLimit documents: hashlimit keyed by the source address.
        assertThat(plan.render()).contains("--hashlimit-mode srcip");
    }
}
