package dev.portcullis.plan;

import dev.portcullis.exec.Command;
import java.util.Objects;

/**
 * One step of a {@link Plan}: what it does, the probe that proves it took effect, and how to undo
 * it. Steps are built by backends from a (desired, snapshot) pair; building them runs nothing.
 */
public final class Step {

    private final String description;
    private final StepAction action;
    private final Probe probe;
    private final Undo undo;

    private Step(String description, StepAction action, Probe probe, Undo undo) {
        this.description = Objects.requireNonNull(description, "description");
        this.action = Objects.requireNonNull(action, "action");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.undo = Objects.requireNonNull(undo, "undo");
    }

    /**
     * @param description what the step does, in words
     * @param action what it runs
     * @param probe how its effect is proven
     * @param undo how it is undone
     * @return the step
     */
    public static Step of(String description, StepAction action, Probe probe, Undo undo) {
        return new Step(description, action, probe, undo);
    }

    /**
     * A step of fixed commands.
     *
     * @param description what it does
     * @param command the command
     * @param probe how its effect is proven
     * @param undo the command that undoes it
     * @return the step
     */
    public static Step of(String description, Command command, Probe probe, Command undo) {
        return new Step(description, StepAction.commands(command), probe, Undo.by(StepAction.commands(undo)));
    }

    /** @return what the step does */
    public String description() {
        return description;
    }

    /** @return what it runs */
    public StepAction action() {
        return action;
    }

    /** @return how its effect is proven */
    public Probe probe() {
        return probe;
    }

    /** @return how it is undone */
    public Undo undo() {
        return undo;
    }

    @Override
    public String toString() {
        return description;
    }
}
