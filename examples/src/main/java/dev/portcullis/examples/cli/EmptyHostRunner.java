package dev.portcullis.examples.cli;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * A runner for offline plans: it runs nothing and answers every command as an empty, freshly
 * installed host would answer a read (exit 0, no output), so backends take their one snapshot of
 * "nothing configured yet" and plan everything. It records what it was asked, to show which
 * snapshot reads a live plan would make.
 */
public final class EmptyHostRunner implements CommandRunner {

    private final List<Command> asked = new ArrayList<>();

    @Override
    public synchronized CommandResult execute(Command command) {
        asked.add(command);
        return CommandResult.of(command, 0, "");
    }

    /** @return every command asked so far (the snapshot reads), in order */
    public synchronized List<Command> asked() {
        return List.copyOf(asked);
    }

    @Override
    public String target() {
        return "assumed empty host";
    }
}
