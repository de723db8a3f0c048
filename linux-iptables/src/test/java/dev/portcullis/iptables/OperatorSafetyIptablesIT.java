package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.ApplyOptions;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.PendingRevert;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.OperatorLogin;
import dev.portcullis.testing.RevertWatch;
import dev.portcullis.testing.TestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operator safety on live iptables: the lockout guard refuses, before touching the host, a policy
 * that really would cut the operator's SSH port; an unconfirmed apply is reverted by the host
 * itself after its window, with no Java object left to do it; a confirmed apply stays.
 */
class OperatorSafetyIptablesIT {

    static final Duration QUICK = Duration.ofSeconds(2);
    static final int SSH = 22;
    static final int SERVICE = 8025;
    static final int KEPT = 8026;
    /**
     * Longer than an apply and the checks after it on a CI machine running four live groups on 2
     * cores (load 16: an apply that takes 2 s alone takes 15 there, and 12 s once proved too short);
     * the one test that waits for it waits once. On a machine busier still,
     * {@code -Dportcullis.revert.windowSeconds=N} gives the applies room.
     */
    static final Duration WINDOW = Duration.ofSeconds(Long.getLong("portcullis.revert.windowSeconds", 45));

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;
    static HostFacts facts;

    @BeforeAll
    static void startHost() {
        host = LinuxTestHost.start().listenOn(SSH).listenOn(SERVICE).listenOn(KEPT);
        client = host.newClient();
        facts = HostFactsGatherer.gather(host.runner());
    }

    static Provisioner provisioner(CommandRunner runner) {
        return Provisioner.on(runner).facts(facts).firewall("linux-iptables");
    }

    static List<String> tables() {
        return LiveHost.allLines(LiveHost.tables(host));
    }

    static boolean reaches(int port) {
        return client.canConnect(client.address(), host.address(), port, QUICK);
    }

    /** Whatever a failed test left: its pending reverts and its policies. */
    @AfterEach
    void cleanUp() {
        Provisioner p = provisioner(host.runner());
        p.confirm();
        p.remove(PortPolicy.named("cut").build());
        p.remove(PortPolicy.named("lockout").build());
        p.remove(PortPolicy.named("kept").build());
    }

    @Test
    void planRefusesAPolicyThatWouldCutTheOperatorsSshSessionAndChangesNothing() {
        OperatorLogin operator = new OperatorLogin(host.runner(), client.address(), SSH);
        PortPolicy cutsSsh = PortPolicy.named("lockout").allow(Protocol.TCP, SERVICE).reject(Protocol.TCP, SSH).build();
        List<String> before = tables();

        assertThatThrownBy(() -> provisioner(operator).plan(cutsSsh)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("rules[1]: would block tcp/22, the SSH port of the session running this (from "
                        + client.address() + ")");
        assertThatThrownBy(() -> provisioner(operator).apply(cutsSsh)).isInstanceOf(InvalidSpecException.class);
        assertThat(tables()).as("nothing changed").isEqualTo(before);
        assertThat(reaches(SSH)).isTrue();

        // The refusal was right: applied anyway, the policy really cuts the operator off.
        PortPolicy meant = cutsSsh.toBuilder().allowLockout().build();
        assertThat(provisioner(operator).apply(meant).succeeded()).isTrue();
        assertThat(reaches(SSH)).as("tcp/22 with the lockout allowed").isFalse();
        provisioner(operator).remove(meant);

        // An earlier allow of the operator's own address makes the deny of everyone else fine.
        PortPolicy officeFirst = PortPolicy.named("lockout").allow(Protocol.TCP, SSH).from(client.address())
                .reject(Protocol.TCP, SSH).build();
        assertThat(provisioner(operator).apply(officeFirst).succeeded()).isTrue();
        assertThat(reaches(SSH)).as("tcp/22 for the operator allowed first").isTrue();
        provisioner(operator).remove(officeFirst);
        assertThat(tables()).isEqualTo(before);
    }

    /**
     * The revert restores the policy's ipsets with the rules: the unconfirmed apply destroys a set
     * the snapshot's rules match (they would not load without it), refills another, and creates a
     * third; after the window the sets are as at the snapshot, the new one is gone, and a foreign
     * set was never touched.
     */
    @Test
    void anUnconfirmedApplyIsRevertedByTheHostItselfAfterItsWindowIpsetsIncludedAndAConfirmedOneStays() {
        assertThat(reaches(SERVICE)).isTrue();
        assertThat(reaches(KEPT)).isTrue();
        PortPolicy kept = PortPolicy.named("kept").reject(Protocol.TCP, KEPT).from(client.address()).build();
        Provisioner p = provisioner(host.runner());
        assertThat(p.apply(kept, ApplyOptions.builder().confirmWithin(WINDOW).build()).succeeded()).isTrue();
        assertThat(p.confirm()).hasSize(1);
        RevertWatch.awaitNone(host.runner(), Duration.ZERO);   // confirm left no revert folder or process
        assertThat(p.apply(cutAsItWas()).succeeded()).isTrue();
        host.run("ipset", "-exist", "create", "blocklist", "hash:ip");
        host.run("ipset", "-exist", "add", "blocklist", "203.0.113.99");
        List<String> snapshot = tables();
        List<String> setsAtSnapshot = ownedSets();
        String foreignSet = host.run("ipset", "save", "blocklist").stdout();
        assertThat(setsAtSnapshot).anyMatch(l -> l.startsWith("create pc-cut-1-v4"))
                .anyMatch(l -> l.startsWith("create pc-cut-3-v4")).noneMatch(l -> l.contains("pc-cut-2-v4"));

        armAndForget(WINDOW);

        assertThat(reaches(SERVICE)).as("cut by the unconfirmed apply").isFalse();
        assertThat(ownedSets()).as("set 1 destroyed, set 2 created, set 3 refilled by the apply")
                .noneMatch(l -> l.contains("pc-cut-1-v4")).anyMatch(l -> l.startsWith("create pc-cut-2-v4"))
                .contains("add pc-cut-3-v4 203.0.113.3");
        List<PendingRevert> pending = provisioner(host.runner()).pendingReverts();
        assertThat(pending).hasSize(1);
        assertThat(host.run("stat", "-c", "%a %U", pending.get(0).folder()).stdout().strip()).isEqualTo("700 root");
        // every file but start-stop-daemon's pid file (a number) is root's alone
        assertThat(host.run("find", pending.get(0).folder(), "-type", "f", "-not", "-name", "pid", "-not", "-perm", "600")
                .stdout()).isEmpty();
        assertThat(host.run("find", pending.get(0).folder(), "-name", "*.r*").stdout()).contains("ipv4.rules")
                .contains("ipsets-before-rules.restore").contains("ipsets-after-rules.restore");

        awaitReachable(SERVICE, WINDOW.plusSeconds(20));
        RevertWatch.awaitNone(host.runner(), Duration.ofSeconds(20));
        assertThat(tables()).as("iptables-save and ip6tables-save as at the snapshot").isEqualTo(snapshot);
        assertThat(ownedSets()).as("Portcullis's ipsets as at the snapshot, the apply's new set gone")
                .isEqualTo(setsAtSnapshot);
        assertThat(host.run("ipset", "save", "blocklist").stdout()).as("the foreign set, never re-created")
                .isEqualTo(foreignSet);
        // the confirmed apply's deadline came first: it is still in force
        assertThat(reaches(KEPT)).as("cut by the confirmed apply, after its window").isFalse();
        assertThat(p.remove(kept).succeeded()).isTrue();
    }

    @Test
    void aConvergedApplyArmsNothing() {
        PortPolicy cut = cutsTheClient();
        Provisioner p = provisioner(host.runner());
        p.apply(cut);

        ApplyReport again = p.apply(cut, ApplyOptions.builder().confirmWithin(Duration.ofSeconds(60)).build());

        assertThat(again.outcome()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        assertThat(p.pendingReverts()).isEmpty();
        p.remove(cut);
    }

    /** Applies a policy that cuts the client off with a window, and lets every Java object of it go. */
    private static void armAndForget(Duration window) {
        ApplyReport report = provisioner(host.runner()).apply(cutsTheClient(),
                ApplyOptions.builder().confirmWithin(window).build());
        assertThat(report.succeeded()).as(report.toString()).isTrue();
    }

    /** Cuts the client off from SERVICE; rule 1 needs no set any more, rule 2 a new one, rule 3's changes. */
    private static PortPolicy cutsTheClient() {
        return PortPolicy.named("cut").sourceSetThreshold(2)
                .reject(Protocol.TCP, SERVICE).from(client.address())
                .reject(Protocol.TCP, 9999).from("198.51.100.7", "198.51.100.8")
                .reject(Protocol.TCP, 9998).from("203.0.113.3", "203.0.113.4").build();
    }

    /** The same policy before: sets for rules 1 and 3, none for rule 2; the client not cut. */
    private static PortPolicy cutAsItWas() {
        return PortPolicy.named("cut").sourceSetThreshold(2)
                .reject(Protocol.TCP, SERVICE).from("192.0.2.1", "192.0.2.2")
                .reject(Protocol.TCP, 9999).from("198.51.100.7")
                .reject(Protocol.TCP, 9998).from("203.0.113.1", "203.0.113.2").build();
    }

    /**
     * Portcullis's sets as {@code ipset save} prints them, without what the kernel picks anew for a
     * re-created set of the same content (its hash size, bucket size and random initval).
     */
    private static List<String> ownedSets() {
        return host.run("ipset", "save").stdout().lines().filter(l -> l.matches("(create|add) pc-.*"))
                .map(l -> l.replaceAll(" (hashsize|bucketsize|initval) \\S+", "")).sorted().toList();
    }

    private static void awaitReachable(int port, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!reaches(port)) {
            assertThat(System.nanoTime()).as("the client reaches port " + port + " again within " + within)
                    .isLessThan(deadline);
        }
    }
}
