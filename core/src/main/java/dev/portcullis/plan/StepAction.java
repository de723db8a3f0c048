package dev.portcullis.plan;

import dev.portcullis.exec.Command;
import java.util.List;
import java.util.Optional;

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
     * The commands that do what {@link #run(StepContext)} does, each required to succeed, so that a
     * process that never saw this plan can run them from the host's journal after the JVM that
     * planned them is gone (see {@code dev.portcullis.hoststate.ApplyJournal}). Fixed commands
     * are; an action that decides at run time has no such form unless it gives one that is right
     * whatever it would have decided. An undo without one makes a killed apply stop the next run
     * with instructions instead of being undone by itself. Never a command with a secret stdin.
     *
     * @return the commands, or empty when the action has no replayable form
     */
    default Optional<List<Command>> replayable() {
        return Optional.empty();
    }

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
            public Optional<List<Command>> replayable() {
                return copy.stream().anyMatch(Command::stdinSensitive) ? Optional.empty() : Optional.of(copy);
            }

            @Override
            public String toString() {
                return copy.toString();
            }
        };
    }
}
