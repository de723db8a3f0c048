package dev.portcullis.examples.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example backend on a real nftables (the test host, Debian 12, nft 1.0.6): an allowlist
 * followed by a deny holds over the wire, a converged re-apply costs one read, removal takes exactly its own chain,
 * and a failed apply is undone and proven undone.
 */
class NftablesBackendIT {

    private static final Duration WAIT = Duration.ofSeconds(2);

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;

    @BeforeAll
    static void startHost() {
        host = LinuxTestHost.start().listenOn(25);
        client = host.newClient();
    }

    private static String listing() {
        CommandResult r = host.runner().execute(Command.builder("nft").args("list", "table", "inet", "portcullis")
                .successExitCodes(0, 1).build());
        return r.exitCode() == 0 ? r.stdout() : "";
    }

    @Test
    void opensPort25ToItsAllowlistOnlyAndRemovesExactlyItsOwnChain() {
        String allowed = host.network().address(130);
        String other = host.network().address(100);
        PortPolicy smtp = PortPolicy.named("smtp-allowlist").allow(Protocol.TCP, 25).from(host.network().address(128) + "/25")
                .deny(Protocol.TCP, 25).build();
        PortPolicy neighbour = PortPolicy.named("neighbour").allow(Protocol.TCP, 8025).build();
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());
        Provisioner p = Provisioner.on(counting).firewall(NftablesBackend.ID);
        p.facts();
        assertThat(client.canConnect(other, host.address(), 25, WAIT)).as("open before").isTrue();

        ApplyReport applied = p.apply(smtp);
        ApplyReport neighbourApplied = p.apply(neighbour);

        assertThat(applied.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(neighbourApplied.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(client.canConnect(allowed, host.address(), 25, WAIT)).as("allowlisted source").isTrue();
        assertThat(client.canConnect(other, host.address(), 25, WAIT)).as("other source").isFalse();

        counting.reset();
        ApplyReport again = p.apply(smtp);
        assertThat(again.outcome()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        assertThat(counting.spawns()).as("a converged re-apply only reads the table once (and the host's lock and journal)")
                .isEqualTo(1 + dev.portcullis.hoststate.SingleWriter.LOCK_AND_JOURNAL_READ_SPAWNS);
        assertThat(p.verify(smtp).converged()).isTrue();

        ApplyReport removed = p.remove(smtp);

        assertThat(removed.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(listing()).doesNotContain("in_smtp_allowlist").contains("chain in_neighbour");
        assertThat(client.canConnect(other, host.address(), 25, WAIT)).as("open again after remove").isTrue();
        assertThat(p.remove(neighbour).outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
    }

    /** Port 25 from {@code inside} and 4,999 /32s of {@code range}: one named set of 5,000 elements. */
    private static PortPolicy withSet(String inside, String range) {
        List<String> sources = new ArrayList<>(List.of(inside + "/32"));
        for (int i = 0; sources.size() < 5000; i++) {
            sources.add(range + (i / 256) + "." + (i % 256) + "/32");
        }
        return PortPolicy.named("bulk").allow(Protocol.TCP, 25).from(sources.toArray(String[]::new)).deny(Protocol.TCP, 25).build();
    }

    @Test
    void aClientInsideA5000EntryNamedSetReachesPort25AndKeepsReachingItWhileTheSetIsReplacedInOneLoad()
            throws InterruptedException {
        String inside = host.network().address(140);
        String outside = host.network().address(141);
        Provisioner p = Provisioner.on(host.runner()).firewall(NftablesBackend.ID);

        ApplyReport applied = p.apply(withSet(inside, "198.18."));

        assertThat(applied.outcome()).as(applied.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(applied.commands()).as("one load").filteredOn(c -> c.command().startsWith("nft -f")).hasSize(1);
        assertThat(listing()).contains("set in_bulk_1_v4 {", "ip saddr @in_bulk_1_v4 tcp dport 25 accept");
        assertThat(client.canConnect(inside, host.address(), 25, WAIT)).as("inside the set").isTrue();
        assertThat(client.canConnect(outside, host.address(), 25, WAIT)).as("outside the set").isFalse();

        AtomicBoolean replacing = new AtomicBoolean(true);
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Thread loop = new Thread(() -> {
            while (replacing.get()) {
                probes.incrementAndGet();
                if (!client.canConnect(inside, host.address(), 25, WAIT)) {
                    refused.incrementAndGet();
                }
            }
        });
        loop.start();
        ApplyReport replaced;
        try {
            replaced = p.apply(withSet(inside, "198.20."));
        } finally {
            replacing.set(false);
            loop.join();
        }

        assertThat(replaced.outcome()).as(replaced.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(refused.get()).as("refused of " + probes.get() + " probes during the replace").isZero();
        assertThat(listing()).contains("198.20.0.0").doesNotContain("198.18.0.0");
        assertThat(client.canConnect(outside, host.address(), 25, WAIT)).as("outside the new set").isFalse();
        assertThat(p.remove(withSet(inside, "198.20.")).outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(listing()).doesNotContain("in_bulk");
    }

    @Test
    void failedApplyIsUndoneOnTheLiveTableAndProvenAsBefore() {
        PortPolicy before = PortPolicy.named("kept").allow(Protocol.TCP, 2525).build();
        Provisioner p = Provisioner.on(host.runner()).firewall(NftablesBackend.ID);
        p.apply(before);
        String tableBefore = listing();
        AtomicBoolean failedOnce = new AtomicBoolean();
        CommandRunner failsAfterLoading = c -> { // the load really happens; then it is reported failed
            CommandResult r = host.runner().execute(c);
            boolean load = c.program().equals("nft") && c.argv().contains("-f")   // not the host lock's rm -f
                    && c.stdin().map(in -> new String(in).contains("add chain")).orElse(false);
            return load && failedOnce.compareAndSet(false, true)
                    ? new CommandResult(c, 1, "", "simulated failure after loading", Duration.ZERO, false) : r;
        };

        ApplyReport report = Provisioner.on(failsAfterLoading).facts(p.facts()).firewall(NftablesBackend.ID)
                .apply(before.toBuilder().allow(Protocol.TCP, 2526).build());

        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.findings()).anySatisfy(f -> assertThat(f).startsWith("after rollback, host is as before"));
        assertThat(listing()).isEqualTo(tableBefore);
        assertThat(p.remove(before).outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
    }
}
