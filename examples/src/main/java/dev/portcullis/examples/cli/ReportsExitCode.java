package dev.portcullis.examples.cli;

import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.ApplyReport.Outcome;
import java.util.List;

/** Turns the reports of an apply or remove into the exit code and a one-line summary. */
final class ReportsExitCode {

    private ReportsExitCode() {
    }

    /**
     * @param reports what happened, part by part
     * @return the worst outcome's exit code
     */
    static ExitCode of(List<ApplyReport> reports) {
        if (reports.stream().anyMatch(r -> r.outcome() == Outcome.ROLLBACK_INCOMPLETE)) {
            return ExitCode.ROLLBACK_INCOMPLETE;
        }
        if (reports.stream().anyMatch(r -> r.outcome() == Outcome.CANCELLED)) {
            return ExitCode.CANCELLED;
        }
        if (reports.stream().anyMatch(r -> !r.succeeded())) {
            return ExitCode.FAILED_ROLLED_BACK;
        }
        return ExitCode.OK;
    }

    /**
     * @param reports what happened
     * @param verb "apply" or "remove"
     * @return one line a person reads first
     */
    static String summary(List<ApplyReport> reports, String verb) {
        return switch (of(reports)) {
            case OK -> reports.stream().anyMatch(ApplyReport::changed) ? verb + ": done, every step checked live"
                    : verb + ": nothing to do, the host already matches";
            case ROLLBACK_INCOMPLETE -> verb + ": FAILED and the rollback is INCOMPLETE: the host needs attention"
                    + " (see the steps above)";
            case CANCELLED -> verb + ": cancelled by a signal; every step that ran was undone";
            default -> verb + ": failed; every change of the failed part was undone";
        };
    }
}
