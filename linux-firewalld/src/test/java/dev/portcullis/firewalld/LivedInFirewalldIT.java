package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.testing.ForeignState;
import dev.portcullis.testing.InjectedFailure;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.LivedInHost;
import dev.portcullis.testing.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.exec.Command;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    @Test
    @Order(3)
    void aNew5000EntryOwnedIpsetIsRefusedAtRuntimeBeforeAnyReloadWhileFail2banHoldsDirectRulesAndLeavesNoTrace() {
        String name = OwnedService.prefixOf(smtp.name()) + "s1_4";
        Set<String> entries = new TreeSet<>();
        entries.add(livedIn.allowedNetwork());
        for (int i = 0; entries.size() < 5000; i++) {
            entries.add("198.18." + (i / 256) + "." + (i % 256) + "/32");
        }
        FirewalldClient.IpsetContent set = new FirewalldClient.IpsetContent(name, "inet", entries);
        String rule = "rule family=\"ipv4\" source ipset=\"" + name + "\" port port=\"25\" protocol=\"tcp\" accept";
        ZoneChange nothing = new ZoneChange(Set.of(), Set.of(), Set.of(), Set.of());

        JsonNode permanent = call(FirewalldClient.changeWithSets(FirewallCmd.Config.PERMANENT, "public", nothing,
                List.of(set), List.of()), "create the set");
        assertThat(permanent.path("done").path("setIPSets").asInt()).as(permanent.toString()).isEqualTo(1);
        JsonNode read = call(FirewalldClient.readWithSets("public", OwnedService.prefixOf(smtp.name())), "read");
        assertThat(FirewalldClient.ipsets(read, "permanent")).as("5,000 entries in one call")
                .containsExactly(Map.entry(name, set));

        assertThatThrownBy(() -> call(FirewalldClient.changeWithSets(FirewallCmd.Config.RUNTIME, "public",
                new ZoneChange(Set.of(), Set.of(), Set.of(), Set.of(rule)), List.of(set), List.of()), "use the set"))
                .isInstanceOf(FirewalldRefusedException.class)
                .hasMessageContaining("refusing to reload firewalld: firewalld holds")
                .hasMessageContaining("runtime direct")
                .hasMessageContaining("(nothing was changed)");
        assertThat(reaches25(livedIn.unbannedClient())).as("nothing opened").isFalse();

        call(FirewalldClient.changeWithSets(FirewallCmd.Config.PERMANENT, "public", nothing, List.of(), List.of(name)),
                "delete the set");
        JsonNode after = call(FirewalldClient.readWithSets("public", OwnedService.PREFIX), "read");
        assertThat(FirewalldClient.ipsets(after, "permanent")).as("no Portcullis ipset left").isEmpty();
        assertThat(FirewalldClient.ipsets(after, "runtime")).as("no Portcullis ipset at runtime").isEmpty();
        assertThat(foreignState()).as("every foreign and runtime-only state").isEqualTo(before);
    }

    private static JsonNode call(Command command, String what) {
        return FirewalldClient.reply(host.runner().run(command), what);
    }
}
