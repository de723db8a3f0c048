package dev.portcullis.postfix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The warnings of a plan that replaces what someone else set: every main.cf value and master.cf
 * service an administrator (or the distribution) set that the plan overwrites is named with its
 * old and its new value, so that dropping a relayhost, an SPF or RBL check in
 * {@code smtpd_recipient_restrictions} or a trusted network is never silent. Values Portcullis set
 * itself on an earlier apply are not warned about, unless main.cf or master.cf was edited since
 * (then the value may be an edit to keep). {@code virtual_minimum_uid} gets its own, louder
 * warning when the plan lowers it.
 */
final class ReplacedValues {

    /** Postfix's built-in {@code virtual_minimum_uid}. */
    static final long DEFAULT_VIRTUAL_MINIMUM_UID = 100;

    private static final String MINIMUM_UID = "virtual_minimum_uid";

    private ReplacedValues() {
    }

    /**
     * @param desired the main.cf values the spec wants
     * @param toSet the main.cf values the plan sets (wanted ones and originals put back)
     * @param desiredServices the master.cf services the spec wants
     * @param servicesToSet the master.cf services the plan sets
     * @param s the snapshot the plan is made from
     * @return one "WARNING: ..." note per replaced value, in the plan's order
     */
    static List<String> notes(Map<String, String> desired, Map<String, String> toSet, Map<String, MasterEntry> desiredServices,
            Map<String, String> servicesToSet, PostfixSnapshot s) {
        List<String> notes = new ArrayList<>();
        OwnershipRecord record = s.record();
        boolean editedSinceApply = s.files().exists(PostfixPaths.APPLIED_DIGESTS) && !PostfixSteps.untouchedSinceApply(s);
        toSet.forEach((k, v) -> {
            if (!desired.containsKey(k)) {
                return; // an original put back, not a replacement
            }
            String current = s.parameters().get(k);
            if (k.equals(MINIMUM_UID)) {
                minimumUid(current, v).ifPresent(notes::add);
                return;
            }
            if (current == null || current.isBlank() && v.isBlank() || mayHoldSecret(k)) {
                return;
            }
            if (!record.mainKeys().containsKey(k)) {
                notes.add("WARNING: replaces main.cf " + k + ", set before Portcullis: " + shown(current) + " -> " + shown(v)
                        + " (recorded; remove puts it back)");
            } else if (editedSinceApply) {
                notes.add("WARNING: main.cf was edited since Portcullis's last apply; replaces " + k + ": " + shown(current)
                        + " -> " + shown(v));
            }
        });
        servicesToSet.forEach((k, line) -> {
            MasterEntry current = s.services().get(k);
            if (current == null || !desiredServices.containsKey(k)) {
                return;
            }
            if (!record.services().containsKey(k)) {
                notes.add("WARNING: replaces master.cf service " + k + ", defined before Portcullis: " + shown(current.line())
                        + " -> " + shown(line) + " (recorded; remove puts it back)");
            } else if (editedSinceApply) {
                notes.add("WARNING: master.cf was edited since Portcullis's last apply; replaces service " + k + ": "
                        + shown(current.line()) + " -> " + shown(line));
            }
        });
        return notes;
    }

    private static java.util.Optional<String> minimumUid(String current, String wanted) {
        long before = current == null || !current.strip().matches("[0-9]+") ? DEFAULT_VIRTUAL_MINIMUM_UID
                : Long.parseLong(current.strip());
        long after = Long.parseLong(wanted);
        if (after >= before) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("WARNING: lowers virtual_minimum_uid from " + before + (current == null
                ? " (Postfix's default)" : "") + " to " + after + ", so that virtual mail can be delivered as uid " + after
                + ": Postfix then also delivers as any other account from uid " + after + " up; prefer a mailbox owner of uid "
                + DEFAULT_VIRTUAL_MINIMUM_UID + " or more");
    }

    /** No key Portcullis sets holds a secret today; should one ever, its value is not shown. */
    private static boolean mayHoldSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password") || k.contains("secret");
    }

    private static String shown(String value) {
        return value.isBlank() ? "(empty)" : "'" + value.strip() + "'";
    }
}
