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
 * changed (a reload keeps the old sockets), or start when it was stopped. Remembers whether it was
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

    static Command postfix(String verb) {
        return Command.builder("postfix").arg(verb).timeout(TIMEOUT).build();
    }

    static Command status() {
        return Command.builder("postfix").arg("status").timeout(TIMEOUT).successExitCodes(0, 1).build();
    }

    @Override
    public void run(StepContext context) {
        context.run(postfix("check"));
        boolean running = context.run(status()).exitCode() == 0;
        wasRunning.set(running);
        if (running) {
            serve(context, restart);
        } else if (startWhenStopped) {
            context.run(postfix("start"));
        }
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
        List<Command> c = new ArrayList<>(List.of(postfix("check"), status()));
        if (restart) {
            c.add(postfix("stop"));
            c.add(postfix("start"));
        } else {
            c.add(postfix("reload"));
        }
        if (startWhenStopped) {
            c.add(postfix("start")); // only when status said it was stopped
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
            boolean runningNow = now.exitCode() == 0;
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
    }
}
