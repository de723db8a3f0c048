package dev.portcullis.postfix;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes Postfix serve its configuration files: {@code postfix check} first (a broken configuration
 * never reaches the running server), then reload, or stop and start when listening addresses
 * changed (a reload keeps the old sockets), or start when it was stopped (apply) or leave it
 * stopped (remove). Remembers whether it was
 * running so that {@link Undo} can put the server back exactly: restore both files byte for byte,
 * then serve them again, or stop a server this step started.
 */
final class ReloadAction implements StepAction {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final boolean restart;
    private final boolean startWhenStopped;
    /** Whether Postfix ran before this step; null until the step has looked. */
    private final AtomicReference<Boolean> wasRunning = new AtomicReference<>();

    /**
     * @param restart stop and start instead of reloading
     * @param startWhenStopped start Postfix when it is not running (apply), or leave it stopped (remove)
     */
    ReloadAction(boolean restart, boolean startWhenStopped) {
        this.restart = restart;
        this.startWhenStopped = startWhenStopped;
    }

    /**
     * @param verb check, reload, stop or start
     * @return {@code postfix <verb>}, which must succeed
     */
    static Command postfix(String verb) {
        return Command.builder("postfix").arg(verb).timeout(TIMEOUT).build();
    }

    /** @return {@code postfix status}: exit 0 when Postfix runs, 1 when it does not */
    static Command status() {
        return PostfixStatus.command(TIMEOUT);
    }

    /**
     * A running Postfix is the common case, so the reload (or the stop of a restart) is tried first
     * and {@code postfix status} is asked only when it fails: Postfix refuses both with "not
     * running" and nothing else once {@code postfix check} has passed. One process less than
     * asking first, and the same decisions.
     */
    @Override
    public void run(StepContext context) {
        context.run(postfix("check"));
        CommandResult attempt = context.run(attempt(restart ? "stop" : "reload"));
        boolean running = attempt.exitCode() == 0 || PostfixStatus.running(context.run(status()));
        if (attempt.exitCode() != 0 && running) {
            throw new IllegalStateException("postfix " + (restart ? "stop" : "reload") + " failed although Postfix runs: "
                    + attempt.stderr().strip());
        }
        wasRunning.set(running);
        if (running && restart || !running && startWhenStopped) {
            context.run(postfix("start"));
        }
    }

    /**
     * @param verb "reload" or "stop"
     * @return {@code postfix <verb>}, allowed to fail with "not running" (exit 1)
     */
    static Command attempt(String verb) {
        return postfix(verb).toBuilder().successExitCodes(0, 1).build();
    }

    private static void serve(StepContext context, boolean restart) {
        if (restart) {
            context.run(postfix("stop"));
            context.run(postfix("start"));
        } else {
            context.run(postfix("reload"));
        }
    }

    @Override
    public List<Command> commands() {
        List<Command> c = new ArrayList<>(List.of(postfix("check")));
        c.add(attempt(restart ? "stop" : "reload"));
        c.add(status()); // only when that failed: running or not?
        if (restart || startWhenStopped) {
            c.add(postfix("start")); // after the stop, or when it was stopped
        }
        return c;
    }

    /** @return the undo: restore main.cf and master.cf, then serve them as before */
    Undo undo() {
        return new Undo();
    }

    /** Restores both files from the rollback copies and makes Postfix serve them again. */
    final class Undo implements StepAction {

        @Override
        public void run(StepContext context) {
            context.run(FileCommands.copy(PostfixPaths.rollbackCopy(PostfixPaths.MAIN_CF), PostfixPaths.MAIN_CF));
            context.run(FileCommands.copy(PostfixPaths.rollbackCopy(PostfixPaths.MASTER_CF), PostfixPaths.MASTER_CF));
            Boolean before = wasRunning.get();
            if (before == null) {
                return; // postfix check failed: the running server never saw the new files
            }
            CommandResult now = context.run(status());
            boolean runningNow = PostfixStatus.running(now);
            if (before) {
                if (runningNow) {
                    serve(context, restart);
                } else {
                    context.run(postfix("start"));
                }
            } else if (runningNow) {
                context.run(postfix("stop"));
            }
        }

        @Override
        public List<Command> commands() {
            return List.of(FileCommands.copy(PostfixPaths.rollbackCopy(PostfixPaths.MAIN_CF), PostfixPaths.MAIN_CF),
                    FileCommands.copy(PostfixPaths.rollbackCopy(PostfixPaths.MASTER_CF), PostfixPaths.MASTER_CF),
                    status(), restart ? postfix("stop") : postfix("reload"), postfix("start"));
        }

        /**
         * For the host's journal, after a crash: restore both files, then make a running Postfix
         * serve them ({@code reload}, or {@code stop} and {@code start} when listening addresses
         * changed); a stopped Postfix refuses the reload with exit 1 and stays stopped, as it was
         * unless this step had started it.
         */
        @Override
        public java.util.Optional<List<Command>> replayable() {
            List<Command> c = new ArrayList<>(List.of(
                    FileCommands.copy(PostfixPaths.rollbackCopy(PostfixPaths.MAIN_CF), PostfixPaths.MAIN_CF),
                    FileCommands.copy(PostfixPaths.rollbackCopy(PostfixPaths.MASTER_CF), PostfixPaths.MASTER_CF)));
            if (restart) {
                c.add(attempt("stop"));
                c.add(postfix("start"));
            } else {
                c.add(attempt("reload"));
            }
            return java.util.Optional.of(c);
        }
    }
}
