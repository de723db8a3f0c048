package dev.portcullis.examples.cli;

import dev.portcullis.plan.ProvisioningEvent;
import dev.portcullis.plan.ProvisioningListener;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * Shows an apply's progress as it happens, one line per event, the way a person at a terminal
 * wants to see it: which step of how many runs, whether its check passed, and, when something
 * fails, each undo as it happens.
 *
 * <pre>
 *   [1/2] load the nftables chain for smtp-inbound ... ok
 *   [2/2] reload postfix ... FAILED: exit 1 from postfix reload
 *   undo [1/2] load the nftables chain for smtp-inbound ... undone
 *   rolled back: the host is as it was
 * </pre>
 */
public final class ProgressDisplay implements ProvisioningListener {

    private final PrintWriter out;

    /** @param out where the lines go (the terminal's standard error, so standard output stays a report) */
    public ProgressDisplay(PrintWriter out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void on(ProvisioningEvent e) {
        String step = "[" + (e.stepIndex() + 1) + "/" + e.stepCount() + "] " + e.description();
        switch (e.type()) {
            case STEP_STARTED -> out.print("  " + step + " ... ");
            case STEP_FINISHED -> out.println("ok");
            case STEP_FAILED -> out.println("FAILED: " + e.detailIfAny().orElse("(no detail)"));
            case STEP_ROLLED_BACK -> out.println("  undo " + step + " ... undone");
            case ROLLBACK_FAILED -> out.println("  undo " + step + " ... UNDO FAILED: " + e.detailIfAny().orElse(""));
            case PLAN_SUCCEEDED -> out.println("  done: " + e.description());
            case PLAN_ROLLED_BACK -> out.println("  rolled back (" + e.detailIfAny().orElse("failed") + "): "
                    + e.description());
            default -> out.println("  " + e);
        }
        out.flush();
    }
}
