package dev.portcullis.plan;

import java.util.Objects;

/**
 * Carries the report of an apply that an {@link Error} stopped: the executor rolled back what ran,
 * then rethrew the Error with this exception among its suppressed ones, so whoever catches the
 * Error still learns what the host was left in.
 */
public final class ApplyAbortedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ApplyReport report;

    /** @param report what the apply did before it stopped, and how its rollback went */
    public ApplyAbortedException(ApplyReport report) {
        super("apply of " + report.target() + " stopped; after rollback: " + report.outcome(), null, false, false);
        this.report = Objects.requireNonNull(report, "report");
    }

    /** @return what the apply did before it stopped, and how its rollback went */
    public ApplyReport report() {
        return report;
    }
}
