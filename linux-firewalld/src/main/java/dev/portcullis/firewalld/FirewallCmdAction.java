package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandFailedException;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import java.util.List;

/**
 * Runs firewall-cmd calls in order and fails on the first one that did not fully work. A batch
 * call exits 0 even when one of its values was refused (it prints
 * {@code Warning: INVALID_RULE: ...} and carries on), so success also requires that standard
 * error holds no {@code Error:} and no {@code INVALID_} warning. {@code ALREADY_ENABLED} and
 * {@code NOT_ENABLED} warnings are harmless and accepted.
 */
final class FirewallCmdAction implements StepAction {

    private final List<Command> commands;

    private FirewallCmdAction(List<Command> commands) {
        this.commands = List.copyOf(commands);
    }

    /**
     * @param commands the calls
     * @return the action
     */
    static FirewallCmdAction of(List<Command> commands) {
        return new FirewallCmdAction(commands);
    }

    @Override
    public void run(StepContext context) {
        for (Command c : commands) {
            CommandResult r = context.run(c);
            if (refusedSomething(r.stderr())) {
                throw new CommandFailedException(r);
            }
        }
    }

    /**
     * @param stderr standard error of a call that exited 0
     * @return whether firewalld refused part of it
     */
    static boolean refusedSomething(String stderr) {
        for (String line : stderr.split("\n")) {
            String l = line.strip();
            if (l.startsWith("Error:") || l.startsWith("Warning: INVALID") || l.startsWith("Failed")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Command> commands() {
        return commands;
    }

    /** The same calls, for the host's journal: an undo replayed after a crash runs them as they are. */
    @Override
    public java.util.Optional<List<Command>> replayable() {
        return java.util.Optional.of(commands);
    }

    @Override
    public String toString() {
        return commands.toString();
    }
}
