package dev.portcullis.preflight;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The verdict of one preflight check: its status, the reason in words, the evidence it read, and
 * structured details (listeners, blocking rules, chosen backend...) for programs that act on it.
 *
 * @param id stable identifier: "privileges", "hardware", "port-occupancy", "firewall-audit",
 *        "outbound-smtp" or "mail-stack"
 * @param title what was checked, in words
 * @param status PASS, WARN or FAIL
 * @param reason why, in words an administrator can act on
 * @param evidence what was read, in order
 * @param details structured findings: strings, numbers, booleans, lists and maps only
 */
public record PreflightCheck(String id, String title, Status status, String reason, List<Evidence> evidence,
        Map<String, Object> details) {

    /** How a check came out. Ordered from best to worst. */
    public enum Status {
        /** Nothing stands in the way. */
        PASS,
        /** Provisioning can go ahead, but something deserves a look. */
        WARN,
        /** Provisioning would fail or leave a host that cannot do its job. */
        FAIL;

        /**
         * @param other another status
         * @return the worse of the two
         */
        public Status worst(Status other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /** @param id i @param title t @param status s @param reason r @param evidence e @param details d */
    public PreflightCheck {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        evidence = List.copyOf(evidence);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * @param key a detail's name
     * @return its value, or null when the check did not record it
     */
    public Object detail(String key) {
        return details.get(key);
    }

    @Override
    public String toString() {
        return status + " " + id + ": " + reason;
    }
}
