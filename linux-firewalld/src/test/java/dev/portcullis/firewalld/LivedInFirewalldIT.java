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
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
    void aNew5000EntrySetIsRefusedBeforeAnyReloadWhileFail2banHoldsDirectRulesAndTheApplyRollsBackWithoutATrace() {
        PortPolicy big = withSet("big", "198.18.", 5000);
        Plan plan = provisioner().plan(big);
        assertThat(plan.steps()).extracting(Step::description).satisfiesExactly(
                d -> assertThat(d).startsWith("permanent zone public: define 1 owned service, ipset portcullis-big_s1_4 created +5000"),
                d -> assertThat(d).startsWith("runtime zone public: one reload keeping the runtime (a new ipset)"));

        ApplyReport report = provisioner().apply(big);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.toString()).contains("refusing to reload firewalld: firewalld holds", "runtime direct",
                "(nothing was changed)");
        assertThat(reaches25(livedIn.unbannedClient())).as("nothing opened").isFalse();
        assertThat(ownedIpsets("big", "permanent")).as("the permanent set went with the rollback").isEmpty();
        assertThat(ownedIpsets("big", "runtime")).as("the runtime never knew it").isEmpty();
        assertThat(foreignState()).as("every foreign and runtime-only state").isEqualTo(before);
    }

    /**
     * Without firewalld direct rules (fail2ban's firewallcmd-ipset direct rule taken away), a new set's reload keeps every runtime-only state: the
     * administrator's runtime drop, the runtime port and rule of zone internal, the runtime entries
     * of the administrator's ipset, fail2ban's sshd chain and Docker's chains.
     */
    @Test
    @Order(4)
    @org.junit.jupiter.api.Disabled("measured 2026-11-30: with fail2ban's direct rule removed, firewalld's reload still"
            + " flushed the iptables tables (Docker's and fail2ban's chains); the client now refuses the reload while"
            + " iptables holds any chain or rule, which this lived-in host always does: the positive proof needs a host"
            + " without iptables content (issue #20 point 1, open)")
    void withoutDirectRulesA5000EntrySetIsLoadedByOneReloadThatKeepsTheRuntimeSwappedWithoutDroppingAClientInBothAndRemoved()
            throws InterruptedException {
        // Take fail2ban's direct rule away (the jail keeps running; its ban is then not enforced, which this test
        // does not look at): firewall-cmd --direct --remove-rules FAMILY TABLE CHAIN for each chain that holds one.
        host.run("firewall-cmd", "--direct", "--get-all-rules").stdout().lines().filter(l -> !l.isBlank())
                .map(l -> List.of(l.strip().split("\\s+")).subList(0, 3)).distinct()
                .forEach(c -> host.run("firewall-cmd", "--direct", "--remove-rules", c.get(0), c.get(1), c.get(2)));
        assertThat(host.run("firewall-cmd", "--direct", "--get-all-rules").stdout()).as("no direct rule left").isBlank();
        ForeignState withoutDirect = foreignState();
        String outside = host.network().address(20);

        // Rollback at every step position, with a small set (10 entries): the runtime step's run reloads, then rolls
        // back; the foreign state is read in full after that run (the one that reloaded), the rollback check of the
        // plan itself proves the zone and the sets after each.
        Plan small = provisioner().plan(withSet("small", "198.19.", 10));
        assertThat(small.steps()).as(small.render()).hasSize(2);
        InjectedFailure.failAtEveryStep(host.runner(), small, (report, step) -> {
            assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
            assertThat(ownedIpsets("small", "permanent")).isEmpty();
            assertThat(reaches25(livedIn.unbannedClient())).isFalse();
        });
        assertThat(foreignState()).as("after the rollback of the run that reloaded").isEqualTo(withoutDirect);
        assertThat(reaches25(livedIn.adminDroppedClient())).isFalse();

        PortPolicy big = withSet("big", "198.18.", 5000);
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());
        Provisioner p = Provisioner.on(counting).firewall(FirewalldBackend.ID);
        p.facts();
        counting.reset();
        ApplyReport applied = p.apply(big);

        assertThat(applied.outcome()).as(applied.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        int applySpawns = counting.commands().size();
        assertThat(counting.commands()).filteredOn(c -> c.program().equals("python3")).as("read, 2 changes, 2 probes")
                .hasSize(5);
        assertThat(ownedIpsets("big", "runtime").get("portcullis-big_s1_4").entries()).hasSize(5000);
        assertThat(reaches25(livedIn.unbannedClient())).as("a client inside the 5,000-entry set").isTrue();
        assertThat(reaches25(outside)).as("a client outside the set").isFalse();
        assertThat(reaches25(livedIn.adminDroppedClient())).as("the administrator's runtime drop, after the reload")
                .isFalse();
        assertThat(foreignState()).as("every runtime-only state after the reload").isEqualTo(withoutDirect);
        counting.reset();

        ApplyReport again = p.apply(big);

        assertThat(again.outcome()).as(again.toString()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        int reapplySpawns = counting.commands().size();
        assertThat(counting.commands()).filteredOn(c -> c.program().equals("python3")).as("the snapshot read only")
                .hasSize(1);
        assertThat(p.verify(big).converged()).isTrue();

        // A replace: the allowed network stays, the 4,999 others change. A client in both keeps connecting throughout.
        PortPolicy swapped = withSet("big", "198.20.", 5000);
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean swapping = new AtomicBoolean(true);
        Thread loop = new Thread(() -> {
            while (swapping.get()) {
                probes.incrementAndGet();
                if (!reaches25(livedIn.unbannedClient())) {
                    refused.incrementAndGet();
                }
            }
        });
        loop.start();
        long start = System.nanoTime();
        ApplyReport swap;
        try {
            swap = p.apply(swapped);
        } finally {
            swapping.set(false);
            loop.join();
        }
        long swapMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(swap.outcome()).as(swap.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(probes.get()).as("probes during the " + swapMillis + " ms swap").isGreaterThan(1);
        assertThat(refused.get()).as("refused of " + probes.get() + " probes during the swap").isZero();
        assertThat(ownedIpsets("big", "runtime").get("portcullis-big_s1_4").entries()).hasSize(5000)
                .contains("198.20.0.0/32").doesNotContain("198.18.0.0/32");
        assertThat(reaches25(outside)).isFalse();

        Plan removal = provisioner().planRemoval(swapped);
        InjectedFailure.failAtEveryStep(host.runner(), removal, (report, step) -> {
            assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
            assertThat(reaches25(livedIn.unbannedClient())).as("the policy holds after the rolled-back removal").isTrue();
        });
        assertThat(p.verify(swapped).converged()).isTrue();
        counting.reset();

        ApplyReport removed = p.remove(swapped);

        assertThat(removed.outcome()).as(removed.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        int removeSpawns = counting.commands().size();
        assertThat(counting.commands()).filteredOn(c -> c.program().equals("python3")).hasSize(5);
        assertThat(ownedIpsets("big", "permanent")).isEmpty();
        assertThat(ownedIpsets("big", "runtime").values()).allMatch(set -> set.entries().isEmpty());
        assertThat(reaches25(livedIn.unbannedClient())).as("port 25 closed again").isFalse();
        assertThat(foreignState()).as("every runtime-only state after remove").isEqualTo(withoutDirect);
        System.out.printf("firewalld + 5,000-entry set: apply %d processes, converged re-apply %d, remove %d;"
                + " swap of 4,999 entries %d ms, %d probes%n", applySpawns, reapplySpawns, removeSpawns, swapMillis,
                probes.get());
    }

    private static JsonNode call(Command command, String what) {
        return FirewalldClient.reply(host.runner().run(command), what);
    }
}
