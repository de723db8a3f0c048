package dev.portcullis.ssh;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.LinuxTestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Not a test: what SSH costs next to {@code docker exec} on the same live test host (a 100-rule
 * iptables apply and a converged re-apply: processes, SSH channels, wall time), and what
 * {@code --parallel 8} saves over 8 hosts one after the other. Run it by hand with
 * {@code mvn -B -Dportcullis.target=target-ssh -pl ssh -am -DsshBenchmark -DskipTests -DskipLiveTests verify}.
 */
public final class SshBenchmark {

    private SshBenchmark() {
    }

    /**
     * @param args none
     * @throws Exception when a host cannot be set up
     */
    public static void main(String[] args) throws Exception {
        Path folder = Files.createTempDirectory("portcullis-ssh-bench");
        List<String> rows = new ArrayList<>();
        try (LinuxTestHost host = LinuxTestHost.start()) {
            SshTestLogin login = SshTestLogin.install(host, folder);
            try (SshCommandRunner ssh = login.as("root").connect()) {
                HostFacts facts = HostFactsGatherer.gather(host.runner());
                PortPolicy policy = policy(100);
                for (String via : List.of("docker exec", "ssh")) {
                    CountingCommandRunner counting = new CountingCommandRunner(via.equals("ssh") ? ssh : host.runner());
                    Provisioner p = Provisioner.on(counting).facts(facts).firewall("linux-iptables");
                    p.apply(policy(1)); // warm up
                    p.remove(policy(1));
                    int channelsBefore = ssh.channelsOpened();
                    String apply = measure(counting, () -> p.apply(policy), ApplyReport.Outcome.APPLIED);
                    String reapply = measure(counting, () -> p.apply(policy), ApplyReport.Outcome.UNCHANGED);
                    p.remove(policy);
                    rows.add("| " + via + " | " + apply + " | " + reapply + " | "
                            + (via.equals("ssh") ? (ssh.channelsOpened() - channelsBefore) + " channels on 1 connection"
                                    : "-") + " |");
                }
            }
        }
        System.out.println("| runner | 100-rule apply: processes, ms | converged re-apply: processes, ms | SSH |");
        System.out.println("|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println(fleet(folder));
    }

    /** Eight hosts over SSH: one after the other, then all at once. */
    private static String fleet(Path folder) throws Exception {
        List<CompletableFuture<LinuxTestHost>> starting = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            starting.add(CompletableFuture.supplyAsync(LinuxTestHost::start));
        }
        List<LinuxTestHost> hosts = starting.stream().map(CompletableFuture::join).toList();
        try {
            List<FleetMember> members = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                SshTestLogin login = SshTestLogin.install(hosts.get(i), Files.createDirectories(folder.resolve("h" + i)));
                SshHost at = new SshHost("root", hosts.get(i).address(), 22);
                members.add(FleetMember.overSsh(at, login.as("root")));
            }
            Fleet fleet = Fleet.of(members).configure(p -> p.firewall("linux-iptables"));
            PortPolicy policy = policy(100);
            long sequential = time(() -> check(fleet.apply(policy)));
            fleet.remove(policy);
            long parallel = time(() -> check(fleet.parallel(8).apply(policy)));
            return String.format(Locale.ROOT, "8 hosts, 100-rule apply over SSH: one after the other %d ms, --parallel 8 %d ms",
                    sequential, parallel);
        } finally {
            hosts.forEach(LinuxTestHost::close);
        }
    }

    private static FleetReport check(FleetReport report) {
        if (!report.allConverged()) {
            throw new IllegalStateException(report.summaryTable());
        }
        return report;
    }

    private static long time(Supplier<?> work) {
        long start = System.nanoTime();
        work.get();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String measure(CountingCommandRunner counting, Supplier<ApplyReport> run, ApplyReport.Outcome expected) {
        counting.reset();
        long start = System.nanoTime();
        ApplyReport report = run.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (report.outcome() != expected) {
            throw new IllegalStateException("expected " + expected + ": " + report);
        }
        return counting.spawns() + ", " + millis;
    }

    static PortPolicy policy(int rules) {
        PortPolicy.Builder b = PortPolicy.named("bench-" + rules);
        for (int i = 0; i < rules; i++) {
            b.allow(Protocol.TCP, 10000 + i).from("10." + (i / 250) + "." + (i % 250) + ".0/24");
        }
        return b.build();
    }

}
