package dev.portcullis.iptables;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.SyntheticNetworks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: measures, on a live test host, what applying policies of 10, 100 and 1000 rules
 * costs in processes and wall time (apply, no-op re-apply, remove), beside a naive loop of one
 * {@code iptables -A} per rule run through the same runner in the same run; then one rule with
 * 10, 100, 1,000 and 10,000 IPv4 sources on one port, written as one iptables rule per source
 * (a threshold above the size) and as an ipset (the default threshold), with the cost of changing
 * one member of the set. Run it with
 * {@code mvn -B -Dportcullis.target=target-iptables -pl linux-iptables -am -Dbenchmark -DskipTests -DskipLiveTests verify}
 * (sizes: {@code -Dbenchmark.sizes=10,100,1000} and {@code -Dbenchmark.sources=10,100,1000,10000}, the defaults).
 */
public final class IptablesBenchmark {

    /** Above this many rules the naive loop is sampled and its time extrapolated. */
    static final int NAIVE_SAMPLE = 100;

    private IptablesBenchmark() {
    }

    /**
     * @param args policy sizes (default 10 100 1000)
     */
    public static void main(String[] args) {
        List<Integer> sizes = sizes(args.length > 0 ? args[0] : "", List.of(10, 100, 1000));
        List<Integer> sourceCounts = sizes(args.length > 1 ? args[1] : "", List.of(10, 100, 1000, 10_000));
        List<String> rows = new ArrayList<>();
        List<String> sourceRows = new ArrayList<>();
        try (LinuxTestHost host = LinuxTestHost.start()) {
            HostFacts facts = HostFactsGatherer.gather(host.runner());
            LiveHost.resetToForeignRules(host);
            CountingCommandRunner counting = new CountingCommandRunner(host.runner());
            Provisioner p = Provisioner.on(counting).facts(facts).firewall("linux-iptables");
            p.apply(policy(1)); // warm up the JVM, the runner and the kernel modules
            p.remove(policy(1));
            for (int n : sizes) {
                PortPolicy policy = policy(n);
                Measure apply = measure(counting, () -> p.apply(policy), ApplyReport.Outcome.APPLIED);
                Measure reapply = measure(counting, () -> p.apply(policy), ApplyReport.Outcome.UNCHANGED);
                Measure remove = measure(counting, () -> p.remove(policy), ApplyReport.Outcome.APPLIED);
                Measure naive = naiveLoop(host, counting, n);
                rows.add(String.format(Locale.ROOT, "| %5d | %6d | %4d | %6d | %5d | %6d | %4d | %6d | %9d%s |", n,
                        apply.spawns, apply.millis, reapply.spawns, reapply.millis, remove.spawns, remove.millis,
                        n, naive.millis, n > NAIVE_SAMPLE ? "*" : " "));
            }
            for (int n : sourceCounts) {
                for (boolean sets : new boolean[] {false, true}) {
                    PortPolicy policy = sources(n, sets ? 0 : -1);
                    Measure apply = measure(counting, () -> p.apply(policy), ApplyReport.Outcome.APPLIED);
                    Measure reapply = measure(counting, () -> p.apply(policy), ApplyReport.Outcome.UNCHANGED);
                    Measure change = measure(counting, () -> p.apply(sources(n, sets ? 1 : -2)), ApplyReport.Outcome.APPLIED);
                    Measure remove = measure(counting, () -> p.remove(policy), ApplyReport.Outcome.APPLIED);
                    sourceRows.add(String.format(Locale.ROOT, "| %6d | %-14s | %6d | %5d | %6d | %5d | %6d | %5d | %6d | %5d |",
                            n, sets ? "iptables+ipset" : "iptables rules", apply.spawns, apply.millis, reapply.spawns,
                            reapply.millis, change.spawns, change.millis, remove.spawns, remove.millis));
                }
            }
        }
        System.out.println();
        System.out.println("linux-iptables on a live test host (" + System.getProperty("os.arch") + ", commands through docker exec)");
        System.out.println("|       | apply         | no-op re-apply | remove        | naive loop          |");
        System.out.println("| rules | spawns |   ms | spawns |    ms | spawns |   ms | spawns |         ms |");
        System.out.println("|------:|-------:|-----:|-------:|------:|-------:|-----:|-------:|-----------:|");
        rows.forEach(System.out::println);
        System.out.println("* naive loop sampled: " + NAIVE_SAMPLE + " iptables -A calls timed, the rest extrapolated linearly");
        System.out.println();
        System.out.println("One rule, N IPv4 sources, port 25: one iptables rule per source (sourceSetThreshold above N) or one ipset");
        System.out.println("|        |                | apply          | no-op re-apply | one member changed | remove      |");
        System.out.println("| sources| written as     | spawns |    ms | spawns |    ms | spawns |    ms | spawns |    ms |");
        System.out.println("|-------:|:---------------|-------:|------:|-------:|------:|-------:|------:|-------:|------:|");
        sourceRows.forEach(System.out::println);
        System.out.println("Spawns are exact (counted at the runner); times are wall-clock on a shared host.");
    }

    private static List<Integer> sizes(String text, List<Integer> defaults) {
        List<Integer> sizes = new ArrayList<>();
        for (String size : text.split(",")) {
            if (!size.isBlank()) {
                sizes.add(Integer.parseInt(size.strip()));
            }
        }
        return sizes.isEmpty() ? defaults : sizes;
    }

    /**
     * @param count how many sources
     * @param variant 0: the set; 1: the set with its first member changed; -1: rules; -2: rules
     *     with the first source changed
     * @return one allow rule on port 25 from that many 10.x.y.0/24 networks
     */
    static PortPolicy sources(int count, int variant) {
        String[] networks = SyntheticNetworks.networks(0, count).toArray(String[]::new);
        if (variant == 1 || variant == -2) {
            networks[0] = "172.31.255.0/24";
        }
        return PortPolicy.named("bench-sources").sourceSetThreshold(variant >= 0 ? PortPolicy.DEFAULT_SOURCE_SET_THRESHOLD
                : Integer.MAX_VALUE).allow(Protocol.TCP, 25).from(networks).build();
    }

    static PortPolicy policy(int rules) {
        PortPolicy.Builder b = PortPolicy.named("bench-" + rules);
        for (int i = 0; i < rules; i++) {
            b.allow(Protocol.TCP, 10000 + i).from("10." + (i / 250) + "." + (i % 250) + ".0/24");
        }
        return b.build();
    }

    record Measure(int spawns, long millis) {
    }

    static Measure measure(CountingCommandRunner counting, java.util.function.Supplier<ApplyReport> run,
            ApplyReport.Outcome expected) {
        counting.reset();
        long start = System.nanoTime();
        ApplyReport report = run.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (report.outcome() != expected) {
            throw new IllegalStateException("expected " + expected + ": " + report);
        }
        return new Measure(counting.spawns(), millis);
    }

    // What config-management tools do: one iptables process per rule.
    static Measure naiveLoop(LinuxTestHost host, CountingCommandRunner counting, int rules) {
        host.run("iptables", "-N", "BENCH-NAIVE");
        int timed = Math.min(rules, NAIVE_SAMPLE);
        counting.reset();
        long start = System.nanoTime();
        for (int i = 0; i < timed; i++) {
            counting.run(Command.of("iptables", "-A", "BENCH-NAIVE", "-s", "10." + (i / 250) + "." + (i % 250) + ".0/24",
                    "-p", "tcp", "-m", "tcp", "--dport", Integer.toString(10000 + i),
                    "-m", "comment", "--comment", "naive:" + i, "-j", "ACCEPT"));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        host.run("iptables", "-F", "BENCH-NAIVE");
        host.run("iptables", "-X", "BENCH-NAIVE");
        return new Measure(counting.spawns(), millis * rules / timed);
    }
}
