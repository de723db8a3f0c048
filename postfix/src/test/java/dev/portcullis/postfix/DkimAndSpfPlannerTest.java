package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.DkimSigning;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SpfPolicy;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DkimAndSpfPlannerTest {

    static final MailServerSpec SIGNING = Specs.typical().dkim(DkimSigning.defaults()).build();
    static final MailServerSpec CHECKING = Specs.typical().spf(SpfPolicy.REJECT_FAIL).build();
    /** A public key as {@code openssl pkey -pubout} prints it (2048-bit RSA). */
    static final String PUBLIC_PEM = "-----BEGIN PUBLIC KEY-----\n" + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA".repeat(1)
            + "x".repeat(20) + "\n" + "A".repeat(64) + "\n" + "B".repeat(64) + "\n" + "C".repeat(64) + "\n" + "D".repeat(64)
            + "\n" + "E".repeat(40) + "IDAQAB\n-----END PUBLIC KEY-----\n";

    /** Stock Debian with the package's /etc/opendkim.conf. */
    static PostfixSnapshot stockWithOpenDkim() {
        PostfixSnapshot s = Specs.stock();
        Map<String, String> files = new LinkedHashMap<>(s.files().asMap());
        files.put(OpenDkim.CONF, "9".repeat(64));
        return Specs.snapshot(s.parameters(), s.services(), FileDigests.of(files), s.record());
    }

    static Optional<Step> step(Plan plan, String startsWith) {
        return plan.steps().stream().filter(s -> s.description().startsWith(startsWith)).findFirst();
    }

    static String written(Plan plan, String path) {
        return plan.commands().stream().filter(c -> c.program().equals("install") && c.argv().contains(path)).findFirst()
                .map(c -> new String(c.stdin().orElseThrow())).orElseThrow(() -> new AssertionError(path + " is not written"));
    }

    @Test
    void generatesA2048BitKeyOnTheHostOwnedByOpendkimAndNeverReadsItBack() {
        Plan plan = PostfixPlanner.plan(SIGNING, stockWithOpenDkim(), PostfixPlannerTest.NO_PROBE);

        List<Command> key = step(plan, "generate the 2048-bit RSA DKIM key of selector mail").orElseThrow().action().commands();
        assertThat(key).extracting(Command::argv).contains(
                List.of("install", "-d", "-m", "0700", "-o", "opendkim", "-g", "opendkim", "/etc/opendkim/portcullis"),
                List.of("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
                        "/etc/opendkim/portcullis/mail.private"),
                List.of("chmod", "0600", "/etc/opendkim/portcullis/mail.private"),
                List.of("chown", "opendkim:opendkim", "/etc/opendkim/portcullis/mail.private"));
        // the private key is an input of openssl only, never an argument of a command that prints or copies it
        assertThat(plan.commands()).filteredOn(c -> c.argv().contains("/etc/opendkim/portcullis/mail.private"))
                .allSatisfy(c -> assertThat(c.program()).isIn("openssl", "chmod", "chown", "stat", "rm"));
        assertThat(plan.commands()).noneMatch(c -> c.program().equals("openssl") && c.argv().contains("-text"));
    }

    @Test
    void keepsThePackagesOpendkimConfBeforeReplacingItAndRestartsOpendkimAfterTheFiles() {
        Plan plan = PostfixPlanner.plan(SIGNING, stockWithOpenDkim(), PostfixPlannerTest.NO_PROBE);

        List<String> order = plan.steps().stream().map(Step::description).toList();
        int keep = indexOf(order, "keep /etc/opendkim.conf");
        int key = indexOf(order, "generate the 2048-bit");
        int files = indexOf(order, "write map files");
        int serve = indexOf(order, "opendkim -n, then restart OpenDKIM");
        int mainCf = indexOf(order, "set ");
        assertThat(List.of(keep, key, files, serve, mainCf)).isSorted().doesNotContain(-1);
        assertThat(step(plan, "keep /etc/opendkim.conf").orElseThrow().action().commands()).extracting(Command::argv)
                .contains(List.of("cp", "-p", "--parents", "--", "/etc/opendkim.conf", "/etc/postfix/portcullis/originals"));
        assertThat(PostfixPlanner.plan(SIGNING, Specs.stock(), PostfixPlannerTest.NO_PROBE).render())
                .as("no package file, nothing to keep").doesNotContain("keep /etc/opendkim.conf");
    }

    private static int indexOf(List<String> descriptions, String prefix) {
        for (int i = 0; i < descriptions.size(); i++) {
            if (descriptions.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theMilterGoesIntoTheOnePostconfCall() {
        Plan plan = PostfixPlanner.plan(SIGNING, Specs.stock(), PostfixPlannerTest.NO_PROBE);

        assertThat(PostfixPlannerTest.postconf(plan, "-e")).singleElement().satisfies(c -> assertThat(c.argv())
                .contains("smtpd_milters=inet:127.0.0.1:8891", "non_smtpd_milters=$smtpd_milters", "milter_default_action=accept"));
        assertThat(PostfixSettings.mainCf(Specs.typical().build())).doesNotContainKeys("smtpd_milters", "non_smtpd_milters");
    }

    @Test
    void theTablesSignEveryDomainWithTheSelectorAndTrustTheTrustedNetworks() {
        Plan plan = PostfixPlanner.plan(Specs.typical().dkim(DkimSigning.builder().selector("s2026").build()).build(),
                Specs.stock(), PostfixPlannerTest.NO_PROBE);

        assertThat(written(plan, OpenDkim.KEY_TABLE))
                .contains("s2026._domainkey.example.com example.com:s2026:/etc/opendkim/portcullis/s2026.private\n")
                .contains("s2026._domainkey.example.org example.org:s2026:/etc/opendkim/portcullis/s2026.private\n");
        assertThat(written(plan, OpenDkim.SIGNING_TABLE)).contains("*@example.com s2026._domainkey.example.com\n")
                .contains("*@example.org s2026._domainkey.example.org\n");
        assertThat(written(plan, OpenDkim.TRUSTED_HOSTS)).contains("127.0.0.1\n::1\n192.168.1.0/24\n2001:db8::/48\n");
        assertThat(written(plan, OpenDkim.CONF)).contains("Socket inet:8891@127.0.0.1\n", "Mode s\n", "UserID opendkim\n",
                "KeyTable file:/etc/opendkim/portcullis/KeyTable\n", "SigningTable refile:/etc/opendkim/portcullis/SigningTable\n");
    }

    @Test
    void aConvergedSigningHostYieldsAnEmptyPlanAndTheTxtRecordToPublish() {
        PostfixSnapshot converged = Specs.converged(SIGNING);
        Map<String, String> files = new LinkedHashMap<>(converged.files().asMap());
        files.put(OpenDkim.publicFile(SIGNING.dkim().orElseThrow()), "5".repeat(64));
        PostfixSnapshot s = Specs.snapshot(converged.parameters(), converged.services(), FileDigests.of(files),
                converged.record());

        Plan plan = PostfixPlanner.plan(SIGNING, s, PostfixPlannerTest.NO_PROBE);

        assertThat(plan.isEmpty()).as(plan.render()).isTrue();
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("DNS to publish: mail._domainkey.example.org. IN TXT (the public key"));
    }

    @Test
    void verifyReportsAMissingKeyAsDrift() {
        dev.portcullis.plan.VerifyReport report = PostfixVerifier.verify(SIGNING, Specs.converged(SIGNING), PostfixPlannerTest.NO_PROBE);

        assertThat(report.converged()).isFalse();
        assertThat(report.drifts()).singleElement().satisfies(d -> assertThat(d.toString()).contains("/etc/opendkim/portcullis/mail.public"));
    }

    @Test
    void theDkimRecordHoldsThePublicKeyInStringsOfAt255Characters() {
        List<DnsRecord> txt = DnsRecords.forSpec(SIGNING, Optional.of(PUBLIC_PEM)).ofType("TXT").stream()
                .filter(r -> r.name().contains("_domainkey")).toList();

        assertThat(txt).extracting(DnsRecord::name).containsExactly("mail._domainkey.example.com.", "mail._domainkey.example.org.");
        String value = txt.get(0).value();
        assertThat(value).startsWith("\"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA").doesNotContain("-----");
        List<String> strings = List.of(value.substring(1, value.length() - 1).split("\" \""));
        assertThat(strings).hasSize(2).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
        assertThat(String.join("", strings)).endsWith("IDAQAB");
        assertThat(DnsRecords.forSpec(Specs.typical().build()).records()).noneMatch(r -> r.name().contains("_domainkey"));
    }

    @Test
    void theSpfCheckComesAfterRejectUnauthDestinationInTheRecipientRestrictionsOnly() {
        Map<String, String> main = PostfixSettings.mainCf(CHECKING);

        assertThat(main.get("smtpd_recipient_restrictions")).isEqualTo("permit_mynetworks, permit_sasl_authenticated,"
                + " reject_unauth_destination, check_policy_service unix:private/policyd-spf");
        assertThat(main.get("smtpd_relay_restrictions")).doesNotContain("policy");
        assertThat(PostfixSettings.masterCf(CHECKING, Map.of()).get("policyd-spf/unix").line())
                .isEqualTo("policyd-spf unix - n n - 0 spawn user=policyd-spf argv=/usr/bin/policyd-spf"
                        + " /etc/postfix/portcullis-policyd-spf.conf");
        assertThat(PostfixSettings.mainCf(Specs.typical().build()).get("smtpd_recipient_restrictions")).doesNotContain("policy");
    }

    @Test
    void rejectFailRefusesFailingSendersAndMarkOnlyNeverRefuses() {
        assertThat(PolicydSpf.files(CHECKING)).singleElement().satisfies(f -> assertThat(f.content())
                .contains("Mail_From_reject = Fail\n", "HELO_reject = Fail\n", "TestOnly = 1\n"));
        assertThat(PolicydSpf.files(Specs.typical().spf(SpfPolicy.MARK_ONLY).build())).singleElement()
                .satisfies(f -> assertThat(f.content()).contains("Mail_From_reject = False\n", "HELO_reject = False\n")
                        .doesNotContain("= Fail"));
        assertThat(PolicydSpf.files(Specs.typical().build())).isEmpty();
    }

    @Test
    void removePutsThePackagesOpendkimConfBackAndDeletesPortcullissOwnFolder() {
        PostfixSnapshot converged = Specs.converged(SIGNING);
        Map<String, String> files = new LinkedHashMap<>(converged.files().asMap());
        files.put(PostfixPaths.originalCopy(OpenDkim.CONF), "9".repeat(64));
        OwnershipRecord record = converged.record();
        for (MapFile m : OpenDkim.files(SIGNING)) {
            record = record.withFile(m.path());
        }
        PostfixSnapshot s = Specs.snapshot(converged.parameters(), converged.services(), FileDigests.of(files), record);

        Plan plan = PostfixRemovalPlanner.plan(SIGNING, s);

        assertThat(step(plan, "put back the files of other packages").orElseThrow().action().commands())
                .extracting(Command::argv).containsExactly(List.of("cp", "-p", "--", "/etc/postfix/portcullis/originals/etc/opendkim.conf",
                        "/etc/opendkim.conf"));
        assertThat(step(plan, "delete the files Portcullis wrote").orElseThrow().action().commands().get(0).argv())
                .contains(OpenDkim.KEY_TABLE, OpenDkim.SIGNING_TABLE, OpenDkim.TRUSTED_HOSTS).doesNotContain(OpenDkim.CONF);
        assertThat(step(plan, "restart OpenDKIM, when it runs").orElseThrow().action().commands()).extracting(Command::argv)
                .contains(List.of("rm", "-rf", "--", "/etc/opendkim/portcullis"));
    }
}
