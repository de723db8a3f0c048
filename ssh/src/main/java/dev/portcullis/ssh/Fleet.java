package dev.portcullis.ssh;

import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Provisioner;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs the same operation on many hosts, the way a careful operator would: a canary first, then
 * rolling batches, several hosts at once, and no new host started once too many have failed.
 *
 * <pre>{@code
 * FleetReport report = Fleet.of(members).canary(1).serial(2).parallel(2).maxFailures(1).apply(policy);
 * System.out.print(report.summaryTable());
 * }</pre>
 *
 * <p>Immutable: each setting returns a copy. Each host gets its own runner (one SSH connection)
 * and its own {@link Provisioner}; a host that fails rolls itself back as a single host does.
 * Defaults: one host at a time, one batch, no canary, no failure limit.
 */
public final class Fleet {

    private final List<FleetMember> members;
    private final int parallel;
    private final int serial;
    private final int maxFailures;
    private final int canary;
    private final UnaryOperator<Provisioner> configure;

    private Fleet(List<FleetMember> members, int parallel, int serial, int maxFailures, int canary,
            UnaryOperator<Provisioner> configure) {
        this.members = List.copyOf(members);
        this.parallel = parallel;
        this.serial = serial;
        this.maxFailures = maxFailures;
        this.canary = canary;
        this.configure = configure;
    }

    /**
     * A fleet of these hosts, in this order.
     *
     * @param members the hosts; names must be unique
     * @return the fleet, one host at a time
     */
    public static Fleet of(List<FleetMember> members) {
        if (members.stream().map(FleetMember::name).distinct().count() != members.size()) {
            throw new IllegalArgumentException("hosts: every host needs its own name");
        }
        return new Fleet(members, 1, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, UnaryOperator.identity());
    }

    /**
     * @param hosts how many hosts run at once, at least 1
     * @return the copy
     */
    public Fleet parallel(int hosts) {
        return new Fleet(members, positive("parallel", hosts), serial, maxFailures, canary, configure);
    }

    /**
     * @param batchSize how many hosts form one rolling batch; a batch starts when the previous one has ended
     * @return the copy
     */
    public Fleet serial(int batchSize) {
        return new Fleet(members, parallel, positive("serial", batchSize), maxFailures, canary, configure);
    }

    /**
     * @param failures after this many failed hosts no new host starts; the rest are reported not attempted
     * @return the copy
     */
    public Fleet maxFailures(int failures) {
        return new Fleet(members, parallel, serial, positive("maxFailures", failures), canary, configure);
    }

    /**
     * @param hosts how many hosts run first, alone; if one fails, no other host starts
     * @return the copy
     */
    public Fleet canary(int hosts) {
        if (hosts < 0) {
            throw new IllegalArgumentException("canary: must be 0 or more, was " + hosts);
        }
        return new Fleet(members, parallel, serial, maxFailures, hosts, configure);
    }

    /**
     * @param configuration applied to each host's provisioner (backend ids, options, a listener)
     * @return the copy
     */
    public Fleet configure(UnaryOperator<Provisioner> configuration) {
        return new Fleet(members, parallel, serial, maxFailures, canary, Objects.requireNonNull(configuration));
    }

    /**
     * Applies a policy on every host.
     *
     * @param policy the policy
     * @return one report per host
     */
    public FleetReport apply(PortPolicy policy) {
        return run(p -> applied(List.of(p.apply(policy))));
    }

    /**
     * Applies a mail server spec on every host.
     *
     * @param spec the spec
     * @return one report per host
     */
    public FleetReport apply(MailServerSpec spec) {
        return run(p -> applied(List.of(p.apply(spec))));
    }

    /**
     * Verifies a policy on every host (read-only).
     *
     * @param policy the policy
     * @return one report per host: converged or drifted
     */
    public FleetReport verify(PortPolicy policy) {
        return run(p -> verified(p.verify(policy)));
    }

    /**
     * Removes a policy on every host.
     *
     * @param policy the policy
     * @return one report per host
     */
    public FleetReport remove(PortPolicy policy) {
        return run(p -> applied(List.of(p.remove(policy))));
    }

    /**
     * Runs any operation on every host, under this fleet's canary, batches, parallelism and failure limit.
     *
     * @param operation given each host's provisioner, returns how the host ended; an exception counts as failed
     * @return one report per host
     */
    public FleetReport run(Function<Provisioner, HostReport> operation) {
        return run((name, provisioner) -> operation.apply(provisioner));
    }

    /**
     * Runs any operation on every host, under this fleet's canary, batches, parallelism and failure limit.
     *
     * @param operation given each host's name and provisioner, returns how the host ended; an exception counts as failed
     * @return one report per host
     */
    public FleetReport run(BiFunction<String, Provisioner, HostReport> operation) {
        HostReport[] results = new HostReport[members.size()];
        AtomicInteger failures = new AtomicInteger();
        int next = 0;
        int canaries = Math.min(canary, members.size());
        next = runBatch(0, canaries, 1, operation, results, failures);
        if (failures.get() > 0) {
            skipFrom(next, results, "not attempted: the canary failed");
            return new FleetReport(List.of(results));
        }
        while (next < members.size()) {
            int end = (int) Math.min((long) next + serial, members.size());
            next = runBatch(next, end, parallel, operation, results, failures);
        }
        return new FleetReport(List.of(results));
    }

    private int runBatch(int from, int to, int threads, BiFunction<String, Provisioner, HostReport> operation, HostReport[] results,
            AtomicInteger failures) {
        if (from >= to) {
            return to;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, to - from));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int index = i;
                running.add(pool.submit(() -> {
                    // Checked when the host would start: hosts already running finish either way.
                    if (failures.get() >= maxFailures) {
                        results[index] = notAttempted(index, "not attempted: " + failures.get() + " host(s) failed,"
                                + " the limit is " + maxFailures);
                        return;
                    }
                    HostReport r = runOn(members.get(index), operation);
                    if (r.status() == HostReport.Status.FAILED) {
                        failures.incrementAndGet();
                    }
                    results[index] = r;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the fleet ran", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a fleet worker failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return to;
    }

    private HostReport runOn(FleetMember member, BiFunction<String, Provisioner, HostReport> operation) {
        CommandRunner runner = null;
        try {
            runner = member.connect().get();
            HostReport r = operation.apply(member.name(), configure.apply(Provisioner.on(runner)));
            return new HostReport(member.name(), r.status(), r.detail(), r.reports());
        } catch (RuntimeException e) {
            return new HostReport(member.name(), HostReport.Status.FAILED, oneLine(e), List.of());
        } finally {
            if (runner instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // the host's work is done; a failing close changes nothing on it
                }
            }
        }
    }

    private void skipFrom(int from, HostReport[] results, String why) {
        for (int i = from; i < results.length; i++) {
            results[i] = notAttempted(i, why);
        }
    }

    private HostReport notAttempted(int index, String why) {
        return new HostReport(members.get(index).name(), HostReport.Status.NOT_ATTEMPTED, why, List.of());
    }

    /**
     * How a host ended from its apply or remove reports: converged when every one succeeded.
     *
     * @param reports the host's reports, in order
     * @return the host's report, named by the fleet
     */
    public static HostReport applied(List<ApplyReport> reports) {
        boolean ok = reports.stream().allMatch(ApplyReport::succeeded);
        String detail = String.join("; ", reports.stream().map(r -> r.target() + ": " + r.outcome()
                + r.failedStep().map(s -> " (" + oneLine(s.toString()) + ")").orElse("")).toList());
        return new HostReport("", ok ? HostReport.Status.CONVERGED : HostReport.Status.FAILED, detail,
                new ArrayList<>(reports));
    }

    private static HostReport verified(VerifyReport report) {
        return new HostReport("", report.converged() ? HostReport.Status.CONVERGED : HostReport.Status.FAILED,
                report.target() + ": " + (report.converged() ? "converged" : report.drifts().size() + " difference(s)"),
                List.of(report));
    }

    private static String oneLine(Object o) {
        String s = String.valueOf(o instanceof Throwable t ? t.getMessage() : o).replaceAll("\\s+", " ").strip();
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }

    private static int positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + ": must be 1 or more, was " + value);
        }
        return value;
    }
}
