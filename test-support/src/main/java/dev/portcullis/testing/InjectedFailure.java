package dev.portcullis.testing;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepContext;
import java.util.function.ObjIntConsumer;

/**
 * Rollback tests: the same plan with one step's probe failing after its action really ran, so
 * the undo of every completed step (the failed one included) has real work to do.
 */
public final class InjectedFailure {

    private InjectedFailure() {
    }

    /**
     * @param plan a plan with a rollback check
     * @param index the 0-based step whose probe fails
     * @return the plan with that probe replaced
     */
    public static Plan probeFailsAt(Plan plan, int index) {
        if (index < 0 || index >= plan.steps().size()) {
            throw new IllegalArgumentException("the plan has " + plan.steps().size() + " steps, no step " + index);
        }
        Plan.Builder b = Plan.builder(plan.backend(), plan.target());
        for (int i = 0; i < plan.steps().size(); i++) {
            Step s = plan.steps().get(i);
            b.step(i != index ? s : Step.of(s.description(), s.action(), new Probe() {
                @Override
                public ProbeResult check(StepContext context) {
                    return ProbeResult.failed("failure injected by the test");
                }

                @Override
                public String description() {
                    return "always fails";
                }
            }, s.undo()));
        }
        plan.notes().forEach(b::note);
        plan.rollbackCheck().ifPresent(b::rollbackCheck);
        return b.build();
    }

    /**
     * Runs the plan once for every step, each time with that step's probe failing, and hands each
     * run's report and the failing step's index to {@code afterEachRun} before the next run starts,
     * so the caller can check the host after every rollback.
     *
     * @param runner the host the plan runs on
     * @param plan a plan with a rollback check
     * @param afterEachRun receives the report of the run that failed at the given 0-based step
     */
    public static void failAtEveryStep(CommandRunner runner, Plan plan, ObjIntConsumer<ApplyReport> afterEachRun) {
        for (int step = 0; step < plan.steps().size(); step++) {
            afterEachRun.accept(PlanExecutor.on(runner).execute(probeFailsAt(plan, step)), step);
        }
    }
}
