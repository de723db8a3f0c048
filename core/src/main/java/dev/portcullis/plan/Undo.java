package dev.portcullis.plan;

import java.util.Optional;

/**
 * How a step is undone: an action, or an explicit statement that it cannot be, with the reason.
 */
public final class Undo {

    private final StepAction action;
    private final String irreversibleReason;

    private Undo(StepAction action, String irreversibleReason) {
        this.action = action;
        this.irreversibleReason = irreversibleReason;
    }

    /**
     * @param action what undoes the step
     * @return the undo
     */
    public static Undo by(StepAction action) {
        return new Undo(action, null);
    }

    /**
     * @param reason why the step cannot be undone (shown in plans and reports)
     * @return an explicit "irreversible"
     */
    public static Undo irreversible(String reason) {
        return new Undo(null, reason);
    }

    /** @return the undo action, unless irreversible */
    public Optional<StepAction> action() {
        return Optional.ofNullable(action);
    }

    /** @return why it is irreversible, if it is */
    public Optional<String> irreversibleReason() {
        return Optional.ofNullable(irreversibleReason);
    }

    /** @return whether the step can be undone */
    public boolean isReversible() {
        return action != null;
    }
}
