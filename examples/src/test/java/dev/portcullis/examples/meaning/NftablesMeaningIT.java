package dev.portcullis.examples.meaning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.examples.nftables.NftablesBackend;
import dev.portcullis.plan.Plan;
import dev.portcullis.testing.LinuxTestHost;

/**
 * The example nftables backend against the reference semantics over the wire. Unmatched traffic:
 * the test host has no other input filter and the backend's chains have policy accept, so what
 * no rule decides is open. Removal leaves the backend's own table behind, empty: the host check
 * ignores that empty table and nothing else.
 */
class NftablesMeaningIT extends DifferentialSuite {

    @Override
    String backend() {
        return NftablesBackend.ID;
    }

    @Override
    Observed unmatched() {
        return Observed.OPEN;
    }

    @Override
    void prepare(LinuxTestHost host) {
        // Docker's embedded DNS adds nat rules on user networks; no chain filters incoming traffic.
        assertThat(host.run("nft", "list", "ruleset").stdout()).as("no input filter before the suite").doesNotContain("hook input");
    }

    @Override
    String state(LinuxTestHost host) {
        return host.run("nft", "list", "ruleset").stdout().replace("table inet portcullis {\n}\n", "");
    }

    @Override
    void assertRateLimitScopeIsSaid(Plan plan) {
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("not per source address"));
    }
}
