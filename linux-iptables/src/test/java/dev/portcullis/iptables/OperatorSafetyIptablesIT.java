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
import dev.portcullis.plan.RevertTimer;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.OperatorLogin;
import dev.portcullis.testing.TestClient;
import java.time.Duration;
import java.util.List;
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
    /** Long enough for an apply on a busy CI machine; the checks inside the window take well under a second. */
    static final Duration WINDOW = Duration.ofSeconds(8);

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;
    static HostFacts facts;

    @BeforeAll
    static void startHost() {
        host = LinuxTestHost.start().listenOn(SSH).listenOn(SERVICE);
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
    void anUnconfirmedApplyIsRevertedByTheHostItselfAfterItsWindow() {
        List<String> before = tables();
        assertThat(reaches(SERVICE)).isTrue();

        armAndForget(WINDOW);

        assertThat(reaches(SERVICE)).as("cut by the unconfirmed apply").isFalse();
        List<PendingRevert> pending = provisioner(host.runner()).pendingReverts();
        assertThat(pending).hasSize(1);
        assertThat(host.run("stat", "-c", "%a %U", pending.get(0).folder()).stdout().strip()).isEqualTo("700 root");
        assertThat(host.run("find", pending.get(0).folder(), "-type", "f", "-not", "-perm", "600").stdout()).isEmpty();

        awaitReachable(SERVICE, WINDOW.plusSeconds(10));
        assertThat(tables()).as("iptables-save and ip6tables-save as at the snapshot").isEqualTo(before);
        assertThat(provisioner(host.runner()).pendingReverts()).isEmpty();
        assertThat(host.runner().execute(Command.of("test", "-e", pending.get(0).folder())).exitCode())
                .as("the revert's folder is gone").isEqualTo(1);
    }

    @Test
    void aConfirmedApplyStaysAfterItsWindow() throws InterruptedException {
        PortPolicy cut = cutsTheClient();
        Provisioner p = provisioner(host.runner());
        ApplyReport report = p.apply(cut, ApplyOptions.builder().confirmWithin(WINDOW).build());
        assertThat(report.succeeded()).isTrue();

        List<PendingRevert> confirmedReverts = p.confirm();
        assertThat(confirmedReverts).hasSize(1);
        List<String> confirmed = tables();
        // past the deadline: the proof is that nothing happens, so there is nothing to poll for
        Thread.sleep(Math.max(0, Duration.between(java.time.Instant.now(), confirmedReverts.get(0).deadline())
                .toMillis()) + 2000);

        assertThat(reaches(SERVICE)).as("still cut after the window").isFalse();
        assertThat(tables()).isEqualTo(confirmed);
        assertThat(p.pendingReverts()).isEmpty();
        assertThat(host.runner().execute(Command.builder("pgrep").args("-f", RevertTimer.ROOT).successExitCodes(0, 1)
                .build()).stdout()).as("no revert process left").isEmpty();
        assertThat(p.remove(cut).succeeded()).isTrue();
        assertThat(reaches(SERVICE)).isTrue();
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
