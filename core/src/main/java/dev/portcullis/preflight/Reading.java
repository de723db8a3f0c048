package dev.portcullis.preflight;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;

/**
 * One command a check ran, and what came of it: its result, or why it could not even start
 * (the program is missing, which on a minimal host is itself a finding).
 */
public final class Reading {

    private final Command command;
    private final CommandResult result;
    private final String failure;

    private Reading(Command command, CommandResult result, String failure) {
        this.command = command;
        this.result = result;
        this.failure = failure;
    }

    static Reading of(CommandResult result) {
        return new Reading(result.command(), result, null);
    }

    static Reading notStarted(Command command, String why) {
        return new Reading(command, null, why);
    }

    /** @return whether the process ran at all */
    public boolean ran() {
        return result != null;
    }

    /** @return whether it ran and exited with a code its command accepts */
    public boolean ok() {
        return result != null && result.isSuccess();
    }

    /** @return the exit code, or -1 when it did not run */
    public int exitCode() {
        return result == null ? -1 : result.exitCode();
    }

    /** @return standard output, empty when it did not run */
    public String stdout() {
        return result == null ? "" : result.stdout();
    }

    /** @return standard error, empty when it did not run */
    public String stderr() {
        return result == null ? "" : result.stderr();
    }

    /** @return the command's result, or null when it did not run */
    public CommandResult result() {
        return result;
    }

    /** @return the command that was read */
    public Command command() {
        return command;
    }

    /** @return what the report shows of this reading */
    public Evidence evidence() {
        return result != null ? Evidence.of(result) : new Evidence(command.render(), null, "not run: " + failure);
    }
}
