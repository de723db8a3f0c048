package dev.portcullis.examples.installer;

import dev.portcullis.plan.ProvisioningEvent;
import dev.portcullis.plan.ProvisioningListener;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * What an installer's progress page shows while Portcullis works: a percentage per step, and in
 * words what is being undone when a step fails. A GUI installer would move a progress bar in
 * {@link #on(ProvisioningEvent)} instead of printing.
 */
public final class InstallerProgress implements ProvisioningListener {

    private final PrintWriter screen;
    private final String phase;

    /**
     * @param screen where the user reads progress
     * @param phase what this part of the installation is called ("mail server", "firewall")
     */
    public InstallerProgress(PrintWriter screen, String phase) {
        this.screen = Objects.requireNonNull(screen);
        this.phase = Objects.requireNonNull(phase);
    }

    @Override
    public void on(ProvisioningEvent e) {
        int percent = e.stepCount() == 0 ? 100 : 100 * (e.stepIndex() + 1) / e.stepCount();
        switch (e.type()) {
            case STEP_STARTED -> screen.printf("  [%3d%%] %s ... ", percent, e.description());
            case STEP_FINISHED -> screen.println("done");
            case STEP_FAILED -> screen.println("FAILED" + System.lineSeparator() + "         why: "
                    + e.detailIfAny().orElse("no detail"));
            case STEP_ROLLED_BACK -> screen.println("  [undo] " + e.description() + " ... undone");
            case ROLLBACK_FAILED -> screen.println("  [undo] " + e.description() + " ... COULD NOT BE UNDONE: "
                    + e.detailIfAny().orElse(""));
            case PLAN_SUCCEEDED -> screen.println("  " + phase + ": every step done and checked");
            case PLAN_ROLLED_BACK -> screen.println("  " + phase + ": stopped; the steps above were undone");
            default -> screen.println("  " + e);
        }
        screen.flush();
    }
}
