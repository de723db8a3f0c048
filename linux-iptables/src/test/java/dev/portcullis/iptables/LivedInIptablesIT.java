package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.ForeignState;
import dev.portcullis.testing.InjectedFailure;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.LivedInHost;
import dev.portcullis.testing.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * iptables on a lived-in mail server ({@link LivedInHost#iptables}): real fail2ban bans through
 * iptables-multiport (its jumps at the top of INPUT), the administrator drops a client and a
 * blocklist ipset, Docker's chains exist, INPUT drops by default. Proven over the wire: a banned
 * or dropped client in the allowed network stays out through apply, re-apply and remove; every
 * foreign rule, chain and ipset entry reads back identical, also after a rollback at any step.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LivedInIptablesIT {

    private static final Duration QUICK = Duration.ofSeconds(2);

    @AutoClose
    static LinuxTestHost host;
    static LivedInHost livedIn;
    static TestClient client;
    static HostFacts facts;
    static PortPolicy smtp;
    static ForeignState before;

    @BeforeAll
    static void startALivedInIptablesHost() {
        host = LinuxTestHost.start().listenOn(25);
        livedIn = LivedInHost.iptables(host);
        client = host.newClient();
        facts = HostFactsGatherer.gather(host.runner());
        smtp = PortPolicy.named("smtp").allow(Protocol.TCP, 25).from(livedIn.allowedNetwork()).build();
        before = foreignState();
    }

    static ForeignState foreignState() {
        return ForeignState.capture(host, LivedInHost.Firewall.IPTABLES);
    }

    static Provisioner provisioner() {
        return Provisioner.on(host.runner()).facts(facts).firewall("linux-iptables");
    }

    /** Fails the plan at each step in turn; each time it must roll back and leave every foreign state as before. */
    private static void assertEveryStepRollsBackToTheForeignStateBefore(Plan plan, String which) {
        InjectedFailure.failAtEveryStep(host.runner(), plan, (report, step) -> {
            assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
            assertThat(foreignState()).as("after a rollback at " + which + " step " + step).isEqualTo(before);
        });
    }

    static boolean reaches25(String source) {
        return client.canConnect(source, host.address(), 25, QUICK);
    }

    @Test
    @Order(1)
    void aRollbackAtEveryStepOfTheApplyLeavesEveryForeignRuleAsItWas() {
        Plan plan = provisioner().plan(smtp);
        assertThat(plan.steps()).as(plan.render()).isNotEmpty();

        assertEveryStepRollsBackToTheForeignStateBefore(plan, "apply");
    }

    @Test
    @Order(2)
    void bannedAndDroppedClientsStayOutThroughApplyReapplyAndRemoveAndNoForeignRuleChanges() {
        Plan plan = provisioner().plan(smtp);
        assertThat(plan.notes()).as(plan.render())
                .anySatisfy(n -> assertThat(n).contains("stays in front of the policy", "-j f2b-postfix"))
                .anySatisfy(n -> assertThat(n).contains("stays in front of the policy",
                        "-s " + livedIn.adminDroppedClient() + "/32 -j DROP"))
                .noneMatch(n -> n.contains("pre-empted"));

        ApplyReport applied = provisioner().apply(smtp);

        assertThat(applied.outcome()).as(applied.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(reaches25(livedIn.unbannedClient())).as("unbanned client in the allowed network").isTrue();
        assertThat(reaches25(livedIn.bannedClient())).as("client banned by fail2ban").isFalse();
        assertThat(reaches25(livedIn.adminDroppedClient())).as("client the administrator drops").isFalse();
        assertThat(foreignState()).as("after apply").isEqualTo(before);
        VerifyReport verified = provisioner().verify(smtp);
        assertThat(verified.converged()).as(verified.toString()).isTrue();
        assertThat(verified.findings()).anySatisfy(f -> assertThat(f).contains("stays in front", "-j f2b-postfix"));

        ApplyReport again = provisioner().apply(smtp);

        assertThat(again.outcome()).as(again.toString()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        assertThat(reaches25(livedIn.bannedClient())).as("banned client after re-apply").isFalse();
        assertThat(foreignState()).as("after re-apply").isEqualTo(before);

        Plan removal = provisioner().planRemoval(smtp);
        assertEveryStepRollsBackToTheForeignStateBefore(removal, "removal");

        ApplyReport removed = provisioner().remove(smtp);

        assertThat(removed.outcome()).as(removed.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(reaches25(livedIn.bannedClient())).as("banned client after remove").isFalse();
        assertThat(reaches25(livedIn.unbannedClient())).as("port 25 closed again after remove").isFalse();
        assertThat(foreignState()).as("after remove").isEqualTo(before);
    }

    @Test
    @Order(3)
    void aBanAppendedBelowTheJumpIsDriftAndReapplyPutsTheJumpBelowIt() {
        String lateClient = host.network().address(160);
        assertThat(provisioner().apply(smtp).outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        host.run("iptables", "-A", "INPUT", "-s", lateClient + "/32", "-j", "DROP");
        assertThat(reaches25(lateClient)).as("the policy pre-empts the appended DROP").isTrue();

        VerifyReport drift = provisioner().verify(smtp);

        assertThat(drift.drifts()).as(drift.toString()).anySatisfy(d -> {
            assertThat(d.subject()).contains("pre-empted");
            assertThat(d.actual()).contains("-s " + lateClient + "/32 -j DROP");
        });
        ApplyReport fixed = provisioner().apply(smtp);
        assertThat(fixed.outcome()).as(fixed.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(reaches25(lateClient)).as("the appended DROP decides again").isFalse();
        assertThat(reaches25(livedIn.unbannedClient())).as("unbanned client").isTrue();
        assertThat(provisioner().verify(smtp).converged()).isTrue();
        assertThat(provisioner().remove(smtp).outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
    }
}
