package dev.portcullis.plan;

import java.util.Optional;

/**
 * Something that happened during an apply, for progress displays.
 *
 * @param type what happened
 * @param stepIndex 0-based index of the step concerned (-1 for whole-plan events)
 * @param stepCount number of steps in the plan
 * @param description the step's description, or the plan's target
 * @param detail failure reason or probe finding, if any
 */
public record ProvisioningEvent(Type type, int stepIndex, int stepCount, String description, String detail) {

    /** Kinds of events. */
    public enum Type {
        /** A step is about to run. */
        STEP_STARTED,
        /** A step ran and its probe passed. */
        STEP_FINISHED,
        /** A step's action or probe failed. */
        STEP_FAILED,
        /** A completed step was undone. */
        STEP_ROLLED_BACK,
        /** Undoing a step failed. */
        ROLLBACK_FAILED,
        /** All steps and the final check passed. */
        PLAN_SUCCEEDED,
        /** The plan failed (or was cancelled) and was rolled back. */
        PLAN_ROLLED_BACK
    }

    /** @return the detail, if any */
    public Optional<String> detailIfAny() {
        return Optional.ofNullable(detail);
    }

    @Override
    public String toString() {
        return type + (stepIndex >= 0 ? " [" + (stepIndex + 1) + "/" + stepCount + "]" : "") + " " + description
                + (detail == null ? "" : ": " + detail);
    }
}
