package dev.portcullis.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.exec.LocalCommandRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands inside a running container through a small agent living there (a Python process
 * started once with {@code docker exec -i}), argv only: a command then costs a fork and an exec in
 * the container instead of a whole {@code docker exec}, whose docker CLI start, daemon call and
 * runc entry cost about 0.2 s of CPU each (measured on the 2-core CI machine; a live test class
 * runs hundreds of commands, so this was most of the CPU a CI run spends).
 *
 * <p>It behaves like {@link DockerExecCommandRunner}: the container's environment plus the
 * command's, stdin as given (none when absent), the command's timeout enforced inside the
 * container on its whole process group (SIGTERM, then SIGKILL five seconds later), output
 * beyond the local runner's limit killed, exit codes and stderr unchanged, a program the
 * container lacks refused with a {@link CommandRunnerException}. Each agent runs one command at a
 * time; concurrent callers get agents of their own (started as needed, kept for reuse).
 * {@code -Dportcullis.exec=docker} makes the test hosts use {@code docker exec} per command again.
 *
 * <p>The agent is a {@code python3} process running in the container: a test that looks for
 * running {@code python3} processes sees it (so {@code start-stop-daemon --exec /usr/bin/python3}
 * needs a {@code --pidfile} of its own there).
 */
final class ExecAgentCommandRunner implements CommandRunner, AutoCloseable {

    /** System property choosing the transport: {@code agent} (the default) or {@code docker}. */
    static final String TRANSPORT_PROPERTY = "portcullis.exec";

    private static final String AGENT = ScriptResource.text("exec-agent.py");
    /** Replies carry whole outputs, up to the output limit, as one base64 string each. */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).build()).build());
    /** Extra time for the round trip before this side gives up on an agent. */
    private static final Duration OVERHEAD = Duration.ofSeconds(20);
    /** Output kept per command, as the local runner that started {@code docker exec} kept. */
    private static final long OUTPUT_LIMIT = LocalCommandRunner.DEFAULT_OUTPUT_LIMIT;

    private final String containerId;
    private final String label;
    private final ConcurrentLinkedDeque<Agent> idle = new ConcurrentLinkedDeque<>();
    private final List<Agent> all = new ArrayList<>();
    private boolean closed;

    ExecAgentCommandRunner(String containerId, String label) {
        this.containerId = containerId;
        this.label = label;
    }

    /**
     * The runner test hosts and clients use: this agent unless {@code -Dportcullis.exec=docker}
     * asks for one {@code docker exec} per command.
     *
     * @param containerId the container
     * @param label what the runner's target says
     * @return the runner; {@link #closeIfAgent} stops it with its container
     */
    static CommandRunner forContainer(String containerId, String label) {
        return "docker".equals(System.getProperty(TRANSPORT_PROPERTY, "agent"))
                ? new DockerExecCommandRunner(containerId, label) : new ExecAgentCommandRunner(containerId, label);
    }

    /** @param runner a runner from {@link #forContainer}: stops its agents, if it has any */
    static void closeIfAgent(CommandRunner runner) {
        if (runner instanceof ExecAgentCommandRunner agent) {
            agent.close();
        }
    }

    @Override
    public CommandResult execute(Command command) {
        Agent agent = idle.pollFirst();
        if (agent == null) {
            agent = start();
        }
        try {
            return agent.call(command);
        } finally {
            if (agent.broken) {
                forget(agent);
            } else {
                idle.addFirst(agent);
            }
        }
    }

    private synchronized void forget(Agent agent) {
        agent.close();
        all.remove(agent);
    }

    private synchronized Agent start() {
        if (closed) {
            throw new CommandRunnerException("the exec agent of " + label + " is closed", null);
        }
        Agent agent = new Agent();
        all.add(agent);
        return agent;
    }

    @Override
    public String target() {
        return label;
    }

    @Override
    public boolean isLocal() {
        return false;
    }

    /** Stops every agent (their docker CLI processes); commands they run finish in the container. */
    @Override
    public synchronized void close() {
        closed = true;
        all.forEach(Agent::close);
        all.clear();
        idle.clear();
    }

    /** One agent: a {@code docker exec -i} process, its request stream, and its replies read by a thread. */
    private final class Agent implements AutoCloseable {

        private static final String EOF = "\u0000eof";

        private final Process process;
        private final OutputStream requests;
        private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        private final StringBuilder stderr = new StringBuilder();
        /** Whether the agent can take no further command (gone, or still busy with one this side gave up on). */
        private boolean broken;

        Agent() {
            try {
                process = new ProcessBuilder("docker", "exec", "-i", containerId, "python3", "-u", "-c", AGENT).start();
            } catch (IOException e) {
                throw new CommandRunnerException("could not start the exec agent in " + label + ": " + e.getMessage(), e);
            }
            requests = process.getOutputStream();
            daemon("replies", () -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        replies.add(line);
                    }
                } catch (IOException e) {
                    // the agent is gone; the caller learns it from EOF
                } finally {
                    replies.add(EOF);
                }
            });
            daemon("stderr", () -> {
                try (InputStream err = process.getErrorStream()) {
                    byte[] buf = new byte[8192];
                    for (int n = err.read(buf); n >= 0; n = err.read(buf)) {
                        synchronized (stderr) {
                            if (stderr.length() < 8192) {
                                stderr.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                            }
                        }
                    }
                } catch (IOException e) {
                    // gone
                }
            });
        }

        private void daemon(String what, Runnable body) {
            Thread t = new Thread(body, "exec-agent-" + what + "-" + containerId.substring(0, Math.min(12, containerId.length())));
            t.setDaemon(true);
            t.start();
        }

        CommandResult call(Command command) {
            broken = true; // until a reply proves otherwise
            ObjectNode req = JSON.createObjectNode();
            command.argv().forEach(req.putArray("argv")::add);
            ObjectNode env = req.putObject("env");
            command.environment().forEach(env::put);
            command.stdin().ifPresentOrElse(bytes -> req.put("stdin", Base64.getEncoder().encodeToString(bytes)),
                    () -> req.putNull("stdin"));
            req.put("timeout", command.timeout().toMillis() / 1000.0);
            req.put("killAfter", DockerExecCommandRunner.KILL_AFTER.toSeconds());
            req.put("limit", OUTPUT_LIMIT);
            Duration patience = command.timeout().plus(DockerExecCommandRunner.KILL_AFTER).plus(OVERHEAD);
            long started = System.nanoTime();
            String line;
            try {
                requests.write((JSON.writeValueAsString(req) + "\n").getBytes(StandardCharsets.UTF_8));
                requests.flush();
                line = replies.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                throw gone(command, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandRunnerException("interrupted while " + command.program() + " ran in " + label, e);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (line == null) {
                throw new CommandRunnerException("no answer from the exec agent in " + label + " for " + command.program()
                        + " within " + patience.toSeconds() + " s", null);
            }
            if (line.equals(EOF)) {
                throw gone(command, null);
            }
            JsonNode r;
            try {
                r = JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            broken = false;
            if (r.has("error")) {
                throw new CommandRunnerException("could not start " + command.program() + " in " + label + " ("
                        + r.path("error").asText() + "): " + r.path("message").asText(), null);
            }
            CommandResult result = new CommandResult(command, r.path("exit").asInt(), text(r, "stdout"), text(r, "stderr"),
                    took, r.path("timedOut").asBoolean());
            return r.path("over").asBoolean() ? result.killedForOutputOver(OUTPUT_LIMIT) : result;
        }

        private CommandRunnerException gone(Command command, Exception cause) {
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String why;
            synchronized (stderr) {
                why = stderr.toString().strip();
            }
            return new CommandRunnerException("docker exec failed in " + label + " while running " + command.program() + ": "
                    + CommandResult.excerpt(why.isEmpty() ? "the exec agent exited" : why, 500), cause);
        }

        private static String text(JsonNode r, String field) {
            return new String(Base64.getDecoder().decode(r.path(field).asText("")), StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            try {
                requests.close();
            } catch (IOException e) {
                // already gone
            }
            process.destroy();
        }
    }
}
