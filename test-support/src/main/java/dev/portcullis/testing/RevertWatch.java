package dev.portcullis.testing;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.RevertTimer;
import java.time.Duration;

/** Waits, on a test host, for the reverts that confirm-or-revert armed there to finish. */
public final class RevertWatch {

    private RevertWatch() {
    }

    /**
     * Polls until no revert is pending or running on the host: no folder under
     * {@link RevertTimer#ROOT} and no process naming it.
     *
     * @param host reaches the test host
     * @param within how long to wait at most
     * @throws IllegalStateException when a revert is still there after that time, saying what is left
     */
    public static void awaitNone(CommandRunner host, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            String folders = host.execute(Command.builder("find").args(RevertTimer.ROOT, "-mindepth", "1", "-maxdepth", "1")
                    .successExitCodes(0, 1).build()).stdout();
            // "[/]" keeps the pattern from matching its own command line (or a wrapper's that names it)
            String processes = host.execute(Command.builder("pgrep").args("-a", "-f", "[/]" + RevertTimer.ROOT.substring(1))
                    .successExitCodes(0, 1).build()).stdout();
            if (folders.isBlank() && processes.isBlank()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a revert is still there after " + within + ": " + folders + processes);
            }
        }
    }
}
