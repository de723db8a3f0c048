package dev.portcullis.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.RecordingCommandRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The executor proves each step, stops at the first failure and undoes what ran, newest first.
 * Failures are injected at every step position, in the action and in the probe.
 */
class PlanExecutorTest {

    private static final int STEPS = 5;

    /** Step i runs "do i", probes with "check i", undoes with "undo i". */
    private static Plan plan(int steps) {
        Plan.Builder b = Plan.builder("test", "five steps");
        for (int i = 0; i < steps; i++) {
            b.step(Step.of("step " + i, Command.of("do", Integer.toString(i)),
                    Probe.succeeds("step " + i + " took effect", Command.of("check", Integer.toString(i))),
                    Command.of("undo", Integer.toString(i))));
        }
        return b.rollbackCheck(Probe.succeeds("host as before", Command.of("compare-with-snapshot"))).build();
    }

    /** An action that runs its command, then throws (an Error, as a JVM in trouble does). */
    private static StepAction throwing(Command command, Error error) {
        return new StepAction() {
            @Override
            public void run(StepContext context) {
                context.run(command);
                throw error;
            }

            @Override
            public List<Command> commands() {
                return List.of(command);
            }
        };
    }

    private static List<String> ran(RecordingCommandRunner runner) {
        return runner.commands().stream().map(c -> String.join(" ", c.argv())).collect(Collectors.toList());
    }

    static List<Arguments> failurePositions() {
        List<Arguments> all = new ArrayList<>();
        for (int k = 0; k < STEPS; k++) {
            all.add(Arguments.of(k, "do"));
            all.add(Arguments.of(k, "check"));
        }
        return all;
    }

    @ParameterizedTest(name = "failure in {1} of step {0}")
    @MethodSource("failurePositions")
    void undoesEveryCompletedStepInReverseOrderWhenAStepFails(int failing, String phase) {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer(1, "", phase, Integer.toString(failing));
        List<ProvisioningEvent> events = new ArrayList<>();
        ApplyReport report = new PlanExecutor(runner, events::add, new CancellationToken()).execute(plan(STEPS));

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < failing; i++) {
            expected.add("do " + i);
            expected.add("check " + i);
        }
        expected.add("do " + failing);
        if (phase.equals("check")) {
            expected.add("check " + failing);
        }
        // The failed step may have half-applied, so it is undone too; then the earlier ones, newest first.
        for (int i = failing; i >= 0; i--) {
            expected.add("undo " + i);
        }
        expected.add("compare-with-snapshot");
        assertThat(ran(runner)).containsExactlyElementsOf(expected);

        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.succeeded()).isFalse();
        for (int i = 0; i < STEPS; i++) {
            StepReport.Outcome want = i < failing ? StepReport.Outcome.ROLLED_BACK
                    : i == failing ? StepReport.Outcome.FAILED : StepReport.Outcome.NOT_RUN;
            assertThat(report.steps().get(i).outcome()).as("step %d", i).isEqualTo(want);
        }
        assertThat(report.failedStep()).get().extracting(StepReport::index).isEqualTo(failing);
        assertThat(report.findings()).anyMatch(f -> f.startsWith("after rollback, host is as before"));

        List<String> rolledBack = events.stream().filter(e -> e.type() == ProvisioningEvent.Type.STEP_ROLLED_BACK)
                .map(ProvisioningEvent::description).toList();
        assertThat(rolledBack).containsExactlyElementsOf(
                IntStream.iterate(failing - 1, i -> i >= 0, i -> i - 1).mapToObj(i -> "step " + i).toList());
        assertThat(events).filteredOn(e -> e.type() == ProvisioningEvent.Type.STEP_FAILED).singleElement()
                .extracting(ProvisioningEvent::stepIndex).isEqualTo(failing);
        assertThat(events.get(events.size() - 1).type()).isEqualTo(ProvisioningEvent.Type.PLAN_ROLLED_BACK);
    }

    @Test
    void runsEveryStepAndItsProbeWhenAllSucceed() {
        RecordingCommandRunner runner = new RecordingCommandRunner();
        List<ProvisioningEvent> events = new ArrayList<>();
        ApplyReport report = new PlanExecutor(runner, events::add, new CancellationToken()).execute(plan(3));
        assertThat(ran(runner)).containsExactly("do 0", "check 0", "do 1", "check 1", "do 2", "check 2");
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(report.steps()).allMatch(s -> s.outcome() == StepReport.Outcome.APPLIED);
        assertThat(report.steps().get(1).commands()).extracting(CommandRecord::phase).containsExactly("apply", "probe");
        assertThat(events).extracting(ProvisioningEvent::type).containsExactly(
                ProvisioningEvent.Type.STEP_STARTED, ProvisioningEvent.Type.STEP_FINISHED,
                ProvisioningEvent.Type.STEP_STARTED, ProvisioningEvent.Type.STEP_FINISHED,
                ProvisioningEvent.Type.STEP_STARTED, ProvisioningEvent.Type.STEP_FINISHED,
                ProvisioningEvent.Type.PLAN_SUCCEEDED);
    }

    @Test
    void anEmptyPlanRunsNothingAndReportsUnchanged() {
        RecordingCommandRunner runner = new RecordingCommandRunner();
        ApplyReport report = PlanExecutor.on(runner).execute(Plan.builder("test", "nothing").build());
        assertThat(runner.commands()).isEmpty();
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        assertThat(report.succeeded()).isTrue();
        assertThat(report.changed()).isFalse();
    }

    @Test
    void aFailingFinalCheckRollsEverythingBack() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer(1, "", "smtp-probe");
        Plan p = plan(2).steps().stream().reduce(Plan.builder("test", "with final check"), Plan.Builder::step, (a, b) -> a)
                .finalCheck(Probe.succeeds("not an open relay", Command.of("smtp-probe"))).build();
        ApplyReport report = PlanExecutor.on(runner).execute(p);
        assertThat(ran(runner)).containsExactly("do 0", "check 0", "do 1", "check 1", "smtp-probe", "undo 1", "undo 0");
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.findings()).singleElement().asString().startsWith("final check FAILED");
    }

    @Test
    void aFailingUndoMakesTheRollbackIncompleteButTheOtherUndosStillRun() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer(1, "", "do", "3").answer(1, "", "undo", "1");
        ApplyReport report = PlanExecutor.on(runner).execute(plan(STEPS));
        assertThat(ran(runner)).containsSubsequence("undo 3", "undo 2", "undo 1", "undo 0");
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLBACK_INCOMPLETE);
        assertThat(report.steps().get(1).outcome()).isEqualTo(StepReport.Outcome.ROLLBACK_FAILED);
        assertThat(report.steps().get(0).outcome()).isEqualTo(StepReport.Outcome.ROLLED_BACK);
    }

    @Test
    void aRollbackCheckThatFindsDifferencesMakesTheRollbackIncomplete() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer(1, "", "do", "1")
                .answer(1, "", "compare-with-snapshot");
        ApplyReport report = PlanExecutor.on(runner).execute(plan(3));
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLBACK_INCOMPLETE);
        assertThat(report.findings()).anyMatch(f -> f.contains("DIFFERS"));
    }

    @Test
    void anIrreversibleStepIsReportedAsLeftInPlace() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer(1, "", "do", "1");
        Plan p = Plan.builder("test", "irreversible")
                .step(Step.of("generate key", StepAction.commands(Command.of("do", "0")),
                        Probe.none("the key file is checked by the next step"), Undo.irreversible("a new key cannot be un-generated")))
                .step(plan(2).steps().get(1)).build();
        ApplyReport report = PlanExecutor.on(runner).execute(p);
        assertThat(report.steps().get(0).outcome()).isEqualTo(StepReport.Outcome.LEFT_IRREVERSIBLE);
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLBACK_INCOMPLETE);
        assertThat(p.render()).contains("undo: impossible: a new key cannot be un-generated");
    }

    @Test
    void cancellationBetweenStepsUndoesWhatRan() {
        RecordingCommandRunner runner = new RecordingCommandRunner();
        CancellationToken token = new CancellationToken();
        ProvisioningListener cancelAfterSecond = e -> {
            if (e.type() == ProvisioningEvent.Type.STEP_FINISHED && e.stepIndex() == 1) {
                token.cancel();
            }
        };
        ApplyReport report = new PlanExecutor(runner, cancelAfterSecond, token).execute(plan(STEPS));
        assertThat(ran(runner)).containsExactly("do 0", "check 0", "do 1", "check 1", "undo 1", "undo 0",
                "compare-with-snapshot");
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.CANCELLED);
        assertThat(report.steps().get(2).outcome()).isEqualTo(StepReport.Outcome.NOT_RUN);
    }

    @Test
    void anErrorInAStepRollsBackWhatRanReportsItAndIsRethrown() {
        RecordingCommandRunner runner = new RecordingCommandRunner();
        Plan.Builder b = Plan.builder("test", "error in step 2");
        List<Step> fine = plan(2).steps();
        fine.forEach(b::step);
        b.step(Step.of("runs out of memory", throwing(Command.of("do", "2"), new OutOfMemoryError("Java heap space")), Probe.succeeds("never", Command.of("check", "2")), Undo.by(StepAction.commands(Command.of("undo", "2")))));
        b.rollbackCheck(Probe.succeeds("host as before", Command.of("compare-with-snapshot")));
        List<ProvisioningEvent> events = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> new PlanExecutor(runner, events::add, new CancellationToken()).execute(b.build()));

        assertThat(thrown).isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
        assertThat(ran(runner)).containsExactly("do 0", "check 0", "do 1", "check 1", "do 2", "undo 2", "undo 1", "undo 0",
                "compare-with-snapshot");
        assertThat(thrown.getSuppressed()).singleElement().isInstanceOfSatisfying(ApplyAbortedException.class, e -> {
            assertThat(e.report().outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
            assertThat(e.report().failedStep()).get().satisfies(s -> {
                assertThat(s.index()).isEqualTo(2);
                assertThat(s.finding()).contains("java.lang.OutOfMemoryError: Java heap space");
            });
        });
        assertThat(events).extracting(ProvisioningEvent::type).contains(ProvisioningEvent.Type.STEP_FAILED,
                ProvisioningEvent.Type.PLAN_ROLLED_BACK);
    }

    @Test
    void anErrorInAnUndoDoesNotStopTheOtherUndos() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer(1, "", "do", "2");
        Plan.Builder b = Plan.builder("test", "error in undo 1");
        List<Step> steps = plan(3).steps();
        b.step(steps.get(0));
        b.step(Step.of("step 1", StepAction.commands(Command.of("do", "1")), Probe.succeeds("ok", Command.of("check", "1")),
                Undo.by(throwing(Command.of("undo", "1"), new StackOverflowError()))));
        b.step(steps.get(2));

        ApplyReport report = PlanExecutor.on(runner).execute(b.build());

        assertThat(ran(runner)).containsExactly("do 0", "check 0", "do 1", "check 1", "do 2", "undo 2", "undo 1", "undo 0");
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLBACK_INCOMPLETE);
        assertThat(report.steps().get(1).finding()).contains("StackOverflowError");
    }

    @Test
    void aThrowingListenerDoesNotBreakTheApply() {
        RecordingCommandRunner runner = new RecordingCommandRunner();
        ApplyReport report = new PlanExecutor(runner, e -> {
            throw new IllegalStateException("progress bar crashed");
        }, new CancellationToken()).execute(plan(2));
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
    }

    @Test
    void theReportSerialisesToJsonWithEveryCommandAndExitCode() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer(1, "", "do", "1")
                .otherwise(c -> CommandResult.of(c, 0, "ok"));
        String json = PlanExecutor.on(runner).execute(plan(2)).toJson();
        assertThat(json).contains("\"outcome\" : \"ROLLED_BACK\"", "\"command\" : \"do 1\"", "\"exitCode\" : 1",
                "\"phase\" : \"undo\"", "\"stdout\" : \"ok\"");
    }

    @Test
    void renderShowsTheExactCommandsProbesAndUndos() {
        String text = plan(2).render();
        assertThat(text).contains("# step 1/2: step 0\ndo 0\n#   check: step 0 took effect\n#     check 0\n#   undo: undo 0");
        assertThat(text).contains("# step 2/2: step 1\ndo 1\n");
    }
}
