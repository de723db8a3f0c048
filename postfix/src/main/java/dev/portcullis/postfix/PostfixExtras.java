package dev.portcullis.postfix;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SpecProblem;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The escape hatch {@code postfix.extra(name, value)}: main.cf parameters the model has no field
 * for. They join the spec's own parameters in the one {@code postconf -e}, so they are recorded with
 * their value before, diffed, verified, rolled back and removed like the rest. Two refusals, each
 * naming {@code postfix.extra.<name>}: a name the spec's own fields set (the message names that
 * field), before any command; and a name this host's Postfix does not know ({@code postconf -d}
 * does not list it), at plan time, by one {@code postconf -d} over the extras' names only.
 */
final class PostfixExtras {

    private static final String FIELD = "postfix.extra.";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Every Postfix prints it: without it in the answer, no Postfix answered. */
    private static final String SENTINEL = "mail_version";

    /** The spec field that owns each main.cf parameter the model sets, by parameter name or prefix (ending in _). */
    private static final Map<String, String> OWNERS = owners();

    private PostfixExtras() {
    }

    private static Map<String, String> owners() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("myhostname", "hostname");
        o.put("myorigin", "origin");
        o.put("mydestination", "acceptedDomains");
        o.put("mynetworks", "trustedNetworks");
        o.put("inet_interfaces", "listenInterfaces");
        o.put("inet_protocols", "ipFamilies");
        o.put("smtpd_relay_restrictions", "trustedNetworks (Portcullis keeps the relay restrictions closed)");
        o.put("smtpd_recipient_restrictions", "spf (Portcullis keeps the recipient restrictions closed)");
        o.put("smtpd_tls_", "tls");
        o.put("tls_preempt_cipherlist", "tls.cipherPolicy");
        for (String key : TlsCipherSettings.KEYS) {
            if (key.startsWith("smtp_tls_")) {
                o.put(key, "tls.cipherPolicy");
            }
        }
        o.put("disable_vrfy_command", "vrfyDisabled");
        o.put("message_size_limit", "maxMessageSize");
        o.put("mailbox_size_limit", "maxMessageSize");
        o.put("virtual_mailbox_limit", "maxMessageSize");
        o.put("anvil_rate_time_unit", "connectionLimits");
        o.put("smtpd_client_", "connectionLimits");
        o.put("relayhost", "relayHost");
        o.put("smtp_sasl_", "relayHost (user, password)");
        o.put("smtp_tls_", "relayHost (a login, trustedCa or port 465 require TLS)");
        o.put("default_process_limit", "postfix.processLimit");
        o.put("virtual_", "virtualMailboxes");
        o.put("maillog_file", "logRetention");
        o.put("smtpd_milters", "dkim");
        o.put("non_smtpd_milters", "dkim");
        o.put("milter_default_action", "dkim");
        return o;
    }

    /**
     * @param parameter a main.cf parameter the model sets
     * @return the spec field that sets it, or empty when the table lacks it
     */
    static java.util.Optional<String> owner(String parameter) {
        String exact = OWNERS.get(parameter);
        if (exact != null) {
            return java.util.Optional.of(exact);
        }
        return OWNERS.entrySet().stream().filter(e -> e.getKey().endsWith("_") && parameter.startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst();
    }

    /**
     * Adds the spec's extras to its own main.cf parameters.
     *
     * @param spec the mail server
     * @param p the parameters the spec's own fields set; the extras are added
     * @throws InvalidSpecException naming {@code postfix.extra.<name>} and the owning field for every
     *     extra the spec's own fields already set
     */
    static void addTo(MailServerSpec spec, Map<String, String> p) {
        List<SpecProblem> problems = new ArrayList<>();
        spec.postfixTuning().extras().forEach((name, value) -> {
            if (p.containsKey(name)) {
                problems.add(SpecProblem.of(FIELD + name, "is set by this spec's " + owner(name).orElse("own settings")
                        + " (to " + (p.get(name).isEmpty() ? "empty" : p.get(name)) + "): change it there, not as an extra"));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        p.putAll(spec.postfixTuning().extras());
    }

    /**
     * @param names parameter names
     * @return {@code postconf -d} of just these names: known ones print {@code name = default},
     *     unknown ones only a warning on standard error
     */
    static Command defaults(Set<String> names) {
        return Command.builder("postconf").arg("-d").args(List.copyOf(names)).timeout(TIMEOUT).build();
    }

    /**
     * Refuses extras this host's Postfix does not know, before any plan exists. Costs one process,
     * and none for a spec without extras. {@code mail_version} is asked too: a host that does not
     * print it has no Postfix answering (an offline plan's assumed host), and nothing is checked.
     *
     * @param spec the mail server
     * @param runner reaches the host
     * @throws InvalidSpecException naming {@code postfix.extra.<name>} for every unknown parameter
     */
    static void requireKnown(MailServerSpec spec, CommandRunner runner) {
        Set<String> names = spec.postfixTuning().extras().keySet();
        if (names.isEmpty()) {
            return;
        }
        java.util.Set<String> asked = new java.util.TreeSet<>(names);
        asked.add(SENTINEL);
        Set<String> known = PostconfOutput.parseParameters(runner.run(defaults(asked)).stdout()).keySet();
        if (!known.contains(SENTINEL)) {
            return; // no Postfix answered (an offline plan's assumed host): nothing to check against
        }
        List<SpecProblem> problems = names.stream().filter(n -> !known.contains(n))
                .map(n -> SpecProblem.of(FIELD + n, "is not a parameter this host's Postfix knows (postconf -d does not list"
                        + " it); check the spelling, or whether this Postfix version has it"))
                .toList();
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
    }
}
