package dev.portcullis.firewalld;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.testing.LinuxTestHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measures the firewalld backend against a live test host: for policies of N rules (N source
 * networks allowed to 25/tcp), the processes spawned and the wall time of apply, of a no-op
 * re-apply, of a change of one source and of remove, beside the naive way (one {@code firewall-cmd --add-rich-rule} per rule
 * for the runtime and one more for the permanent configuration, as per-rule tools do).
 *
 * <p>Not a test: run it with
 * {@code mvn -B -Dportcullis.target=target-firewalld -pl linux-firewalld -am test-compile exec:exec@benchmark}
 * (sizes: {@code -Dbenchmark.sizes=10,100,1000}). Above {@value #NAIVE_SAMPLE} rules the naive
 * loop runs for a sample of {@value #NAIVE_SAMPLE} rules and its time is extrapolated linearly;
 * the table says so.
 */
public final class FirewalldBenchmark {

    static final int NAIVE_SAMPLE = 100;
    /** {@code -Dbenchmark.naive=false} skips the naive comparison (minutes on a loaded machine). */
    static final boolean NAIVE = !"false".equals(System.getProperty("benchmark.naive"));
    private static final String ZONE = "public";

    private FirewalldBenchmark() {
    }

    /**
     * @param args policy sizes, comma-separated (default 10,100,1000)
     */
    public static void main(String[] args) {
        List<Integer> sizes = new ArrayList<>();
        for (String s : (args.length == 0 ? "10,100,1000" : args[0]).split(",")) {
            sizes.add(Integer.parseInt(s.strip()));
        }
        List<String> rows = new ArrayList<>();
        try (LinuxTestHost host = LinuxTestHost.start().startFirewalld()) {
            CountingCommandRunner runner = new CountingCommandRunner(host.runner());
            HostFacts facts = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).effectiveUid(0)
                    .tools("firewall-cmd", "firewall-offline-cmd").build();
            BackendContext context = new BackendContext(runner, facts, Map.of());
            FirewalldBackend backend = new FirewalldBackend();
            warmUp(host);
            for (int n : sizes) {
                PortPolicy policy = policy(n);
                Measure apply = measure(runner, () -> PlanExecutor.on(runner).execute(backend.plan(policy, context)),
                        ApplyReport.Outcome.APPLIED);
                Measure again = measure(runner, () -> PlanExecutor.on(runner).execute(backend.plan(policy, context)),
                        ApplyReport.Outcome.UNCHANGED);
                PortPolicy changed = policy(n, 1);
                Measure one = measure(runner, () -> PlanExecutor.on(runner).execute(backend.plan(changed, context)),
                        ApplyReport.Outcome.APPLIED);
                Measure remove = measure(runner,
                        () -> PlanExecutor.on(runner).execute(backend.planRemoval(changed, context)),
                        ApplyReport.Outcome.APPLIED);
                String naiveCell = "not run";
                if (NAIVE) {
                    Naive naive = naive(host, n);
                    naiveCell = String.format("%5d / %8.2f s%s", naive.spawns, naive.seconds,
                            naive.extrapolated ? " (extrapolated from " + NAIVE_SAMPLE + ")" : "");
                }
                String row = String.format("| %5d | %4d / %8.2f s | %4d / %8.2f s | %4d / %8.2f s | %4d / %8.2f s | %s |",
                        n, apply.spawns, apply.seconds, again.spawns, again.seconds, one.spawns, one.seconds,
                        remove.spawns, remove.seconds, naiveCell);
                rows.add(row);
                // printed as soon as measured: a thousand rules take firewalld minutes
                System.out.println("measured: " + row);
                System.out.flush();
            }
        }
        System.out.println();
        System.out.println("firewalld backend, policy of N rules (N sources allowed to 25/tcp), zone " + ZONE);
        System.out.println("| rules | apply: spawns / time | no-op re-apply      | one source changed  | remove              |"
                + " naive, 1 firewall-cmd per rule and config |");
        System.out.println("|------:|---------------------:|--------------------:|--------------------:|--------------------:|"
                + "------------------------------------------:|");
        rows.forEach(System.out::println);
    }

    static PortPolicy policy(int n) {
        return policy(n, 0);
    }

    /** N sources allowed to 25/tcp, the first {@code shifted} of them replaced by sources N, N+1... */
    static PortPolicy policy(int n, int shifted) {
        PortPolicy.Builder b = PortPolicy.named("bench").zone(ZONE);
        for (int i = 0; i < n; i++) {
            b.allow(Protocol.TCP, 25).from(source(i < shifted ? n + i : i));
        }
        return b.build();
    }

    private static String source(int i) {
        return "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256) + "/32";
    }

    private static void warmUp(LinuxTestHost host) {
        host.run("firewall-cmd", "--zone=" + ZONE, "--list-all");
    }

    private record Measure(int spawns, double seconds) {
    }

    private static Measure measure(CountingCommandRunner runner, java.util.function.Supplier<ApplyReport> run,
            ApplyReport.Outcome expected) {
        runner.reset();
        long start = System.nanoTime();
        ApplyReport report = run.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (report.outcome() != expected) {
            throw new IllegalStateException("expected " + expected + ": " + report);
        }
        return new Measure(runner.spawns(), seconds);
    }

    private record Naive(int spawns, double seconds, boolean extrapolated) {
    }

    /** One call per rule per configuration, then the same rules taken away in one batch each (not timed). */
    private static Naive naive(LinuxTestHost host, int n) {
        int sample = Math.min(n, NAIVE_SAMPLE);
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < sample; i++) {
            rules.add("rule family=\"ipv4\" source address=\"" + source(i) + "\" port port=\"25\" protocol=\"tcp\" accept");
        }
        long start = System.nanoTime();
        for (String r : rules) {
            host.run("firewall-cmd", "--zone=" + ZONE, "--add-rich-rule=" + r);
            host.run("firewall-cmd", "--permanent", "--zone=" + ZONE, "--add-rich-rule=" + r);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        FirewallCmd rt = FirewallCmd.of(FirewallCmd.Config.RUNTIME);
        FirewallCmd pm = FirewallCmd.of(FirewallCmd.Config.PERMANENT);
        host.runner().run(rt.zoneBatch(ZONE, "--remove-rich-rule", rules));
        host.runner().run(pm.zoneBatch(ZONE, "--remove-rich-rule", rules));
        return new Naive(2 * n, seconds * n / sample, sample < n);
    }
}
