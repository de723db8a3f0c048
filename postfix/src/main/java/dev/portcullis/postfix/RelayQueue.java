package dev.portcullis.postfix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.MailServerSpec;
import dev.portcullis.RelayHost;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.plan.Drift;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether mail reaches the relay host, as Postfix itself found out: {@code postqueue -j} lists the
 * mail waiting in the queue with the reason of its last failed delivery, such as the relay's
 * {@code 535 5.7.8 Error: authentication failed} after a wrong password, or a relay that offers no
 * STARTTLS. {@code verify} turns each distinct reason that names the relay into a drift, so a relay
 * that refuses the login is visible in the report (the password itself never is: only the relay's
 * reply is shown). One process, only for specs with a relay host.
 */
final class RelayQueue {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A report lists at most this many distinct reasons. */
    private static final int MAX_REASONS = 5;

    private RelayQueue() {
    }

    /** @return {@code postqueue -j}: one JSON object per queued message; fails when Postfix is stopped */
    static Command read() {
        return Command.builder("postqueue").arg("-j").timeout(TIMEOUT).successExitCodes(0, 1, 69, 75).build();
    }

    /**
     * @param spec the mail server
     * @param queue the result of {@link #read()}
     * @return one drift per distinct reason naming the relay host, with how many recipients wait for it
     */
    static List<Drift> drifts(MailServerSpec spec, CommandResult queue) {
        if (spec.relayHost().isEmpty() || queue.exitCode() != 0) {
            return List.of();
        }
        RelayHost relay = spec.relayHost().get();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (String line : queue.stdout().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode message;
            try {
                message = JSON.readTree(line);
            } catch (IOException e) {
                continue; // not a message line (a warning); the next lines still count
            }
            for (JsonNode recipient : message.path("recipients")) {
                String reason = recipient.path("delay_reason").asText("");
                if (reason.contains(relay.host().value())) {
                    reasons.merge(reason, 1, Integer::sum);
                }
            }
        }
        List<Drift> drifts = new ArrayList<>();
        reasons.entrySet().stream().limit(MAX_REASONS).forEach(e -> drifts.add(new Drift("relayHost " + relay.host(),
                "queued mail is handed to the relay", e.getValue() + " recipient(s) deferred: " + e.getKey(), "mail queue")));
        return drifts;
    }
}
