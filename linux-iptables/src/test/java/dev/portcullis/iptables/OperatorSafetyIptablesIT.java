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
    /** Longer than an apply on a busy CI machine; the one test that waits for it waits once. */
    static final Duration WINDOW = Duration.ofSeconds(12);

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

    @Test
    void anUnconfirmedApplyIsRevertedByTheHostItselfAfterItsWindowAndAConfirmedOneStays() {
        assertThat(reaches(SERVICE)).isTrue();
        assertThat(reaches(KEPT)).isTrue();
        PortPolicy kept = PortPolicy.named("kept").reject(Protocol.TCP, KEPT).from(client.address()).build();
        Provisioner p = provisioner(host.runner());
        assertThat(p.apply(kept, ApplyOptions.builder().confirmWithin(WINDOW).build()).succeeded()).isTrue();
        assertThat(p.confirm()).hasSize(1);
        RevertWatch.awaitNone(host.runner(), Duration.ZERO);   // confirm left no revert folder or process
        List<String> snapshot = tables();

        armAndForget(WINDOW);

        assertThat(reaches(SERVICE)).as("cut by the unconfirmed apply").isFalse();
        List<PendingRevert> pending = provisioner(host.runner()).pendingReverts();
        assertThat(pending).hasSize(1);
        assertThat(host.run("stat", "-c", "%a %U", pending.get(0).folder()).stdout().strip()).isEqualTo("700 root");
        // every file but start-stop-daemon's pid file (a number) is root's alone
        assertThat(host.run("find", pending.get(0).folder(), "-type", "f", "-not", "-name", "pid", "-not", "-perm", "600")
                .stdout()).isEmpty();
        assertThat(host.run("find", pending.get(0).folder(), "-name", "*.rules").stdout()).contains("ipv4.rules");

        awaitReachable(SERVICE, WINDOW.plusSeconds(20));
        RevertWatch.awaitNone(host.runner(), Duration.ofSeconds(20));
        assertThat(tables()).as("iptables-save and ip6tables-save as at the snapshot").isEqualTo(snapshot);
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

    private static PortPolicy cutsTheClient() {
        return PortPolicy.named("cut").reject(Protocol.TCP, SERVICE).from(client.address()).build();
    }

    private static void awaitReachable(int port, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!reaches(port)) {
            assertThat(System.nanoTime()).as("the client reaches port " + port + " again within " + within)
                    .isLessThan(deadline);
        }
    }
}
