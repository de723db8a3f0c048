package dev.portcullis.postfix;

import dev.portcullis.MailServerSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link MailServerSpec#logRetention()} on Postfix: Postfix writes its own log file
 * ({@code maillog_file}, Postfix 3.4 and later, through its postlogd service) and a logrotate
 * policy keeps it for the retention and no longer: rotated daily, compressed (the newest rotation
 * stays plain for a day), deleted after as many days, and Postfix reloaded after each rotation so
 * that postlogd reopens the file.
 *
 * <p>Both are owned like every other Portcullis setting: the key is recorded and given back on
 * remove, and the policy file is a {@link MapFile} (written, digest-verified, removed with the spec).
 * Having Postfix write its own file makes the policy independent of syslog: on a journald-only
 * host it is the only mail log file there is; an operator who keeps mail logs in the journal
 * instead should leave logRetention unset and set {@code MaxRetentionSec=} (for example
 * {@code 60day}) in {@code /etc/systemd/journald.conf}, which applies to the whole journal.
 */
final class LogRetentionPolicy {

    /** The file Postfix logs to when the spec sets a retention. */
    static final String LOG_FILE = "/var/log/postfix.log";
    /** The logrotate policy Portcullis owns. */
    static final String POLICY_FILE = "/etc/logrotate.d/portcullis-postfix";

    private LogRetentionPolicy() {
    }

    /**
     * @param spec the mail server
     * @return the main.cf keys the retention needs (none without a retention)
     */
    static Map<String, String> mainCf(MailServerSpec spec) {
        return spec.logRetention().isPresent() ? Map.of("maillog_file", LOG_FILE) : Map.of();
    }

    /**
     * @param spec the mail server
     * @return the logrotate policy file (none without a retention)
     */
    static List<MapFile> files(MailServerSpec spec) {
        return spec.logRetention().map(r -> new MapFile(POLICY_FILE, policy(spec, r), Optional.empty(), null))
                .map(List::of).orElse(List.of());
    }

    /**
     * @param spec the mail server (its name tags the file)
     * @param retention how long to keep the log
     * @return the logrotate configuration text
     */
    static String policy(MailServerSpec spec, Duration retention) {
        long days = retention.toDays();
        return "# Written by Portcullis for " + spec.name() + "; re-apply overwrites it, remove deletes it.\n"
                + "# Keeps the mail log " + days + " days: rotated daily, compressed, deleted after " + days + " days.\n"
                + LOG_FILE + " {\n"
                + "    daily\n"
                + "    rotate " + days + "\n"
                + "    maxage " + days + "\n"
                + "    missingok\n"
                + "    notifempty\n"
                + "    compress\n"
                + "    delaycompress\n"
                + "    postrotate\n"
                + "        /usr/sbin/postfix reload >/dev/null 2>&1 || true\n"
                + "    endscript\n"
                + "}\n";
    }
}
