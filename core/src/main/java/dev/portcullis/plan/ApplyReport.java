package dev.portcullis.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of an apply (or remove): the overall outcome, each step with its commands, exit codes
 * and output excerpts, the probes' findings and the plan's notes. Serialises to JSON with
 * {@link #toJson()}; secrets never appear in it.
 *
 * @param backend id of the backend
 * @param target what was provisioned
 * @param outcome the overall outcome
 * @param duration total wall time
 * @param steps every step of the plan, in order
 * @param notes warnings and remarks from the plan
 * @param findings results of the final check and the rollback check
 */
public record ApplyReport(String backend, String target, Outcome outcome, Duration duration, List<StepReport> steps,
        List<String> notes, List<String> findings) {

    /** The overall outcome. */
    public enum Outcome {
        /** The plan was empty: the host already matched. */
        UNCHANGED,
        /** Every step ran and was proven, and the final check passed. */
        APPLIED,
        /** A step failed; the completed steps were undone (and the host proven as before, where the backend can). */
        ROLLED_BACK,
        /** A step failed and at least one undo failed too: the host needs attention. */
        ROLLBACK_INCOMPLETE,
        /** Cancelled between steps; the completed steps were undone. */
        CANCELLED
    }

    /**
     * Copies the lists.
     *
     * @param backend the backend that applied the plan
     * @param target what the plan was for
     * @param outcome how the apply ended
     * @param duration how long it took
     * @param steps what happened at each step, in plan order
     * @param notes the plan's remarks
     * @param findings what the checks after the steps observed
     */
    public ApplyReport {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
        findings = List.copyOf(findings);
    }

    /** @return whether the host now matches the spec */
    public boolean succeeded() {
        return outcome == Outcome.APPLIED || outcome == Outcome.UNCHANGED;
    }

    /** @return whether anything was changed and kept */
    public boolean changed() {
        return outcome == Outcome.APPLIED;
    }

    /** @return the first failed step, if any */
    public java.util.Optional<StepReport> failedStep() {
        return steps.stream().filter(s -> s.outcome() == StepReport.Outcome.FAILED).findFirst();
    }

    /** @return every command run, in order, across all steps */
    public List<CommandRecord> commands() {
        List<CommandRecord> all = new ArrayList<>();
        steps.forEach(s -> all.addAll(s.commands()));
        return all;
    }

    /** @return the report as pretty-printed JSON */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("backend", backend);
        root.put("target", target);
        root.put("outcome", outcome.name());
        root.put("durationMillis", duration.toMillis());
        List<Object> stepList = new ArrayList<>();
        for (StepReport s : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", s.index());
            m.put("description", s.description());
            m.put("outcome", s.outcome().name());
            m.put("durationMillis", s.duration().toMillis());
            m.put("finding", s.finding());
            List<Object> cmds = new ArrayList<>();
            for (CommandRecord c : s.commands()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("phase", c.phase());
                cm.put("command", c.command());
                cm.put("exitCode", c.exitCode());
                cm.put("durationMillis", c.millis());
                cm.put("timedOut", c.timedOut());
                cm.put("stdout", c.stdout());
                cm.put("stderr", c.stderr());
                cmds.add(cm);
            }
            m.put("commands", cmds);
            stepList.add(m);
        }
        root.put("steps", stepList);
        root.put("notes", notes);
        root.put("findings", findings);
        return dev.portcullis.internal.PrettyJson.write(root);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(outcome + " " + target + " by " + backend + " in " + duration.toMillis() + " ms");
        for (StepReport s : steps) {
            sb.append("\n  ").append(s.index() + 1).append(". ").append(s.outcome()).append(' ').append(s.description());
            s.findingIfAny().ifPresent(f -> sb.append(": ").append(f));
        }
        notes.forEach(n -> sb.append("\n  note: ").append(n));
        findings.forEach(f -> sb.append("\n  finding: ").append(f));
        return sb.toString();
    }
}
