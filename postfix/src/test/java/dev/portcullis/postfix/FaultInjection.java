package dev.portcullis.postfix;

import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepContext;

/** Turns a real plan into one that fails at a chosen position, to prove rollback from every point. */
final class FaultInjection {

    private FaultInjection() {
    }

    /**
     * @param plan a real plan
     * @param failing index of the step whose probe fails after its action really ran
     * @return the same plan, failing there
     */
    static Plan failingAfterStep(Plan plan, int failing) {
        Plan.Builder b = copyHeader(plan);
        for (int i = 0; i < plan.steps().size(); i++) {
            Step s = plan.steps().get(i);
            b.step(i == failing ? Step.of(s.description(), s.action(), failing(s.probe()), s.undo()) : s);
        }
        plan.finalCheck().ifPresent(b::finalCheck);
        return b.build();
    }

    /**
     * @param plan a real plan
     * @return the same plan whose final check fails after every step ran
     */
    static Plan failingFinalCheck(Plan plan) {
        Plan.Builder b = copyHeader(plan);
        plan.steps().forEach(b::step);
        b.finalCheck(failing(plan.finalCheck().orElse(Probe.none("no final check"))));
        return b.build();
    }

    private static Plan.Builder copyHeader(Plan plan) {
        Plan.Builder b = Plan.builder(plan.backend(), plan.target());
        plan.notes().forEach(b::note);
        plan.rollbackCheck().ifPresent(b::rollbackCheck);
        return b;
    }

    private static Probe failing(Probe real) {
        return new Probe() {
            @Override
            public ProbeResult check(StepContext context) {
                ProbeResult r = real.check(context);
                return ProbeResult.failed("injected failure (the real probe said: " + r.message() + ")");
            }

            @Override
            public String description() {
                return real.description() + ", then an injected failure";
            }
        };
    }
}
