package dev.portcullis.examples.meaning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.examples.nftables.NftablesBackend;
import dev.portcullis.plan.Plan;
import dev.portcullis.testing.LinuxTestHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The example nftables backend against the reference semantics over the wire. Unmatched traffic:
 * the test host has no other nftables rules and the backend's chains have policy accept, so what
 * no rule decides is open. Removal leaves the backend's own table behind, empty: the host check
 * ignores that empty table and nothing else.
 */
class NftablesMeaningIT extends DifferentialSuite {

    static Live live;

    @BeforeAll
    static void start() {
        LinuxTestHost host = LinuxTestHost.start();
        try {
            live = new Live(host, NftablesBackend.ID, NftablesMeaningIT::state);
        } catch (RuntimeException | Error e) {
            host.close();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (live != null) {
            live.host.close();
        }
    }

    static String state(LinuxTestHost host) {
        // Removal deletes the policy's chains and leaves the backend's table, empty, in place.
        return host.run("nft", "list", "ruleset").stdout().replace("table inet portcullis {\n}\n", "");
    }

    @Override
    Live live() {
        return live;
    }

    @Override
    String backend() {
        return NftablesBackend.ID;
    }

    @Override
    Observed unmatched() {
        return Observed.OPEN;
    }

    @Override
    String hostState() {
        return state(live.host);
    }

    @Override
    void assertRateLimitScopeIsSaid(Plan plan) {
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("not per source address"));
    }
}
