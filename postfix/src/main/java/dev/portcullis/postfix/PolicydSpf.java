package dev.portcullis.postfix;

import dev.portcullis.MailServerSpec;
import dev.portcullis.SpfPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an SPF check of incoming mail means for a Postfix host: the {@code policyd-spf} policy
 * service (postfix-policyd-spf-python) in master.cf, asked by {@code check_policy_service} after
 * {@code reject_unauth_destination} (so a relay attempt is refused before any DNS lookup and the
 * trusted networks and authenticated clients are never checked), with its own configuration file
 * that says whether a failing sender is refused or only marked. Pure: no host is consulted.
 */
final class PolicydSpf {

    static final String SERVICE = "policyd-spf/unix";
    /** Portcullis's configuration for the policy server; the package's own file is left alone. */
    static final String CONF = PostfixPaths.CONFIG_DIR + "/portcullis-policyd-spf.conf";
    static final String RESTRICTION = "check_policy_service unix:private/policyd-spf";

    private PolicydSpf() {
    }

    /**
     * @param spec the mail server
     * @param restrictions the recipient restrictions so far, ending in {@code reject_unauth_destination}
     * @return them with the SPF check after it, when the spec asks for one
     */
    static String restrictions(MailServerSpec spec, String restrictions) {
        return spec.spf().isEmpty() ? restrictions : restrictions + ", " + RESTRICTION;
    }

    /**
     * @param spec the mail server
     * @param services master.cf services to add the policy service to (nothing without SPF)
     */
    static void masterCf(MailServerSpec spec, Map<String, MasterEntry> services) {
        if (spec.spf().isPresent()) {
            services.put(SERVICE, MasterEntry.parse("policyd-spf unix - n n - 0 spawn user=policyd-spf argv=/usr/bin/policyd-spf "
                    + CONF));
        }
    }

    /**
     * @param spec the mail server
     * @return the policy server's configuration file, empty without SPF
     */
    static List<MapFile> files(MailServerSpec spec) {
        if (spec.spf().isEmpty()) {
            return List.of();
        }
        boolean reject = spec.spf().get() == SpfPolicy.REJECT_FAIL;
        String conf = "# Written by Portcullis for " + spec.name() + " (" + spec.spf().get().word() + "); re-apply overwrites it.\n"
                + "debugLevel = 1\n"
                + "TestOnly = 1\n" // 1 is policyd-spf's normal mode; 0 would only test
                + "HELO_reject = " + (reject ? "Fail" : "False") + "\n"
                + "Mail_From_reject = " + (reject ? "Fail" : "False") + "\n"
                + "PermError_reject = False\n"
                + "TempError_Defer = False\n"
                + "skip_addresses = 127.0.0.0/8,::ffff:127.0.0.0/104,::1\n";
        return List.of(new MapFile(CONF, conf, Optional.empty(), null));
    }
}
