package dev.portcullis.preflight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what one check read and concluded, then builds its {@link PreflightCheck}: the status
 * is the worst conclusion, the reason lists the problems (or, when there are none, the notes).
 * A {@link PreflightContributor} adds to the findings of the check it contributes to.
 */
public final class Findings {

    private final Check check;
    private final List<Evidence> evidence = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private PreflightCheck.Status status = PreflightCheck.Status.PASS;

    Findings(Check check) {
        this.check = check;
    }

    /**
     * @param reading a command that was read: it joins the check's evidence
     * @return these findings
     */
    public Findings read(Reading reading) {
        evidence.add(reading.evidence());
        return this;
    }

    /**
     * @param e something read that is not a command of this preflight
     * @return these findings
     */
    public Findings evidence(Evidence e) {
        evidence.add(e);
        return this;
    }

    /**
     * @param key the detail's name in the report
     * @param value strings, numbers, booleans, lists and maps only
     * @return these findings
     */
    public Findings detail(String key, Object value) {
        details.put(key, value);
        return this;
    }

    /**
     * @param text something fine worth saying; it leaves the status as it is
     * @return these findings
     */
    public Findings note(String text) {
        notes.add(text);
        return this;
    }

    /**
     * @param text something that deserves a look; the check is at least a warning
     * @return these findings
     */
    public Findings warn(String text) {
        problems.add(sentence(text));
        status = status.worst(PreflightCheck.Status.WARN);
        return this;
    }

    /**
     * @param text something that would make provisioning fail; the check fails
     * @return these findings
     */
    public Findings fail(String text) {
        problems.add(sentence(text));
        status = status.worst(PreflightCheck.Status.FAIL);
        return this;
    }

    /** Messages from elsewhere (a provisioner's) may end with a full stop; the reason adds its own. */
    private static String sentence(String text) {
        String t = text.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    PreflightCheck build() {
        String reason;
        if (problems.isEmpty()) {
            reason = notes.isEmpty() ? "nothing to report" : String.join("; ", notes);
        } else {
            // problems first: they are what the reader must act on; the notes still give context
            reason = String.join("; ", problems) + (notes.isEmpty() ? "" : ". Also: " + String.join("; ", notes));
        }
        return new PreflightCheck(check.id(), check.title(), status, reason, evidence, details);
    }
}
