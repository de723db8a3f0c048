package dev.portcullis.examples.meaning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.plan.Plan;
import dev.portcullis.testing.LinuxTestHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * linux-firewalld against the reference semantics over the wire. Unmatched traffic: the default
 * zone {@code public} with target {@code default} rejects what nothing in the zone accepts, so what
 * no rule decides is rejected (ICMP admin-prohibited). The named test
 * {@link #allowlistThenDenyLetsTheOfficeInAndDropsEveryoneElse()} is the case that failed before
 * rich rules carried priorities.
 */
class FirewalldMeaningIT extends DifferentialSuite {

    static Live live;

    @BeforeAll
    static void start() {
        LinuxTestHost host = LinuxTestHost.start();
        try {
            host.startFirewalld();
            assertThat(host.run("firewall-cmd", "--get-default-zone").stdout().strip()).isEqualTo("public");
            assertThat(host.run("firewall-cmd", "--permanent", "--zone=public", "--get-target").stdout().strip())
                    .isEqualTo("default");
            live = new Live(host, "linux-firewalld", FirewalldMeaningIT::state);
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
        // The zone in both configurations and the permanent service definitions (runtime ones follow by reload).
        return host.run("firewall-cmd", "--list-all").stdout() + host.run("firewall-cmd", "--permanent", "--list-all").stdout()
                + host.run("firewall-cmd", "--permanent", "--get-services").stdout();
    }

    @Override
    Live live() {
        return live;
    }

    @Override
    String backend() {
        return "linux-firewalld";
    }

    @Override
    Observed unmatched() {
        return Observed.REJECTED;
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
