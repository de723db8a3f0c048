package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
import dev.portcullis.testing.ForeignState;
import dev.portcullis.testing.InjectedFailure;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.LivedInHost;
import dev.portcullis.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.exec.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * firewalld on a lived-in mail server ({@link LivedInHost#firewalld}): fail2ban bans through its
 * firewallcmd-ipset action (a kernel ipset and a runtime direct rule), the administrator drops a
 * client with a runtime rich rule, zone {@code internal} and a firewalld ipset carry runtime-only
 * state, Docker's chains exist. Proven over the wire and by reading back every foreign state:
 * nothing runtime-only is lost through apply, re-apply, remove, or a rollback at any step.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LivedInFirewalldIT {

    private static final Duration QUICK = Duration.ofSeconds(2);

    @AutoClose
    static LinuxTestHost host;
    static LivedInHost livedIn;
    static TestClient client;
    static PortPolicy smtp;
    static ForeignState before;

    @BeforeAll
    static void startALivedInFirewalldHost() {
        host = LinuxTestHost.start().listenOn(25);
        livedIn = LivedInHost.firewalld(host);
        client = host.newClient();
        smtp = PortPolicy.named("smtp").allow(Protocol.TCP, 25).from(livedIn.allowedNetwork()).build();
        before = foreignState();
    }

    static ForeignState foreignState() {
        return ForeignState.capture(host, LivedInHost.Firewall.FIREWALLD, livedIn.allowedNetwork());
    }

    static Provisioner provisioner() {
        return Provisioner.on(host.runner()).firewall(FirewalldBackend.ID);
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
    void aRollbackAtEveryStepOfTheApplyLeavesEveryRuntimeOnlyStateAsItWas() {
        Plan plan = provisioner().plan(smtp);
        assertThat(plan.steps()).as(plan.render()).hasSize(2);
        assertThat(plan.render()).doesNotContain("--reload");

        assertEveryStepRollsBackToTheForeignStateBefore(plan, "apply");
    }

    @Test
    @Order(2)
    void bannedAndDroppedClientsStayOutAndNoRuntimeStateIsLostThroughApplyReapplyAndRemove() {
        ApplyReport applied = provisioner().apply(smtp);

        assertThat(applied.outcome()).as(applied.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(reaches25(livedIn.unbannedClient())).as("unbanned client in the allowed network").isTrue();
        assertThat(reaches25(livedIn.bannedClient())).as("client banned by fail2ban").isFalse();
        assertThat(reaches25(livedIn.adminDroppedClient())).as("client the administrator drops").isFalse();
        assertThat(foreignState()).as("after apply").isEqualTo(before);

        ApplyReport again = provisioner().apply(smtp);

        assertThat(again.outcome()).as(again.toString()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        assertThat(reaches25(livedIn.bannedClient())).as("banned client after re-apply").isFalse();
        assertThat(reaches25(livedIn.unbannedClient())).as("unbanned client after re-apply").isTrue();
        assertThat(foreignState()).as("after re-apply").isEqualTo(before);

        Plan removal = provisioner().planRemoval(smtp);
        assertThat(removal.steps()).as(removal.render()).hasSize(2);
        assertEveryStepRollsBackToTheForeignStateBefore(removal, "removal");
        assertThat(reaches25(livedIn.unbannedClient())).as("the policy holds after the rolled-back removals").isTrue();

        ApplyReport removed = provisioner().remove(smtp);

        assertThat(removed.outcome()).as(removed.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(reaches25(livedIn.bannedClient())).as("banned client after remove").isFalse();
        assertThat(reaches25(livedIn.unbannedClient())).as("port 25 closed again after remove").isFalse();
        assertThat(livedIn.postfixBans()).contains(livedIn.bannedClient());
        assertThat(foreignState()).as("after remove").isEqualTo(before);
    }

    /** Port 25 from the allowed network and {@code count - 1} /32s of {@code range}: one owned ipset of {@code count} entries. */
    static PortPolicy withSet(String name, String range, int count) {
        List<String> sources = new ArrayList<>();
        sources.add(livedIn.allowedNetwork());
        for (int i = 0; sources.size() < count; i++) {
            sources.add(range + (i / 256) + "." + (i % 256) + "/32");
        }
        return PortPolicy.named(name).allow(Protocol.TCP, 25).from(sources.toArray(String[]::new)).build();
    }

    static Map<String, FirewalldIpset> ownedIpsets(String policy, String configuration) {
        return FirewalldClient.ipsets(call(FirewalldClient.read("public", true, true, null, policy), "read"), configuration);
    }

    @Test
    @Order(3)
    void manySourcesStayOneRichRuleEachWhereAReloadWouldLoseFail2bansDirectRulesAndTheyServeWithoutAReload() {
        PortPolicy many = withSet("many", "198.18.", 12);
        Plan plan = provisioner().plan(many);
        assertThat(plan.notes()).as(plan.render()).anySatisfy(n -> assertThat(n).contains("not an ipset")
                .contains("runtime direct chains, rules or passthroughs"));
        assertThat(plan.steps()).extracting(Step::description).as(plan.render())
                .noneMatch(d -> d.contains("reload") || d.contains("ipset"));

        ApplyReport applied = provisioner().apply(many);

        assertThat(applied.outcome()).as(applied.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(reaches25(livedIn.unbannedClient())).as("a client of the allowed network").isTrue();
        assertThat(reaches25(livedIn.bannedClient())).as("fail2ban's ban still holds: no reload").isFalse();
        assertThat(ownedIpsets("many", "permanent")).isEmpty();
        assertThat(ownedIpsets("many", "runtime")).isEmpty();
        assertThat(provisioner().verify(many).converged()).isTrue();

        ApplyReport removed = provisioner().remove(many);

        assertThat(removed.outcome()).as(removed.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(reaches25(livedIn.unbannedClient())).as("port 25 closed again").isFalse();
        assertThat(foreignState()).as("every foreign and runtime-only state").isEqualTo(before);
    }

    private static JsonNode call(Command command, String what) {
        return FirewalldClient.reply(host.runner().run(command), what);
    }
}
