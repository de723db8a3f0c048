package dev.portcullis.postfix;

import java.util.List;

/**
 * Everything the SMTP probe observed, in order.
 *
 * @param target the address probed
 * @param findings every check with its outcome
 */
public record SmtpProbeReport(String target, List<SmtpFinding> findings) {

    /**
     * Keeps an unmodifiable copy of the findings.
     *
     * @param target the address probed
     * @param findings every check with its outcome, in the order they ran
     */
    public SmtpProbeReport {
        findings = List.copyOf(findings);
    }

    /** @return whether no check failed (skipped checks do not fail the probe) */
    public boolean passed() {
        return findings.stream().noneMatch(f -> f.status() == SmtpFinding.Status.FAIL);
    }

    /** @return the failed checks */
    public List<SmtpFinding> failures() {
        return findings.stream().filter(f -> f.status() == SmtpFinding.Status.FAIL).toList();
    }

    /**
     * @param checkPrefix start of a check's name ("port 25: STARTTLS")
     * @return the first finding whose check starts so, if any
     */
    public java.util.Optional<SmtpFinding> find(String checkPrefix) {
        return findings.stream().filter(f -> f.check().startsWith(checkPrefix)).findFirst();
    }

    /** @return one line per finding, for reports */
    public List<String> lines() {
        return findings.stream().map(f -> "smtp " + target + ": " + f).toList();
    }

    @Override
    public String toString() {
        return (passed() ? "SMTP probe passed" : "SMTP probe FAILED") + " at " + target + "\n  "
                + String.join("\n  ", findings.stream().map(SmtpFinding::toString).toList());
    }
}
