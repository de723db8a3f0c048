package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With firewalld stopped, the policy goes into the permanent configuration through
 * firewall-offline-cmd, the report says the runtime is unchanged, and once firewalld starts the
 * policy is in force over the wire.
 */
class FirewalldOfflineIT {

    private static final Duration QUICK = Duration.ofSeconds(2);

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;

    @BeforeAll
    static void startHostWithListener() {
        host = LinuxTestHost.start().startFirewalld().listenOn(25);
        client = host.newClient();
    }

    @Test
    void appliesPermanentlyWhileStoppedAndTheRuntimeFollowsOnStart() {
        stopFirewalld();
        String allowedRange = host.network().address(128) + "/25";
        PortPolicy policy = PortPolicy.named("offline").allow(Protocol.TCP, 25).from(allowedRange).build();
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());
        Provisioner p = Provisioner.on(counting).firewall(FirewalldBackend.ID);
        p.facts();
        counting.reset();

        ApplyReport report = p.apply(policy);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(report.notes()).anyMatch(n -> n.contains("runtime is unchanged"));
        // the firewalld client finds firewalld not running in its one read; firewall-offline-cmd does the rest
        assertThat(counting.commands()).extracting(Command::program)
                .as("beside the host's lock and journal (ln, cat, tee, install, rm)")
                .filteredOn(program -> !List.of("ln", "cat", "tee", "install", "rm").contains(program))
                .containsOnly("python3", "firewall-offline-cmd");
        assertThat(counting.commands()).filteredOn(c -> c.program().equals("python3")).hasSize(1);
        VerifyReport offline = p.verify(policy);
        assertThat(offline.converged()).as(offline.toString()).isTrue();
        assertThat(offline.findings()).anyMatch(f -> f.contains("not running"));

        host.startFirewalld();

        VerifyReport online = p.verify(policy);
        assertThat(online.converged()).as(online.toString()).isTrue();
        assertThat(online.findings()).isEmpty();
        assertThat(client.canConnect(host.network().address(130), host.address(), 25, QUICK)).isTrue();
        assertThat(client.canConnect(host.network().address(100), host.address(), 25, QUICK)).isFalse();
        assertThat(p.remove(policy).outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(client.canConnect(host.network().address(130), host.address(), 25, QUICK)).isFalse();
    }

    private static void stopFirewalld() {
        String pid = host.run("pgrep", "-o", "-x", "firewalld").stdout().strip();
        host.run("kill", pid);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        CommandResult state;
        do {
            state = host.runner().execute(Command.builder("firewall-cmd").arg("--state").successExitCodes(0, 252).build());
        } while (state.exitCode() != 252 && System.nanoTime() < deadline);
        assertThat(state.exitCode()).isEqualTo(252);
        assertThat(state.stdout() + state.stderr()).contains("not running");
    }
}
