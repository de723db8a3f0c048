package dev.portcullis.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one step during an apply.
 *
 * @param index 0-based position in the plan
 * @param description the step's description
 * @param outcome what became of it
 * @param duration time spent on its action and probe
 * @param finding what its probe found, or why it failed
 * @param commands every command run for it (action, probe, undo)
 */
public record StepReport(int index, String description, Outcome outcome, Duration duration, String finding,
        List<CommandRecord> commands) {

    /** What became of a step. */
    public enum Outcome {
        /** Ran, and its probe proved the effect. */
        APPLIED,
        /** Its action or probe failed. */
        FAILED,
        /** Ran, then was undone during rollback. */
        ROLLED_BACK,
        /** Ran, and undoing it failed. */
        ROLLBACK_FAILED,
        /** Ran, and cannot be undone (its undo is explicitly irreversible). */
        LEFT_IRREVERSIBLE,
        /** Never ran: an earlier step failed or the apply was cancelled. */
        NOT_RUN
    }

    /**
     * Copies the commands.
     *
     * @param index the step's position in its plan, from 0
     * @param description what the step does, in words
     * @param outcome how the step ended
     * @param duration how long it took
     * @param finding what its probe or failure said, or "" when nothing
     * @param commands every command run for it (action, probe, undo)
     */
    public StepReport {
        commands = List.copyOf(commands);
    }

    /** @return the finding, if any */
    public Optional<String> findingIfAny() {
        return Optional.ofNullable(finding);
    }
}
