package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.ConnectionLoop;
import dev.portcullis.testing.ForeignState;
import dev.portcullis.testing.InjectedFailure;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.LivedInHost;
import dev.portcullis.testing.SyntheticNetworks;
import dev.portcullis.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Large allowlists as ipsets on a live lived-in host ({@link LivedInHost#iptables}: fail2ban, an
 * administrator's blocklist ipset, INPUT dropping by default), one container for every scenario:
 * a client inside a 5,000-network set reaches port 25 and one outside does not; replacing the set
 * never drops a connection attempt of a client in both the old and the new set; a rollback at
 * every step leaves the owned sets and everything foreign as before; remove leaves no set. The
 * rollback loops run on 10-network sets (each run of a loop reloads the set; what a rollback proves
 * does not depend on its size), the 5,000-network set is applied, changed and swapped once each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IptablesSetsIT {

    private static final Duration QUICK = Duration.ofSeconds(2);
    @AutoClose
    static LinuxTestHost host;
    static TestClient client;
    static HostFacts facts;
    static ForeignState foreignBefore;
    static String inside;
    static String outside;

    @BeforeAll
    static void startALivedInHostWithAClient() {
        host = LinuxTestHost.start().listenOn(25);
        LivedInHost.iptables(host);
        client = host.newClient();
        facts = HostFactsGatherer.gather(host.runner());
        inside = client.address();
        outside = host.network().address(131);
        foreignBefore = foreignState();
    }

    /**
     * @param first the first of the synthetic networks
     * @return the client's address and 4,999 networks 10.x.y.0/24 from {@code first} on: 5,000 sources
     */
    static PortPolicy relays(int first) {
        return relays(first, 5000);
    }

    /**
     * @param first the first of the synthetic networks
     * @param count how many sources: the client's address and {@code count - 1} networks 10.x.y.0/24
     * @return the policy (the rollback loops use 10 sources: what they prove does not depend on the size)
     */
    static PortPolicy relays(int first, int count) {
        List<String> sources = new ArrayList<>();
        sources.add(inside + "/32");
        sources.addAll(SyntheticNetworks.networks(first, count - 1));
        return PortPolicy.named("relays").allow(Protocol.TCP, 25).from(sources.toArray(new String[0])).build();
    }

    static Provisioner provisioner() {
        return Provisioner.on(host.runner()).facts(facts).firewall("linux-iptables");
    }

    /** Every foreign state (the owned sets' lines left out of {@code ipset save}). */
    static ForeignState foreignState() {
        ForeignState all = ForeignState.capture(host, LivedInHost.Firewall.IPTABLES);
        java.util.Map<String, List<String>> listings = new java.util.LinkedHashMap<>(all.listings());
        listings.put("ipset save", listings.get("ipset save").stream().filter(l -> !l.matches("(create|add) pc-.*")).toList());
        return new ForeignState(listings);
    }

    /**
     * @return the owned sets as {@code ipset save} prints them, sorted, without the random initval
     *     and the hash size (which the kernel grows as members come)
     */
    static List<String> ownedSets() {
        return host.run("ipset", "save").stdout().lines().filter(l -> l.matches("(create|add) pc-.*"))
                .map(l -> l.replaceAll(" (initval|hashsize) [0-9a-fx]+", "")).sorted().toList();
    }

    static boolean reaches25(String source) {
        return client.canConnect(source, host.address(), 25, QUICK);
    }

    private static void assertEveryStepRollsBack(Plan plan, String which) {
        List<String> setsBefore = ownedSets();
        InjectedFailure.failAtEveryStep(host.runner(), plan, (report, step) -> {
            assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
            assertThat(ownedSets()).as("owned sets after a rollback at " + which + " step " + step).isEqualTo(setsBefore);
            assertThat(foreignState()).as("after a rollback at " + which + " step " + step).isEqualTo(foreignBefore);
        });
    }

    @Test
    @Order(1)
    void aRollbackAtEveryStepOfCreatingTheSetLeavesNoSetAndEveryForeignStateAsBefore() {
        Plan plan = provisioner().plan(relays(0, 10));
        assertThat(plan.render()).contains("ipset: fill create pc-relays-1-v4 (10 ");
        assertThat(plan.steps()).as(plan.render()).hasSize(2);

        assertEveryStepRollsBack(plan, "create");

        assertThat(ownedSets()).isEmpty();
    }

    @Test
    @Order(2)
    void aClientInsideTheFiveThousandNetworkSetReachesPort25AndOneOutsideDoesNot() {
        ApplyReport applied = provisioner().apply(relays(0));

        assertThat(applied.outcome()).as(applied.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(reaches25(inside)).as("client in the set").isTrue();
        assertThat(reaches25(outside)).as("client outside the set").isFalse();
        assertThat(host.run("iptables-save").stdout()).containsOnlyOnce("--match-set pc-relays-1-v4 src");
        assertThat(ownedSets()).hasSize(5001).first().asString().startsWith("add pc-relays-1-v4 ");
        assertThat(foreignState()).as("foreign rules and ipsets after apply").isEqualTo(foreignBefore);
        VerifyReport verified = provisioner().verify(relays(0));
        assertThat(verified.converged()).as(verified.toString()).isTrue();
        assertThat(provisioner().apply(relays(0)).outcome()).isEqualTo(ApplyReport.Outcome.UNCHANGED);

        host.run("ipset", "del", "pc-relays-1-v4", "10.0.7.0/24");
        assertThat(provisioner().verify(relays(0)).drifts()).singleElement()
                .satisfies(d -> assertThat(d.actual()).contains("lacks 1 and has 0"));
        Plan oneMember = provisioner().plan(relays(0));
        assertThat(oneMember.commands()).singleElement().satisfies(c -> assertThat(new String(c.stdin().orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("add pc-relays-1-v4 10.0.7.0/24\n"));
        assertThat(provisioner().apply(relays(0)).outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
    }

    @Test
    @Order(3)
    void replacingTheSetNeverDropsAConnectionAttemptOfAClientInBothSets() {
        ConnectionLoop probing = ConnectionLoop.start(client, inside, host.address(), 25);
        List<ApplyReport> swaps = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            // The rest refused, not dropped: a lost attempt shows as a refusal, never as a slow answer.
            // IPv4 only, like the set: an IPv6 rule would create the ip6 filter table this host lacks.
            swaps.add(provisioner().apply(relays(i % 2 == 1 ? 5000 : 0).toBuilder()
                    .reject(Protocol.TCP, 25).from("0.0.0.0/0").build()));
        }
        String counts = probing.stop();

        assertThat(swaps).allSatisfy(r -> {
            assertThat(r.outcome()).as(r.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
            assertThat(r.toString()).contains("swap in a new pc-relays-1-v4 (5000 ");
        });
        assertThat(counts).as("connection attempts during two replacements").matches("ok [1-9][0-9]* failed 0");
        assertThat(reaches25(outside)).isFalse();
    }

    @Test
    @Order(4)
    void aRollbackAtEveryStepOfAReplacementOrARemovalPutsTheOldSetBack() {
        assertThat(provisioner().apply(relays(0, 10)).outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        Plan replace = provisioner().plan(relays(5000, 10));
        assertThat(replace.steps()).as(replace.render()).hasSize(1);
        assertEveryStepRollsBack(replace, "replacement");

        Plan removal = provisioner().planRemoval(relays(0, 10));
        assertThat(removal.steps()).as(removal.render()).hasSize(2);
        assertEveryStepRollsBack(removal, "removal");
        assertThat(reaches25(inside)).as("client in the set after the rollbacks").isTrue();
    }

    @Test
    @Order(5)
    void removeLeavesNoSetAndEveryForeignIpsetAsItWas() {
        ApplyReport removed = provisioner().remove(relays(0, 10));

        assertThat(removed.outcome()).as(removed.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(ownedSets()).isEmpty();
        assertThat(host.run("ipset", "list", "-n").stdout()).contains(LivedInHost.BLOCKLIST).doesNotContain("pc-");
        assertThat(foreignState()).as("after remove").isEqualTo(foreignBefore);
        assertThat(reaches25(inside)).as("port 25 closed again").isFalse();
    }

    /** Where Debian's ipset-persistent puts its netfilter-persistent plugin (run before the rules' plugins at boot). */
    static final String IPSET_PLUGIN = "/usr/share/netfilter-persistent/plugins.d/10-ipset";

    /**
     * A reboot as Debian's netfilter-persistent does it, simulated in the container: every table
     * and set is gone (a fresh kernel), then the ipset plugin restores {@code /etc/iptables/ipsets}
     * and the rules' plugins {@code rules.v4} and {@code rules.v6}, in that order.
     */
    static void reboot() {
        host.run("nft", "flush", "ruleset");
        host.run("ipset", "destroy");
        assertThat(host.run("ipset", "list", "-n").stdout()).as("a fresh kernel has no sets").isBlank();
        host.run("sh", IPSET_PLUGIN, "start");
        host.run("iptables-restore", "/etc/iptables/rules.v4");
        host.run("ip6tables-restore", "/etc/iptables/rules.v6");
    }

    @Test
    @Order(6)
    void persistedSetsComeBackWithTheRulesAfterARebootAndRemoveTakesOnlyThePolicysSetsOutOfTheFile() {
        // The ipset-persistent package's plugin, as a stand-in with the same effect (the test image lacks the package).
        host.run("mkdir", "-p", "/usr/share/netfilter-persistent/plugins.d", "/etc/iptables");
        host.runner().run(Command.builder("dd").args("of=" + IPSET_PLUGIN, "status=none")
                .stdin("#!/bin/sh\n[ \"$1\" = start ] && exec ipset restore -exist -file /etc/iptables/ipsets\n").build());
        // The administrator saved the blocklist for the boot, as the blocklist rule needs it there.
        String adminSet = host.run("ipset", "save", LivedInHost.BLOCKLIST).stdout();
        host.runner().run(Command.builder("dd").args("of=/etc/iptables/ipsets", "status=none").stdin(adminSet).build());
        Provisioner persisting = provisioner().option("iptables.persist", "true");

        ApplyReport applied = persisting.apply(relays(0, 10));

        assertThat(applied.outcome()).as(applied.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(applied.toString()).contains("and the policy's 1 ipsets to /etc/iptables/ipsets");
        String savedSets = host.run("cat", "/etc/iptables/ipsets").stdout();
        assertThat(savedSets).startsWith(adminSet).contains("create pc-relays-1-v4 hash:net family inet");
        assertThat(host.run("cat", "/etc/iptables/rules.v4").stdout()).contains("--match-set pc-relays-1-v4 src");
        assertThat(persisting.apply(relays(0, 10)).outcome()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        List<String> setsBefore = ownedSets();
        List<String> tablesBefore = LiveHost.allLines(LiveHost.tables(host));

        reboot();

        assertThat(ownedSets()).as("the policy's set after the reboot").isEqualTo(setsBefore);
        assertThat(host.run("ipset", "list", "-n").stdout()).contains(LivedInHost.BLOCKLIST);
        assertThat(LiveHost.allLines(LiveHost.tables(host))).as("every table after the reboot").isEqualTo(tablesBefore);
        assertThat(reaches25(inside)).as("client in the set after the reboot").isTrue();
        assertThat(reaches25(outside)).as("client outside after the reboot").isFalse();
        assertThat(persisting.verify(relays(0, 10)).converged()).isTrue();

        ApplyReport removed = persisting.remove(relays(0, 10));

        assertThat(removed.outcome()).as(removed.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(host.run("cat", "/etc/iptables/ipsets").stdout()).isEqualTo(adminSet);
        assertThat(host.run("cat", "/etc/iptables/rules.v4").stdout()).doesNotContain("pc-relays");
        assertThat(ownedSets()).isEmpty();
        host.run("rm", "-rf", "/etc/iptables", IPSET_PLUGIN);
    }
}
