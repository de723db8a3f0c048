package dev.portcullis.plan;

import dev.portcullis.exec.Command;
import java.util.List;

/**
 * What a step (or its undo) does. Most actions are fixed commands ({@link #commands(Command...)}),
 * so {@link Plan#render()} shows exactly what will run; an action that must compute something at
 * run time (resolve a secret, read a backup) renders the commands it will run with secrets
 * redacted.
 */
public interface StepAction {

    /**
     * Runs the action.
     *
     * @param context the runner and command record
     */
    void run(StepContext context);

    /** @return the commands this action runs, as shown in a dry run */
    List<Command> commands();

    /**
     * @param commands commands to run in order, each required to succeed
     * @return the action
     */
    static StepAction commands(Command... commands) {
        return commands(List.of(commands));
    }

    /**
     * @param commands commands to run in order, each required to succeed
     * @return the action
     */
    static StepAction commands(List<Command> commands) {
        List<Command> copy = List.copyOf(commands);
        return new StepAction() {
            @Override
            public void run(StepContext context) {
                copy.forEach(context::run);
            }

            @Override
            public List<Command> commands() {
                return copy;
            }

            @Override
            public String toString() {
                return copy.toString();
            }
        };
    }
}
