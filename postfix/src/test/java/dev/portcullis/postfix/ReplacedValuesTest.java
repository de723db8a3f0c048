package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.plan.Plan;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plan that replaces an administrator's values says so, naming each with its old and new value. */
class ReplacedValuesTest {

    static final String SPF_AND_RBL = "permit_mynetworks, reject_unauth_destination,"
            + " check_policy_service unix:private/policyd-spf, reject_rbl_client zen.spamhaus.org";

    /** Stock Debian plus what an administrator typically added: a smarthost, SPF and RBL checks, a trusted LAN. */
    static PostfixSnapshot administered() {
        PostfixSnapshot s = Specs.with(Specs.stock(), "relayhost", "[smtp.isp.example]:587");
        s = Specs.with(s, "smtpd_recipient_restrictions", SPF_AND_RBL);
        return Specs.with(s, "mynetworks", "127.0.0.0/8 10.0.0.0/8");
    }

    @Test
    void warnsNamingEachAdministratorValueItReplacesWithOldAndNew() {
        Plan plan = PostfixPlanner.plan(Specs.typical().build(), administered(), PostfixPlannerTest.NO_PROBE);

        assertThat(plan.notes())
                .contains("WARNING: replaces main.cf relayhost, set before Portcullis: '[smtp.isp.example]:587' -> (empty)"
                        + " (recorded; remove puts it back)")
                .contains("WARNING: replaces main.cf smtpd_recipient_restrictions, set before Portcullis: '" + SPF_AND_RBL
                        + "' -> 'permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination' (recorded; remove puts"
                        + " it back)")
                .contains("WARNING: replaces main.cf mynetworks, set before Portcullis: '127.0.0.0/8 10.0.0.0/8' ->"
                        + " '127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128 192.168.1.0/24 [2001:db8::]/48' (recorded; remove puts"
                        + " it back)");
        assertThat(plan.render()).contains("# note: WARNING: replaces main.cf relayhost");
    }

    @Test
    void doesNotWarnAboutValuesItLeavesAloneOrThatWereNeverSet() {
        Plan plan = PostfixPlanner.plan(Specs.typical().build(), Specs.stock(), PostfixPlannerTest.NO_PROBE);

        // stock Debian: inet_protocols = all stays, relayhost stays empty, message_size_limit was not set
        assertThat(plan.notes()).noneMatch(n -> n.contains(" inet_protocols,") || n.contains(" relayhost,")
                || n.contains(" message_size_limit,"));
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("WARNING: replaces main.cf myhostname, set before Portcullis:"
                + " 'testhost.portcullis.test' -> 'mail.example.com'"));
    }

    @Test
    void doesNotWarnAboutItsOwnEarlierValuesWhenNobodyEditedTheFilesSince() {
        MailServerSpec spec = Specs.typical().build();
        PostfixSnapshot converged = Specs.converged(spec);
        Map<String, String> files = new LinkedHashMap<>(converged.files().asMap());
        files.put(PostfixPaths.APPLIED_DIGESTS, PostfixSteps.appliedDigestsFor(converged.files()));
        PostfixSnapshot untouched = Specs.snapshot(converged.parameters(), converged.services(), FileDigests.of(files),
                converged.record());
        MailServerSpec bigger = spec.toBuilder().maxMessageSize(dev.portcullis.DataSize.ofMegabytes(60)).build();

        Plan plan = PostfixPlanner.plan(bigger, untouched, PostfixPlannerTest.NO_PROBE);

        assertThat(PostfixPlannerTest.postconf(plan, "-e")).hasSize(1);
        assertThat(plan.notes()).noneMatch(n -> n.startsWith("WARNING: replaces") || n.contains("was edited since"));
    }

    @Test
    void warnsWhenItOverwritesAnEditMadeSinceItsLastApply() {
        MailServerSpec spec = Specs.typical().build();
        PostfixSnapshot converged = Specs.converged(spec);
        Map<String, String> files = new LinkedHashMap<>(converged.files().asMap());
        files.put(PostfixPaths.APPLIED_DIGESTS, "f".repeat(64)); // main.cf no longer matches what the last apply left
        PostfixSnapshot edited = Specs.with(Specs.snapshot(converged.parameters(), converged.services(),
                FileDigests.of(files), converged.record()), "smtpd_recipient_restrictions", SPF_AND_RBL);

        Plan plan = PostfixPlanner.plan(spec, edited, PostfixPlannerTest.NO_PROBE);

        assertThat(plan.notes()).contains("WARNING: main.cf was edited since Portcullis's last apply; replaces"
                + " smtpd_recipient_restrictions: '" + SPF_AND_RBL + "' -> 'permit_mynetworks, permit_sasl_authenticated,"
                + " reject_unauth_destination'");
    }

    @Test
    void warnsWhenItReplacesAServiceDefinedBeforeIt() {
        PostfixSnapshot s = Specs.stock();
        Map<String, MasterEntry> services = new LinkedHashMap<>(s.services());
        MasterEntry own = MasterEntry.smtpd("submission", java.util.List.of("syslog_name=postfix/submission",
                "smtpd_tls_security_level=encrypt", "smtpd_sasl_auth_enable=yes"));
        services.put(PostfixSettings.SUBMISSION, own);
        PostfixSnapshot withSubmission = Specs.snapshot(s.parameters(), services, s.files(), s.record());

        Plan plan = PostfixPlanner.plan(Specs.typical().build(), withSubmission, PostfixPlannerTest.NO_PROBE);

        assertThat(plan.notes()).anyMatch(n -> n.startsWith("WARNING: replaces master.cf service submission/inet, defined"
                + " before Portcullis: '" + own.line() + "' -> '"));
    }
}
