package dev.portcullis.postfix;

import static dev.portcullis.postfix.PostfixPlannerTest.NO_PROBE;
import static dev.portcullis.postfix.PostfixPlannerTest.postconf;
import static dev.portcullis.postfix.PostfixPlannerTest.recordWritten;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.Tls;
import dev.portcullis.TlsCipherPolicy;
import dev.portcullis.TlsVersion;
import dev.portcullis.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code tls.cipherPolicy} in main.cf: which keys each level sets, and that they are owned like every other key. */
class TlsCipherSettingsTest {

    static MailServerSpec spec(TlsCipherPolicy policy, TlsVersion minimum) {
        return Specs.typical().tls(Tls.fromFiles(Specs.CERT, Specs.KEY).minimumVersion(minimum).cipherPolicy(policy)).build();
    }

    static Map<String, String> mainCf(TlsCipherPolicy policy) {
        return PostfixSettings.mainCf(spec(policy, TlsVersion.TLS_1_2));
    }

    @Test
    void modernIsTls13OnlyOnSubmissionAndForwardSecretAeadOnlyOnPort25() {
        Map<String, String> p = mainCf(TlsCipherPolicy.MODERN);

        assertThat(p).containsEntry("smtpd_tls_mandatory_protocols", "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1, !TLSv1.2")
                .containsEntry("smtpd_tls_protocols", "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1")
                .containsEntry("smtpd_tls_ciphers", "high").containsEntry("smtpd_tls_mandatory_ciphers", "high")
                .containsEntry("smtpd_tls_exclude_ciphers", "aNULL, eNULL, kRSA, SHA1, SHA256, SHA384")
                .containsEntry("tls_preempt_cipherlist", "yes")
                .containsEntry("smtp_tls_protocols", "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1")
                .containsEntry("smtp_tls_mandatory_protocols", "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1")
                .containsEntry("smtp_tls_ciphers", "high").containsEntry("smtp_tls_mandatory_ciphers", "high")
                .containsEntry("smtp_tls_exclude_ciphers", "aNULL, eNULL")
                .containsEntry("smtp_tls_mandatory_exclude_ciphers", "kRSA, SHA1, SHA256, SHA384")
                .doesNotContainKey("smtpd_tls_mandatory_exclude_ciphers");
    }

    @Test
    void intermediateKeepsPort25BroadAndHoldsSubmissionToForwardSecretAead() {
        Map<String, String> p = mainCf(TlsCipherPolicy.INTERMEDIATE);

        assertThat(p).containsEntry("smtpd_tls_exclude_ciphers", "aNULL, eNULL")
                .containsEntry("smtpd_tls_mandatory_exclude_ciphers", "kRSA, SHA1, SHA256, SHA384")
                .containsEntry("smtpd_tls_ciphers", "high").containsEntry("smtpd_tls_mandatory_ciphers", "high")
                .containsEntry("smtpd_tls_mandatory_protocols", "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1")
                .containsEntry("tls_preempt_cipherlist", "yes")
                // towards other MX hosts a failed handshake is retried in plain text: broad
                .containsEntry("smtp_tls_protocols", "!SSLv2, !SSLv3").containsEntry("smtp_tls_ciphers", "medium")
                .containsEntry("smtp_tls_mandatory_protocols", "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1")
                .doesNotContainKey("smtp_tls_mandatory_exclude_ciphers");
    }

    @Test
    void opportunisticOnlyRemovesAnonymousAndUnencryptedSuitesAndSetsServerOrder() {
        Map<String, String> p = mainCf(TlsCipherPolicy.OPPORTUNISTIC);

        assertThat(p).containsEntry("smtpd_tls_exclude_ciphers", "aNULL, eNULL")
                .containsEntry("smtpd_tls_ciphers", "medium").containsEntry("smtpd_tls_mandatory_ciphers", "medium")
                .containsEntry("tls_preempt_cipherlist", "yes")
                .containsEntry("smtp_tls_mandatory_protocols", "!SSLv2, !SSLv3")
                .doesNotContainKeys("smtpd_tls_mandatory_exclude_ciphers", "smtp_tls_mandatory_exclude_ciphers");
    }

    @Test
    void aLevelNeverLowersTheSpecsMinimumVersion() {
        Map<String, String> p = PostfixSettings.mainCf(spec(TlsCipherPolicy.OPPORTUNISTIC, TlsVersion.TLS_1_3));

        assertThat(p).containsEntry("smtpd_tls_protocols", "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1, !TLSv1.2")
                .containsEntry("smtpd_tls_mandatory_protocols", "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1, !TLSv1.2");
        assertThat(PostfixSettings.mainCf(spec(TlsCipherPolicy.INTERMEDIATE, TlsVersion.TLS_1_0)))
                .containsEntry("smtpd_tls_protocols", "!SSLv2, !SSLv3")
                .containsEntry("smtpd_tls_mandatory_protocols", "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1");
    }

    @Test
    void withoutALevelNoCipherKeyIsSetAndTheServersDefaultsApply() {
        Map<String, String> p = PostfixSettings.mainCf(Specs.typical().build());

        assertThat(p).doesNotContainKeys("smtpd_tls_ciphers", "smtpd_tls_mandatory_ciphers", "smtpd_tls_exclude_ciphers",
                "smtpd_tls_mandatory_exclude_ciphers", "tls_preempt_cipherlist", "smtp_tls_protocols", "smtp_tls_ciphers",
                "smtp_tls_exclude_ciphers", "smtp_tls_mandatory_protocols");
        for (TlsCipherPolicy level : TlsCipherPolicy.values()) {
            assertThat(TlsCipherSettings.KEYS).as(level.word()).containsAll(
                    mainCf(level).keySet().stream().filter(k -> k.contains("_tls_") && !p.containsKey(k)).toList());
        }
    }

    @Test
    void theKeysGoInTheOnePostconfCallAndTheRecordKeepsWhatWasThereBefore() {
        MailServerSpec spec = spec(TlsCipherPolicy.INTERMEDIATE, TlsVersion.TLS_1_2);

        Plan plan = PostfixPlanner.plan(spec, Specs.stock(), NO_PROBE);

        assertThat(postconf(plan, "-e")).hasSize(1);
        assertThat(postconf(plan, "-e").get(0).argv()).contains("smtpd_tls_exclude_ciphers=aNULL, eNULL",
                "smtpd_tls_mandatory_exclude_ciphers=kRSA, SHA1, SHA256, SHA384", "tls_preempt_cipherlist=yes",
                "smtp_tls_exclude_ciphers=aNULL, eNULL");
        OwnershipRecord r = recordWritten(plan).orElseThrow();
        assertThat(r.mainKeys()).containsEntry("tls_preempt_cipherlist", Optional.empty())
                .containsEntry("smtpd_tls_mandatory_exclude_ciphers", Optional.empty());
        assertThat(PostfixPlanner.plan(spec, Specs.converged(spec), NO_PROBE).isEmpty()).isTrue();
    }

    @Test
    void switchingLevelsChangesOnlyTheDifferingKeysAndUnsetsWhatTheNewLevelDoesNotSet() {
        MailServerSpec intermediate = spec(TlsCipherPolicy.INTERMEDIATE, TlsVersion.TLS_1_2);
        MailServerSpec opportunistic = spec(TlsCipherPolicy.OPPORTUNISTIC, TlsVersion.TLS_1_2);

        Plan plan = PostfixPlanner.plan(opportunistic, Specs.converged(intermediate), NO_PROBE);

        List<String> argv = postconf(plan, "-e").get(0).argv();
        assertThat(argv).contains("smtpd_tls_ciphers=medium", "smtpd_tls_mandatory_ciphers=medium",
                "smtp_tls_mandatory_ciphers=medium", "smtp_tls_mandatory_protocols=!SSLv2, !SSLv3")
                .noneMatch(a -> a.startsWith("tls_preempt_cipherlist=") || a.startsWith("smtpd_tls_exclude_ciphers="));
        assertThat(plan.render()).contains("remove smtpd_tls_mandatory_exclude_ciphers");
    }

    @Test
    void droppingThePolicyPutsEveryCipherKeyBackAsItWas() {
        MailServerSpec intermediate = spec(TlsCipherPolicy.INTERMEDIATE, TlsVersion.TLS_1_2);

        Plan plan = PostfixPlanner.plan(Specs.typical().build(), Specs.converged(intermediate), NO_PROBE);

        assertThat(plan.render()).contains("remove ").contains("tls_preempt_cipherlist").contains("smtp_tls_exclude_ciphers")
                .contains("smtpd_tls_mandatory_exclude_ciphers");
    }

    @Test
    void onlyModernWarnsThatItNarrowsPort25() {
        assertThat(PostfixPlanner.plan(spec(TlsCipherPolicy.MODERN, TlsVersion.TLS_1_2), Specs.stock(), NO_PROBE).notes())
                .anySatisfy(n -> assertThat(n).startsWith("WARNING: TLS cipher policy modern").contains("RFC 7435"));
        assertThat(PostfixPlanner.plan(spec(TlsCipherPolicy.INTERMEDIATE, TlsVersion.TLS_1_2), Specs.stock(), NO_PROBE).notes())
                .noneMatch(n -> n.contains("cipher policy"));
    }
}
