package dev.portcullis.plan;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * What a step's action, probe or undo runs through: the runner, plus a record of every command it
 * ran (for the report).
 */
public final class StepContext {

    private final CommandRunner runner;
    private final List<CommandResult> results = new ArrayList<>();

    /** @param runner the runner that reaches the host */
    public StepContext(CommandRunner runner) {
        this.runner = runner;
    }

    /**
     * Runs a command, records it, and insists on success.
     *
     * @param command the command
     * @return its result
     * @throws dev.portcullis.exec.CommandFailedException when it fails
     */
    public CommandResult run(Command command) {
        CommandResult r = runner.execute(command);
        results.add(r);
        if (!r.isSuccess()) {
            throw new dev.portcullis.exec.CommandFailedException(r);
        }
        return r;
    }

    /**
     * Runs a command and records it, whatever its exit code.
     *
     * @param command the command
     * @return its result
     */
    public CommandResult execute(Command command) {
        CommandResult r = runner.execute(command);
        results.add(r);
        return r;
    }

    /** @return the runner, for code that records nothing */
    public CommandRunner runner() {
        return runner;
    }

    /** @return results of the commands run so far */
    public List<CommandResult> results() {
        return List.copyOf(results);
    }
}
