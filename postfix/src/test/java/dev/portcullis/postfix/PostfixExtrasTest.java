package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.DkimSigning;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PostfixTuning;
import dev.portcullis.RelayHost;
import dev.portcullis.SecretRef;
import dev.portcullis.SpfPolicy;
import dev.portcullis.SqlLookup;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** postfix.extra: main.cf parameters the model has no field for, owned like the rest. */
class PostfixExtrasTest {

    static MailServerSpec withExtras(Map<String, String> extras) {
        PostfixTuning.Builder t = PostfixTuning.builder();
        extras.forEach(t::extra);
        return Specs.typical().postfix(t.build()).build();
    }

    static final MailServerSpec TUNED = withExtras(Map.of("max_idle", "200s", "default_destination_concurrency_limit", "10"));

    @Test
    void extrasJoinTheOnePostconfAndAreRecordedWithTheirValueBefore() {
        Plan plan = PostfixPlanner.plan(TUNED, Specs.stock(), PostfixPlannerTest.NO_PROBE);

        assertThat(PostfixPlannerTest.postconf(plan, "-e")).singleElement()
                .satisfies(c -> assertThat(c.argv()).contains("max_idle=200s", "default_destination_concurrency_limit=10"));
        OwnershipRecord record = PostfixPlannerTest.recordWritten(plan).orElseThrow();
        assertThat(record.mainKeys()).containsEntry("max_idle", Optional.empty())
                .containsEntry("default_destination_concurrency_limit", Optional.empty());
    }

    @Test
    void aConvergedExtraPlansNothingAndADifferentLiveValueIsADrift() {
        assertThat(PostfixPlanner.plan(TUNED, Specs.converged(TUNED), PostfixPlannerTest.NO_PROBE).steps()).isEmpty();

        PostfixSnapshot edited = Specs.with(Specs.converged(TUNED), "max_idle", "100s");
        assertThat(PostfixVerifier.verify(TUNED, edited, PostfixPlannerTest.NO_PROBE).drifts())
                .singleElement().satisfies(d -> assertThat(d.subject()).isEqualTo("max_idle"));
        assertThat(PostfixPlannerTest.postconf(PostfixPlanner.plan(TUNED, edited, PostfixPlannerTest.NO_PROBE), "-e"))
                .singleElement().satisfies(c -> assertThat(c.argv()).containsExactly("postconf", "-e", "max_idle=200s"));
    }

    @Test
    void droppingAnExtraPutsBackWhatWasThereBefore() {
        MailServerSpec without = Specs.typical().build();
        Plan plan = PostfixPlanner.plan(without, Specs.converged(TUNED), PostfixPlannerTest.NO_PROBE);

        assertThat(PostfixPlannerTest.postconf(plan, "-X")).singleElement().satisfies(c -> assertThat(c.argv())
                .contains("max_idle", "default_destination_concurrency_limit"));
    }

    @Test
    void anExtraTheSpecsOwnFieldsSetIsRefusedNamingThatField() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> PostfixSettings.mainCf(withExtras(Map.of("relayhost", "[evil.example]:25", "myhostname", "x.example",
                        "max_idle", "200s"))));

        assertThat(e.problems()).extracting(p -> p.field() + ": " + p.reason()).containsExactlyInAnyOrder(
                "postfix.extra.relayhost: is set by this spec's relayHost (to empty): change it there, not as an extra",
                "postfix.extra.myhostname: is set by this spec's hostname (to mail.example.com): change it there, not as an extra");
    }

    @Test
    void aRelayTlsParameterIsFreeWithoutARelayLoginAndRefusedWithOne() {
        MailServerSpec opportunistic = withExtras(Map.of("smtp_tls_security_level", "may"));
        assertThat(PostfixSettings.mainCf(opportunistic)).containsEntry("smtp_tls_security_level", "may");

        MailServerSpec withLogin = opportunistic.toBuilder().relayHost(RelayHost.builder("relay.example.net", 587)
                .credentials("apikey", SecretRef.env("RELAY_PASSWORD")).build()).build();
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> PostfixSettings.mainCf(withLogin));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.reason())
                .startsWith("is set by this spec's relayHost (a login, trustedCa or port 465 require TLS) (to encrypt)"));
    }

    @Test
    void everyParameterTheModelSetsNamesItsOwningField() {
        MailServerSpec everything = Specs.typical().smtps()
                .relayHost(RelayHost.builder("smtpdm.aliyun.com", 465).credentials("a@example.com", SecretRef.env("P"))
                        .trustedCa(Path.of("/etc/ssl/ca.pem")).build())
                .connectionLimits(new dev.portcullis.ConnectionLimits(60, 10, 100))
                .maxMessageSize(dev.portcullis.DataSize.ofMegabytes(100))
                .logRetention(Duration.ofDays(60)).dkim(DkimSigning.defaults()).spf(SpfPolicy.REJECT_FAIL)
                .virtualMailboxes(VirtualMailboxes.mysql(new VirtualMailboxes.MySql("127.0.0.1", 3306, "mail", "postfix",
                        SecretRef.env("DB"), SqlLookup.of("m", "e", "d"), SqlLookup.of("d", "n", "n"), SqlLookup.of("a", "s", "d")))
                        .owner(8, 8))
                .build();

        assertThat(PostfixSettings.mainCf(everything).keySet()).allSatisfy(k -> assertThat(PostfixExtras.owner(k)).as(k).isPresent());
        assertThat(PostfixSettings.mainCf(MailServerSpec.forHost("mail.example.com").build()).keySet())
                .allSatisfy(k -> assertThat(PostfixExtras.owner(k)).as(k).isPresent());
    }

    @Test
    void aNameThisPostfixDoesNotKnowIsRefusedAtPlanTimeByOnePostconfD() {
        MailServerSpec typo = withExtras(Map.of("max_idle", "200s", "max_idel", "200s", "default_destination_concurency_limit", "5"));
        RecordingCommandRunner host = new RecordingCommandRunner().answer("mail_version = 3.7.11\nmax_idle = 100s\n",
                "postconf", "-d");

        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> PostfixExtras.requireKnown(typo, host));

        assertThat(e.problems()).extracting(p -> p.field()).containsExactly("postfix.extra.default_destination_concurency_limit",
                "postfix.extra.max_idel");
        assertThat(e.problems().get(0).reason()).contains("postconf -d does not list it");
        assertThat(host.commands()).singleElement().satisfies(c -> assertThat(c.argv()).containsExactly("postconf", "-d",
                "default_destination_concurency_limit", "mail_version", "max_idel", "max_idle"));
    }

    @Test
    void aSpecWithoutExtrasAsksTheHostNothing() {
        RecordingCommandRunner host = new RecordingCommandRunner();
        PostfixExtras.requireKnown(Specs.typical().build(), host);
        PostfixExtras.requireKnown(TUNED, host.answer("max_idle = 100s\ndefault_destination_concurrency_limit = 20\n"
                + "mail_version = 3.7.11\n", "postconf", "-d"));
        assertThat(host.commands()).hasSize(1);
    }

    @Test
    void aHostWhereNoPostfixAnswersIsNotChecked() {
        // an offline plan's assumed host answers every read with nothing
        PostfixExtras.requireKnown(TUNED, new RecordingCommandRunner());
    }
}
