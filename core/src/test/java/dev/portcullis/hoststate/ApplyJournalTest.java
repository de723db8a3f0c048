package dev.portcullis.hoststate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.LocalCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import dev.portcullis.plan.StepJournal;
import dev.portcullis.plan.Undo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal on this machine's file system through a local runner: what a killed apply leaves,
 * and how the next run reads and undoes it. The kill is simulated by stopping the calls to the
 * recorder where a killed JVM would have stopped; the live ITs kill real JVMs.
 */
class ApplyJournalTest {

    @TempDir
    Path dir;

    private final CommandRunner runner = LocalCommandRunner.create();
    private final LockHolder holder = LockHolder.thisProcess("apply port policy test");

    private ApplyJournal journal() {
        return ApplyJournal.at(dir.resolve("var/lib/portcullis/journal/current.jsonl").toString());
    }

    private Path file(int i) {
        return dir.resolve("f" + i);
    }

    /** Step i creates file i, undone by deleting it. */
    private Plan plan(int steps) {
        Plan.Builder b = Plan.builder("test", "three files");
        for (int i = 0; i < steps; i++) {
            b.step(Step.of("create f" + i, Command.of("touch", file(i).toString()),
                    Probe.succeeds("f" + i + " exists", Command.of("test", "-e", file(i).toString())),
                    Command.of("rm", "-f", file(i).toString())));
        }
        return b.build();
    }

    /** Runs steps 0..k-1, then records step k as started and stops: a JVM killed inside step k. */
    private void killedInside(Plan plan, int k) {
        StepJournal recorder = journal().recorder(runner, holder);
        for (int i = 0; i <= k; i++) {
            recorder.starting(plan, i);
            if (i < k) {
                plan.steps().get(i).action().run(new StepContext(runner));
            }
        }
    }

    @Test
    void beforeEachStepTheJournalOnTheHostNamesItAndHowToUndoEveryStepAndItGoesWhenTheApplyEnds() throws Exception {
        Plan base = plan(2);
        List<String> seen = new ArrayList<>();
        Plan.Builder b = Plan.builder("test", "reads its own journal");
        base.steps().forEach(s -> b.step(Step.of(s.description(), new StepAction() {
            @Override
            public void run(StepContext context) {
                seen.add(context.run(Command.of("cat", journal().path())).stdout());
                s.action().run(context);
            }

            @Override
            public List<Command> commands() {
                return s.action().commands();
            }
        }, s.probe(), s.undo())));

        ApplyReport report = PlanExecutor.on(runner).journal(journal().recorder(runner, holder)).execute(b.build());

        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(seen.get(0)).contains("\"backend\":\"test\"", "\"undo\":[{\"argv\":[\"rm\",\"-f\",\"" + file(0))
                .contains("pid " + ProcessHandle.current().pid()).endsWith("{\"started\":0}\n");
        assertThat(seen.get(1)).endsWith("{\"started\":0}\n{\"started\":1}\n");
        assertThat(Path.of(journal().path())).doesNotExist();
    }

    @Test
    void theJournalIsReadableByRootOnly() throws Exception {
        killedInside(plan(1), 0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(journal().path())))).isEqualTo("rw-------");
        assertThat(Files.getOwner(Path.of(journal().path())).getName()).isEqualTo("root");
    }

    @Test
    void theNextRunSaysExactlyWhatWasInterruptedAndUndoesItNewestFirst() {
        Plan plan = plan(3);
        killedInside(plan, 2);
        runner.run(Command.of("touch", file(2).toString())); // the killed step had half-applied

        InterruptedApply found = journal().find(runner).orElseThrow();
        assertThat(found.describe()).isEqualTo("an apply of three files by test was interrupted (" + holder + "): step 3/3"
                + " \"create f2\" had started and not been seen to finish; steps 1-2 had finished");
        String summary = found.recover(runner);

        assertThat(summary).startsWith("recovered an interrupted apply").contains("undid step(s) 3, 2, 1");
        assertThat(file(0)).doesNotExist();
        assertThat(file(1)).doesNotExist();
        assertThat(file(2)).doesNotExist();
        assertThat(journal().find(runner)).as("the journal is gone once recovered").isEmpty();
    }

    @Test
    void theUndoOfTheStepThatWasRunningIsBestEffortItMayNeverHaveBegun() {
        Plan.Builder b = Plan.builder("test", "second undo fails");
        plan(1).steps().forEach(b::step);
        b.step(Step.of("never took effect", Command.of("true"), Probe.none("nothing"), Command.of("false")));
        Plan plan = b.build();
        killedInside(plan, 1);

        journal().find(runner).orElseThrow().recover(runner);

        assertThat(file(0)).doesNotExist();
    }

    @Test
    void aStepWithoutARecordedUndoStopsTheNextRunWithInstructionsAndKeepsTheJournal() {
        Plan.Builder b = Plan.builder("test", "one undo decides at run time");
        plan(1).steps().forEach(b::step);
        b.step(Step.of("reload", StepAction.commands(Command.of("true")), Probe.none("nothing"), Undo.by(new StepAction() {
            @Override
            public void run(StepContext context) {
                context.run(Command.of("true"));
            }

            @Override
            public List<Command> commands() {
                return List.of(Command.of("true"));
            }
        })));
        killedInside(b.build(), 1);

        assertThatThrownBy(() -> journal().find(runner).orElseThrow().recover(runner))
                .isInstanceOf(InterruptedApplyException.class)
                .hasMessageContaining("step 2/2 \"reload\" had started")
                .hasMessageContaining("Stopped: step 2 (\"reload\") its undo decides at run time and was not recorded")
                .hasMessageContaining("step 1: rm -f " + file(0))
                .hasMessageContaining("then delete " + journal().path());
        assertThat(journal().find(runner)).isPresent();
    }

    @Test
    void aTornLastLineMeansTheStepItAnnouncedNeverBegan() throws Exception {
        Plan plan = plan(2);
        killedInside(plan, 0);
        runner.run(Command.of("touch", file(0).toString()));
        Files.writeString(Path.of(journal().path()), "{\"star", java.nio.file.StandardOpenOption.APPEND);

        InterruptedApply found = journal().find(runner).orElseThrow();

        assertThat(found.startedSteps()).containsExactly(0);
        found.recover(runner);
        assertThat(file(0)).doesNotExist();
    }

    @Test
    void aRecoveryThatIsItselfInterruptedResumesWhereItStopped() {
        Plan plan = plan(2);
        killedInside(plan, 1);
        runner.run(journal().append(ApplyJournal.event("undone", 1))); // the rollback had undone step 2
        runner.run(Command.of("touch", file(1).toString())); // and something else made f1 since: not ours to delete

        InterruptedApply found = journal().find(runner).orElseThrow();
        assertThat(found.describe()).contains("its rollback had undone step(s) 2");
        found.recover(runner);

        assertThat(file(0)).doesNotExist();
        assertThat(file(1)).as("step 2 was already undone: not undone twice").exists();
    }

    @Test
    void aJournalCutShortWhileItWasFirstWrittenMeansNoStepBegan() throws Exception {
        Files.createDirectories(Path.of(journal().path()).getParent());
        Files.writeString(Path.of(journal().path()), "{\"journal\":1,\"backe");

        InterruptedApply found = journal().find(runner).orElseThrow();

        assertThat(found.describe()).contains("before any step began");
        found.recover(runner);
        assertThat(journal().find(runner)).isEmpty();
    }
}
