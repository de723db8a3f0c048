package dev.portcullis.ssh;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Fleet} did on one host.
 *
 * @param host the member's name
 * @param status converged, failed or not attempted
 * @param detail one line: the outcome of each part, or why the host failed or was skipped
 * @param reports the reports of the host's operations ({@code ApplyReport}, {@code VerifyReport}), in order; empty
 *     when the host was not attempted or could not be reached
 */
public record HostReport(String host, Status status, String detail, List<Object> reports) {

    /** How a host ended. */
    public enum Status {
        /** Every part converged (applied, unchanged, verified or removed). */
        CONVERGED,
        /** A part failed (rolled back where the backend could), or the host could not be reached. */
        FAILED,
        /** Never started: an earlier failure stopped the fleet (canary, or too many failures). */
        NOT_ATTEMPTED
    }

    /** Copies the list. */
    public HostReport {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        reports = List.copyOf(reports);
    }
}
