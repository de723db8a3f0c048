package dev.portcullis.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only comparison of a spec with the live host: converged, or the differences. Verifying
 * changes nothing.
 *
 * @param backend id of the backend
 * @param target what was verified
 * @param drifts every difference found (empty: converged)
 * @param findings what the checks observed (for example SMTP probe results), passing or not
 */
public record VerifyReport(String backend, String target, List<Drift> drifts, List<String> findings) {

    /**
     * Copies the lists.
     *
     * @param backend the backend that verified
     * @param target what was verified
     * @param drifts every difference found between the spec and the host
     * @param findings what the checks observed, passing or not
     */
    public VerifyReport {
        drifts = List.copyOf(drifts);
        findings = List.copyOf(findings);
    }

    /** @return whether the host matches the spec */
    public boolean converged() {
        return drifts.isEmpty();
    }

    /** @return the report as pretty-printed JSON */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("backend", backend);
        root.put("target", target);
        root.put("converged", converged());
        List<Object> list = new ArrayList<>();
        for (Drift d : drifts) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("where", d.where());
            m.put("subject", d.subject());
            m.put("expected", d.expected());
            m.put("actual", d.actual());
            list.add(m);
        }
        root.put("drifts", list);
        root.put("findings", findings);
        return dev.portcullis.internal.PrettyJson.write(root);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder((converged() ? "CONVERGED " : "DRIFTED ") + target + " (" + backend + ")");
        drifts.forEach(d -> sb.append("\n  ").append(d));
        findings.forEach(f -> sb.append("\n  finding: ").append(f));
        return sb.toString();
    }
}
