package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostconfOutputTest {

    @Test
    void readsEveryExplicitParameterOfStockDebian() {
        Map<String, String> p = PostconfOutput.parseParameters(Captured.read("debian12-postconf-n.txt"));

        assertThat(p).hasSize(24)
                .containsEntry("myhostname", "testhost.portcullis.test")
                .containsEntry("relayhost", "")
                .containsEntry("smtp_tls_session_cache_database", "btree:${data_directory}/smtp_scache")
                .containsEntry("smtpd_relay_restrictions", "permit_mynetworks permit_sasl_authenticated defer_unauth_destination");
    }

    @Test
    void readsServicesWithTheirOverridesAndCommandArguments() {
        Map<String, MasterEntry> s = PostconfOutput.parseServices(Captured.read("debian12-postconf-M.txt"));

        assertThat(s).hasSize(31).containsKeys("smtp/inet", "smtp/unix", "postlog/unix-dgram");
        assertThat(s.get("relay/unix").overrides()).containsExactly("syslog_name=postfix/$service_name");
        assertThat(s.get("maildrop/unix").fields()).endsWith("pipe", "flags=DRXhu", "user=vmail", "argv=/usr/bin/maildrop",
                "-d", "${recipient}");
    }

    @Test
    void readsTheServicesPostconfMWrote() {
        Map<String, MasterEntry> s = PostconfOutput.parseServices(Captured.read("debian12-postconf-M-with-submission.txt"));

        assertThat(s.get("submission/inet").overrides()).containsExactly("syslog_name=postfix/submission",
                "smtpd_tls_security_level=encrypt", "smtpd_sasl_auth_enable=yes", "smtpd_sasl_type=dovecot",
                "smtpd_sasl_path=private/auth", "smtpd_tls_auth_only=yes",
                "smtpd_client_restrictions=permit_sasl_authenticated,reject",
                "smtpd_relay_restrictions=permit_sasl_authenticated,reject");
    }

    @Test
    void serviceLineRoundTripsThroughPostconf() {
        MasterEntry e = MasterEntry.smtpd("submission", java.util.List.of("syslog_name=postfix/submission"));

        assertThat(MasterEntry.parse(e.line())).isEqualTo(e);
        assertThat(e.line()).isEqualTo("submission inet n - n - - smtpd -o syslog_name=postfix/submission");
    }

    @Test
    void listsDifferingOnlyInSeparatorsAreTheSame() {
        assertThat(PostconfOutput.normalize("a,b  c, d")).isEqualTo("a b c d");
        assertThat(PostfixPlanner.same("permit_mynetworks permit_sasl_authenticated reject_unauth_destination",
                "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination")).isTrue();
        assertThat(PostfixPlanner.same(null, "")).isTrue();
        assertThat(PostfixPlanner.same(null, "yes")).isFalse();
    }

    @Test
    void digestsListOnlyTheFilesThatExist() {
        FileDigests d = FileDigests.parse(Captured.read("debian12-sha256sum.txt"));

        assertThat(d.exists("/etc/postfix/main.cf")).isTrue();
        assertThat(d.exists(PostfixPaths.RECORD)).isFalse();
        assertThat(d.digest("/etc/postfix/master.cf")).contains("dde6e3440fe2bfe407b384f34a20b40dacd925e1039209c9b2f2cd1391172955");
    }
}
