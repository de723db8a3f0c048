package dev.portcullis.plan;

import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.ProvisioningEvent.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Plan}: each step's action, then its probe against the live system; at the first
 * failure (or a cancellation between steps) it undoes the steps that ran, newest first, then runs
 * the plan's rollback check to prove the host is as before. Never throws for a failed step: the
 * {@link ApplyReport} says what happened.
 *
 * <p>Any {@link Throwable} out of a step, probe or check counts as a failure, not only a
 * {@link RuntimeException}: an {@link Error} (an {@code OutOfMemoryError} in a step, a
 * {@code StackOverflowError} in a probe) still rolls back every step that ran and is reported to
 * the listener and the log. Because an Error means the JVM itself is in trouble, it is then
 * rethrown, carrying the report of the rollback as an {@link ApplyAbortedException} in its
 * suppressed exceptions.
 */
public final class PlanExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);

    private final CommandRunner runner;
    private final ProvisioningListener listener;
    private final CancellationToken cancellation;
    private final StepJournal journal;

    /**
     * @param runner reaches the host
     * @param listener receives progress events
     * @param cancellation checked between steps
     */
    public PlanExecutor(CommandRunner runner, ProvisioningListener listener, CancellationToken cancellation) {
        this(runner, listener, cancellation, StepJournal.NONE);
    }

    private PlanExecutor(CommandRunner runner, ProvisioningListener listener, CancellationToken cancellation,
            StepJournal journal) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * @param stepJournal told before each step and after each undo (the host's journal)
     * @return a copy of this executor that keeps that journal
     */
    public PlanExecutor journal(StepJournal stepJournal) {
        return new PlanExecutor(runner, listener, cancellation, stepJournal);
    }

    /**
     * @param runner reaches the host
     * @return an executor with no listener and no cancellation
     */
    public static PlanExecutor on(CommandRunner runner) {
        return new PlanExecutor(runner, ProvisioningListener.NONE, new CancellationToken());
    }

    /**
     * @param plan the plan
     * @return what happened
     */
    public ApplyReport execute(Plan plan) {
        long start = System.nanoTime();
        List<Step> steps = plan.steps();
        int n = steps.size();
        List<StepReport> reports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reports.add(new StepReport(i, steps.get(i).description(), StepReport.Outcome.NOT_RUN, Duration.ZERO, null, List.of()));
        }
        List<String> findings = new ArrayList<>();
        if (steps.isEmpty() && plan.finalCheck().isEmpty()) {
            return new ApplyReport(plan.backend(), plan.target(), ApplyReport.Outcome.UNCHANGED, elapsed(start), reports,
                    plan.notes(), findings);
        }
        int completed = 0;
        Error fatal = null;
        boolean failed = false;
        boolean cancelled = false;
        for (int i = 0; i < n; i++) {
            if (cancellation.isCancelled()) {
                cancelled = true;
                break;
            }
            Step step = steps.get(i);
            try {
                journal.starting(plan, i);
            } catch (RuntimeException e) {
                String finding = "not started: the journal could not record it: " + e.getMessage();
                reports.set(i, new StepReport(i, step.description(), StepReport.Outcome.FAILED, Duration.ZERO, finding, List.of()));
                fire(Type.STEP_FAILED, i, n, step.description(), finding);
                failed = true;
                break;
            }
            fire(Type.STEP_STARTED, i, n, step.description(), null);
            StepContext ctx = new StepContext(runner);
            long stepStart = System.nanoTime();
            String finding;
            boolean ok;
            int probeFrom = -1;
            try {
                step.action().run(ctx);
                probeFrom = ctx.results().size();
                ProbeResult probe = step.probe().check(ctx);
                ok = probe.ok();
                finding = probe.message();
            } catch (Throwable e) { // an Error in a step must not leave earlier steps applied
                ok = false;
                finding = "failed: " + describe(e);
                fatal = e instanceof Error error ? error : null;
            }
            List<CommandRecord> records = records(ctx.results(), probeFrom);
            Duration took = Duration.ofNanos(System.nanoTime() - stepStart);
            if (!ok) {
                reports.set(i, new StepReport(i, step.description(), StepReport.Outcome.FAILED, took, finding, records));
                fire(Type.STEP_FAILED, i, n, step.description(), finding);
                LOG.warn("step {}/{} failed: {}: {}", i + 1, n, step.description(), finding);
                completed = i + 1; // the failed step may have half-applied: undo it too
                failed = true;
                break;
            }
            reports.set(i, new StepReport(i, step.description(), StepReport.Outcome.APPLIED, took, finding, records));
            fire(Type.STEP_FINISHED, i, n, step.description(), finding);
            completed = i + 1;
        }
        if (!failed && !cancelled && plan.finalCheck().isPresent()) {
            StepContext ctx = new StepContext(runner);
            ProbeResult check;
            try {
                check = plan.finalCheck().get().check(ctx);
            } catch (Throwable e) {
                check = ProbeResult.failed("final check failed: " + describe(e));
                fatal = e instanceof Error error ? error : null;
            }
            findings.add((check.ok() ? "final check passed: " : "final check FAILED: ") + check.message());
            if (!check.ok()) {
                failed = true;
            }
        }
        if (!failed && !cancelled) {
            finishJournal();
            fire(Type.PLAN_SUCCEEDED, -1, n, plan.target(), null);
            return new ApplyReport(plan.backend(), plan.target(), ApplyReport.Outcome.APPLIED, elapsed(start), reports,
                    plan.notes(), findings);
        }
        boolean rollbackComplete = rollBack(steps, reports, completed, n);
        if (plan.rollbackCheck().isPresent()) {
            StepContext ctx = new StepContext(runner);
            ProbeResult check;
            try {
                check = plan.rollbackCheck().get().check(ctx);
            } catch (Throwable e) {
                check = ProbeResult.failed(describe(e));
            }
            findings.add((check.ok() ? "after rollback, host is as before: " : "after rollback, host DIFFERS from before: ")
                    + check.message());
            rollbackComplete &= check.ok();
        }
        fire(Type.PLAN_ROLLED_BACK, -1, n, plan.target(), cancelled ? "cancelled" : "failed");
        ApplyReport.Outcome outcome = !rollbackComplete ? ApplyReport.Outcome.ROLLBACK_INCOMPLETE
                : cancelled ? ApplyReport.Outcome.CANCELLED : ApplyReport.Outcome.ROLLED_BACK;
        finishJournal();
        ApplyReport report = new ApplyReport(plan.backend(), plan.target(), outcome, elapsed(start), reports, plan.notes(),
                findings);
        if (fatal != null) {
            LOG.error("apply of {} stopped by {}; after rollback: {}", plan.target(), fatal, report);
            fatal.addSuppressed(new ApplyAbortedException(report));
            throw fatal;
        }
        return report;
    }

    private boolean rollBack(List<Step> steps, List<StepReport> reports, int completed, int n) {
        boolean complete = true;
        for (int i = completed - 1; i >= 0; i--) {
            Step step = steps.get(i);
            StepReport before = reports.get(i);
            boolean wasFailed = before.outcome() == StepReport.Outcome.FAILED;
            List<CommandRecord> records = new ArrayList<>(before.commands());
            if (!step.undo().isReversible()) {
                if (!wasFailed) {
                    reports.set(i, new StepReport(i, before.description(), StepReport.Outcome.LEFT_IRREVERSIBLE,
                            before.duration(), "cannot be undone: " + step.undo().irreversibleReason().orElse(""), records));
                    complete = false;
                }
                continue;
            }
            StepContext ctx = new StepContext(runner);
            String error = null;
            try {
                step.undo().action().orElseThrow().run(ctx);
            } catch (Throwable e) { // the other undos still run
                error = describe(e);
            }
            for (CommandResult r : ctx.results()) {
                records.add(CommandRecord.of("undo", r));
            }
            if (error == null) {
                try {
                    journal.undone(i);
                } catch (RuntimeException e) {
                    LOG.warn("the journal could not record the undo of step {}: {}", i + 1, e.getMessage());
                }
            }
            if (wasFailed) {
                // Undo of the failed step itself is best effort: it may never have applied.
                String finding = before.finding() + (error == null ? "; undone" : "; undo skipped or failed: " + error);
                reports.set(i, new StepReport(i, before.description(), StepReport.Outcome.FAILED, before.duration(), finding, records));
                continue;
            }
            if (error == null) {
                reports.set(i, new StepReport(i, before.description(), StepReport.Outcome.ROLLED_BACK, before.duration(),
                        before.finding(), records));
                fire(Type.STEP_ROLLED_BACK, i, n, before.description(), null);
            } else {
                complete = false;
                reports.set(i, new StepReport(i, before.description(), StepReport.Outcome.ROLLBACK_FAILED, before.duration(),
                        "undo failed: " + error, records));
                fire(Type.ROLLBACK_FAILED, i, n, before.description(), error);
                LOG.error("undo of step {}/{} failed: {}: {}", i + 1, n, before.description(), error);
            }
        }
        return complete;
    }

    private static List<CommandRecord> records(List<CommandResult> results, int probeFrom) {
        List<CommandRecord> out = new ArrayList<>();
        for (int j = 0; j < results.size(); j++) {
            out.add(CommandRecord.of(probeFrom >= 0 && j >= probeFrom ? "probe" : "apply", results.get(j)));
        }
        return out;
    }

    private void fire(Type type, int index, int count, String description, String detail) {
        try {
            listener.on(new ProvisioningEvent(type, index, count, description, detail));
        } catch (RuntimeException e) {
            LOG.warn("provisioning listener threw on {}: {}", type, e.toString());
        }
    }

    private void finishJournal() {
        try {
            journal.finished();
        } catch (RuntimeException e) {
            LOG.warn("the journal could not record the end of the apply: {}", e.getMessage());
        }
    }

    private static String describe(Throwable e) {
        return e instanceof RuntimeException ? e.getMessage() : e.toString();
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
