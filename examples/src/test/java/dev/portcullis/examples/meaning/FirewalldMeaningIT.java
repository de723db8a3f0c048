package dev.portcullis.examples.meaning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.plan.Plan;
import dev.portcullis.testing.FirewalldListing;
import dev.portcullis.testing.LinuxTestHost;

/**
 * linux-firewalld against the reference semantics over the wire. Unmatched traffic: the default
 * zone {@code public} with target {@code default} rejects what nothing in the zone accepts, so what
 * no rule decides is rejected (ICMP admin-prohibited). The named test
 * {@link #allowlistThenDenyLetsTheOfficeInAndDropsEveryoneElse()} is the case that failed before
 * rich rules carried priorities.
 */
class FirewalldMeaningIT extends DifferentialSuite {

    @Override
    String backend() {
        return "linux-firewalld";
    }

    @Override
    Observed unmatched() {
        return Observed.REJECTED;
    }

    @Override
    void prepare(LinuxTestHost host) {
        host.startFirewalld();
        assertThat(host.run("firewall-cmd", "--get-default-zone").stdout().strip()).isEqualTo("public");
        assertThat(host.run("firewall-cmd", "--permanent", "--zone=public", "--get-target").stdout().strip())
                .isEqualTo("default");
    }

    @Override
    String state(LinuxTestHost host) {
        // Every zone, policy, service list, ipset and direct rule in both configurations, in one process,
        // less what firewalld keeps at runtime until its next reload (deleted services' names, emptied sets).
        return String.join("\n", FirewalldListing.lessRuntimeLeftovers(FirewalldListing.read(host)));
    }

    @Override
    void assertRateLimitScopeIsSaid(Plan plan) {
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("not per source address"));
    }
}
