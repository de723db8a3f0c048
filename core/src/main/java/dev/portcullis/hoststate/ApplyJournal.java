package dev.portcullis.hoststate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepJournal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The journal an apply keeps on the host, so that a {@code kill -9}, a power cut or a lost SSH
 * session half-way through is found and undone by the next run instead of being planned against.
 *
 * <p>One file per host ({@value #DEFAULT_PATH}, mode 0600, owned by root), because one writer at a
 * time holds the {@link HostLock}. JSON lines: before the first step, one line names the plan
 * (backend, target, holder) and every step with the commands that undo it
 * ({@link dev.portcullis.plan.StepAction#replayable()}, which is how each backend contributes what
 * to record and how to recover: its undos restore from the backups its first step made on the
 * host); then one short line before each further step starts and after each undo. A line is
 * appended whole before the step's action runs, so a torn last line means that step never began.
 * The file goes when the executor is done (applied or rolled back). Costs one process per step.
 */
public final class ApplyJournal {

    /** Where the journal lives on the host unless told otherwise. */
    public static final String DEFAULT_PATH = "/var/lib/portcullis/journal/current.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String path;

    private ApplyJournal(String path) {
        this.path = Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("journal path must be an absolute file path: " + path);
        }
    }

    /** @return the journal at {@value #DEFAULT_PATH} */
    public static ApplyJournal standard() {
        return new ApplyJournal(DEFAULT_PATH);
    }

    /**
     * @param path absolute path of the journal on the host
     * @return the journal there
     */
    public static ApplyJournal at(String path) {
        return new ApplyJournal(path);
    }

    /** @return where the journal lives on the host */
    public String path() {
        return path;
    }

    /**
     * Reads the journal an earlier run left behind, if any (one {@code cat}).
     *
     * @param runner reaches the host
     * @return what that run was doing when it stopped, or empty when no run was interrupted
     */
    public Optional<InterruptedApply> find(CommandRunner runner) {
        CommandResult r = runner.execute(Command.builder("cat").args("--", path).timeout(TIMEOUT).successExitCodes(0, 1).build());
        if (r.exitCode() != 0 || r.stdout().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(InterruptedApply.parse(r.stdout(), this));
    }

    /**
     * @param runner reaches the host
     * @param holder the run that executes the plan
     * @return what the executor tells before each step and after each undo
     */
    public StepJournal recorder(CommandRunner runner, LockHolder holder) {
        return new Recorder(runner, holder);
    }

    /** @return the command that deletes the journal */
    Command remove() {
        return Command.builder("rm").args("-f", "--", path).timeout(TIMEOUT).build();
    }

    /**
     * @param line one JSON line
     * @return the command that appends it
     */
    Command append(String line) {
        return Command.builder("tee").args("-a", "--", path).stdin(line + "\n").timeout(TIMEOUT).build();
    }

    private Command create(String text) {
        return Command.builder("install").args("-D", "-m", "0600", "-o", "root", "-g", "root", "/dev/stdin", path)
                .stdin(text).timeout(TIMEOUT).build();
    }

    /**
     * @param plan the plan
     * @param holder who runs it
     * @return the first line: the plan and every step with its replayable undo
     */
    static String header(Plan plan, LockHolder holder) {
        ObjectNode h = JSON.createObjectNode();
        h.put("journal", 1);
        h.put("backend", plan.backend());
        h.put("target", plan.target());
        h.put("holder", holder.toString());
        ArrayNode steps = h.putArray("steps");
        for (Step step : plan.steps()) {
            ObjectNode s = steps.addObject();
            s.put("description", step.description());
            Optional<List<Command>> undo = step.undo().action().flatMap(a -> a.replayable());
            if (undo.isPresent()) {
                ArrayNode commands = s.putArray("undo");
                undo.get().forEach(c -> commands.add(command(c)));
            } else {
                s.put("noUndo", step.undo().irreversibleReason()
                        .map(r -> "cannot be undone: " + r).orElse("its undo decides at run time and was not recorded"));
            }
        }
        return line(h);
    }

    private static ObjectNode command(Command c) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode argv = o.putArray("argv");
        c.argv().forEach(argv::add);
        c.stdin().ifPresent(b -> o.put("stdin", Base64.getEncoder().encodeToString(b)));
        ArrayNode codes = o.putArray("exitCodes");
        c.successExitCodes().forEach(codes::add);
        o.put("timeoutSeconds", c.timeout().toSeconds());
        return o;
    }

    /**
     * @param o a command as the journal holds it
     * @return the command
     */
    static Command command(JsonNode o) {
        List<String> argv = JSON.convertValue(o.get("argv"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        Command.Builder b = Command.builder(argv.get(0)).args(argv.subList(1, argv.size()))
                .timeout(Duration.ofSeconds(o.path("timeoutSeconds").asLong(120)));
        if (o.has("stdin")) {
            b.stdin(Base64.getDecoder().decode(o.get("stdin").asText()));
        }
        if (o.has("exitCodes")) {
            b.successExitCodes(JSON.convertValue(o.get("exitCodes"), Integer[].class));
        }
        return b.build();
    }

    static String line(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String event(String kind, int index) {
        ObjectNode o = JSON.createObjectNode();
        o.put(kind, index);
        return line(o);
    }

    static JsonNode parseLine(String line) throws IOException {
        return JSON.readTree(line);
    }

    /** Writes the journal through the runner; a write that fails stops the step before it runs. */
    private final class Recorder implements StepJournal {
        private final CommandRunner runner;
        private final LockHolder holder;
        private boolean created;

        Recorder(CommandRunner runner, LockHolder holder) {
            this.runner = runner;
            this.holder = holder;
        }

        @Override
        public void starting(Plan plan, int index) {
            if (!created) {
                runner.run(create(header(plan, holder) + "\n" + event("started", index) + "\n"));
                created = true;
            } else {
                runner.run(append(event("started", index)));
            }
        }

        @Override
        public void undone(int index) {
            if (created) {
                runner.run(append(event("undone", index)));
            }
        }

        @Override
        public void finished() {
            if (created) {
                runner.run(remove());
            }
        }
    }
}
