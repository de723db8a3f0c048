package dev.portcullis.examples.cli;

import dev.portcullis.plan.CancellationToken;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) or {@code kill} (SIGTERM) during an apply or remove: a shutdown hook cancels the
 * apply through its {@link CancellationToken} (the running step finishes, then every step that ran
 * is undone and the host is proven as before), waits for that rollback and the report, then ends
 * the process with {@link ExitCode#CANCELLED} (or {@link ExitCode#ROLLBACK_INCOMPLETE} when an undo
 * failed). Without the hook the JVM would exit at once and leave earlier steps applied.
 */
final class SignalCancellation implements AutoCloseable {

    /** How long the hook waits for the rollback before the process ends anyway (the journal then tells the next run). */
    static final long ROLLBACK_WAIT_SECONDS = 300;

    private final CancellationToken token = new CancellationToken();
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger exitCode = new AtomicInteger(ExitCode.CANCELLED.code());
    private final Thread hook;

    private SignalCancellation(PrintWriter err) {
        this.hook = new Thread(() -> {
            token.cancel();
            err.println("portcullis: signal received: finishing the running step, then undoing every step that ran");
            err.flush();
            try {
                done.await(ROLLBACK_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.flush();
            System.out.flush();
            Runtime.getRuntime().halt(exitCode.get()); // the JVM would otherwise end with 128 + signal
        }, "portcullis-signal-cancellation");
    }

    /**
     * @param err where the hook says what it does
     * @return the installed hook; close it when the apply is over
     */
    static SignalCancellation install(PrintWriter err) {
        SignalCancellation s = new SignalCancellation(err);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** @return the token the apply checks between steps */
    CancellationToken token() {
        return token;
    }

    /**
     * Records the command's exit code: the hook ends the process with it if a signal came.
     *
     * @param code the exit code the reports call for
     */
    void finished(int code) {
        if (token.isCancelled() && code != ExitCode.ROLLBACK_INCOMPLETE.code()) {
            code = ExitCode.CANCELLED.code();
        }
        exitCode.set(code);
    }

    /** Lets a waiting hook end the process; removes the hook when no signal came. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal came: the hook ends the process with the recorded code
        }
    }
}
