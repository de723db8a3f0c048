package dev.portcullis.hoststate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an apply was doing when it stopped without finishing (killed, host rebooted, session
 * lost), read from the journal it left on the host: which steps had started, which it had
 * already undone, and the commands that undo each.
 */
public final class InterruptedApply {

    private static final Logger LOG = LoggerFactory.getLogger(InterruptedApply.class);

    private final ApplyJournal journal;
    private final String backend;
    private final String target;
    private final String holder;
    private final List<String> descriptions;
    private final List<Optional<List<Command>>> undos;
    private final List<String> noUndoReasons;
    private final TreeSet<Integer> started;
    private final TreeSet<Integer> undone;
    private final boolean readable;

    private InterruptedApply(ApplyJournal journal, String backend, String target, String holder, List<String> descriptions,
            List<Optional<List<Command>>> undos, List<String> noUndoReasons, TreeSet<Integer> started, TreeSet<Integer> undone,
            boolean readable) {
        this.journal = journal;
        this.backend = backend;
        this.target = target;
        this.holder = holder;
        this.descriptions = descriptions;
        this.undos = undos;
        this.noUndoReasons = noUndoReasons;
        this.started = started;
        this.undone = undone;
        this.readable = readable;
    }

    /**
     * @param text the journal's content
     * @param journal where it was read from
     * @return what it says; a torn last line (the write the kill interrupted) is ignored
     */
    static InterruptedApply parse(String text, ApplyJournal journal) {
        String[] lines = text.split("\n");
        JsonNode header;
        try {
            header = ApplyJournal.parseLine(lines[0]);
        } catch (IOException e) {
            // killed while the journal was first written: no step had begun
            return new InterruptedApply(journal, "?", "?", "?", List.of(), List.of(), List.of(), new TreeSet<>(), new TreeSet<>(),
                    false);
        }
        List<String> descriptions = new ArrayList<>();
        List<Optional<List<Command>>> undos = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (JsonNode s : header.path("steps")) {
            descriptions.add(s.path("description").asText());
            if (s.has("undo")) {
                List<Command> c = new ArrayList<>();
                s.get("undo").forEach(o -> c.add(ApplyJournal.command(o)));
                undos.add(Optional.of(List.copyOf(c)));
                reasons.add("");
            } else {
                undos.add(Optional.empty());
                reasons.add(s.path("noUndo").asText());
            }
        }
        TreeSet<Integer> started = new TreeSet<>();
        TreeSet<Integer> undone = new TreeSet<>();
        for (int i = 1; i < lines.length; i++) {
            try {
                JsonNode e = ApplyJournal.parseLine(lines[i]);
                if (e.has("started")) {
                    started.add(e.get("started").asInt());
                } else if (e.has("undone")) {
                    undone.add(e.get("undone").asInt());
                }
            } catch (IOException torn) {
                // the line the kill cut short: the step it announced never began
            }
        }
        return new InterruptedApply(journal, header.path("backend").asText(), header.path("target").asText(),
                header.path("holder").asText(), List.copyOf(descriptions), List.copyOf(undos), List.copyOf(reasons), started,
                undone, true);
    }

    /** @return the backend that was applying ("postfix") */
    public String backend() {
        return backend;
    }

    /** @return what it was applying ("mail server mail.example.com (mail)") */
    public String target() {
        return target;
    }

    /** @return indexes of the steps that had started, in order */
    public List<Integer> startedSteps() {
        return List.copyOf(started);
    }

    /** @return indexes of the started steps whose undo had already run */
    public List<Integer> undoneSteps() {
        return List.copyOf(undone);
    }

    /** @return exactly what was interrupted, in one paragraph for the operator */
    public String describe() {
        if (!readable) {
            return "an apply was interrupted while it wrote its journal (" + journal.path() + "), before any step began";
        }
        int n = descriptions.size();
        StringBuilder b = new StringBuilder("an apply of " + target + " by " + backend + " was interrupted (" + holder + ")");
        if (started.isEmpty()) {
            return b.append(": no step had begun").toString();
        }
        int last = started.last();
        b.append(": step ").append(last + 1).append('/').append(n).append(" \"").append(descriptions.get(last))
                .append("\" had started and not been seen to finish");
        if (last > 0) {
            b.append("; steps 1-").append(last).append(" had finished");
        }
        if (!undone.isEmpty()) {
            b.append("; its rollback had undone step(s) ")
                    .append(undone.stream().map(i -> Integer.toString(i + 1)).collect(Collectors.joining(", ")));
        }
        if (last + 1 < n) {
            b.append("; steps ").append(last + 2).append('-').append(n).append(" never ran");
        }
        return b.toString();
    }

    /**
     * Undoes what the interrupted apply changed, newest step first, from the undos it recorded
     * (each backend's undos restore the backups it made on the host before its first change), then
     * deletes the journal. The step that was running may never have taken effect, so its undo is
     * best effort; every earlier undo must succeed. Each undo is recorded as it completes, so a
     * recovery that is itself interrupted resumes where it stopped.
     *
     * @param runner reaches the host
     * @return what was undone, for the report
     * @throws InterruptedApplyException when a started step has no recorded undo or an undo
     *     fails: nothing more is tried, the journal stays, and the message says what to do
     */
    public String recover(CommandRunner runner) {
        List<Integer> toUndo = new ArrayList<>(started.descendingSet());
        toUndo.removeAll(undone);
        for (int i : toUndo) {
            if (undos.get(i).isEmpty()) {
                throw new InterruptedApplyException(describe() + ". Stopped: step " + (i + 1) + " (\"" + descriptions.get(i)
                        + "\") " + noUndoReasons.get(i) + ", so it cannot be undone from here. Put the host back by hand ("
                        + instructions(toUndo) + "), then delete " + journal.path() + " on the host and run again", this);
            }
        }
        int last = started.isEmpty() ? -1 : started.last();
        for (int i : toUndo) {
            for (Command c : undos.get(i).orElseThrow()) {
                CommandResult r = runner.execute(c);
                if (!r.isSuccess() && i != last) {
                    throw new InterruptedApplyException(describe() + ". Stopped: the recorded undo of step " + (i + 1) + " (\""
                            + descriptions.get(i) + "\") failed: " + c.render() + " exited " + r.exitCode() + ": "
                            + r.stderr().strip() + ". Fix that, then run again (the journal " + journal.path()
                            + " remembers what is already undone), or put the host back by hand and delete the journal", this);
                }
            }
            runner.run(journal.append(ApplyJournal.event("undone", i)));
        }
        runner.run(journal.remove());
        String summary = "recovered an interrupted apply: " + describe() + "; undid step(s) "
                + toUndo.stream().map(i -> Integer.toString(i + 1)).collect(Collectors.joining(", ")) + " from the journal "
                + journal.path();
        LOG.warn(summary);
        return summary;
    }

    private String instructions(List<Integer> steps) {
        List<String> parts = new ArrayList<>();
        for (int i : steps) {
            parts.add("step " + (i + 1) + ": " + undos.get(i).map(c -> c.stream().map(Command::render)
                    .collect(Collectors.joining("; "))).orElse(noUndoReasons.get(i)));
        }
        return String.join(" | ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }
}
