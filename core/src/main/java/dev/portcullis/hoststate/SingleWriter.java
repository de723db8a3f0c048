package dev.portcullis.hoststate;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Drift;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.StepJournal;
import dev.portcullis.plan.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * How every apply and remove runs on a host: take the {@link HostLock} (fail fast when another run
 * holds it), recover what an interrupted run left (from the {@link ApplyJournal}), only then take
 * the snapshot and plan, execute with the journal kept before each step, and release the lock after
 * the last probe. Verify takes no lock, but reports an interrupted run instead of comparing against
 * half a change.
 *
 * @param lock the host's lock
 * @param journal the host's journal
 */
public record SingleWriter(HostLock lock, ApplyJournal journal) {

    /**
     * What being the only writer costs an apply or remove beyond the backend's own commands, in
     * processes on the host: {@code ln -s} to take the lock, {@code cat} of the journal, {@code rm}
     * of the lock. A converged apply costs exactly this more; a plan with steps adds
     * {@link #journalSpawns(int)}. Verify costs one read of the journal.
     */
    public static final int LOCK_AND_JOURNAL_READ_SPAWNS = 3;

    /** Option key naming another lock path on the host (tests, hosts without {@code /run}). */
    public static final String LOCK_PATH_OPTION = "host.lockPath";
    /** Option key naming another journal path on the host. */
    public static final String JOURNAL_PATH_OPTION = "host.journalPath";

    /**
     * Checks both are given.
     *
     * @param lock the host's lock
     * @param journal the host's journal
     */
    public SingleWriter {
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(journal, "journal");
    }

    /**
     * @param steps the steps of a plan (at least one)
     * @return the processes its journal costs: one write before each step, one delete at the end
     */
    public static int journalSpawns(int steps) {
        return steps + 1;
    }

    /**
     * @param lockPath the lock's path, or null for {@value HostLock#DEFAULT_PATH}
     * @param journalPath the journal's path, or null for {@value ApplyJournal#DEFAULT_PATH}
     * @return the writer for those paths
     */
    public static SingleWriter at(String lockPath, String journalPath) {
        return new SingleWriter(lockPath == null ? HostLock.standard() : HostLock.at(lockPath),
                journalPath == null ? ApplyJournal.standard() : ApplyJournal.at(journalPath));
    }

    /**
     * Runs one apply or remove as the host's only writer.
     *
     * @param runner reaches the host
     * @param command what this run does, named to whoever finds the lock taken
     * @param planner takes the snapshot and plans; called with the lock held and after recovery
     * @param executor executes the plan, telling the journal before each step
     * @return the report, with a finding for a recovered interrupted run or a stale lock taken over
     * @throws HostLockedException when another run holds the lock (nothing changed)
     * @throws InterruptedApplyException when an interrupted run cannot be undone by itself
     */
    public ApplyReport run(CommandRunner runner, String command, Supplier<Plan> planner,
            BiFunction<Plan, StepJournal, ApplyReport> executor) {
        LockHolder holder = LockHolder.thisProcess(command);
        try (HostLock.Held held = lock.acquire(runner, holder)) {
            List<String> findings = new ArrayList<>();
            held.takeoverWarning().ifPresent(w -> findings.add("WARNING: " + w));
            journal.find(runner).ifPresent(interrupted -> findings.add("WARNING: " + interrupted.recover(runner)));
            Plan plan = planner.get();
            ApplyReport report = executor.apply(plan, journal.recorder(runner, holder));
            if (findings.isEmpty()) {
                return report;
            }
            findings.addAll(report.findings());
            return new ApplyReport(report.backend(), report.target(), report.outcome(), report.duration(), report.steps(),
                    report.notes(), findings);
        }
    }

    /**
     * Verifies read-only, unless the journal says an apply was interrupted: then the verdict is
     * that drift (what was interrupted, and that apply or remove recovers it), not a comparison
     * against half a change.
     *
     * @param runner reaches the host
     * @param verifier the backend's read-only verification
     * @return the report
     */
    public VerifyReport verify(CommandRunner runner, Supplier<VerifyReport> verifier) {
        Optional<InterruptedApply> interrupted = journal.find(runner);
        VerifyReport report = verifier.get();
        if (interrupted.isEmpty()) {
            return report;
        }
        List<Drift> drifts = new ArrayList<>();
        drifts.add(new Drift("interrupted apply", "no apply interrupted half-way", interrupted.get().describe(),
                journal.path() + " on the host: run apply (or remove) to undo the half change from the journal, then converge"));
        drifts.addAll(report.drifts());
        return new VerifyReport(report.backend(), report.target(), drifts, report.findings());
    }
}
