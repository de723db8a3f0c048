package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.IpFamily;
import dev.portcullis.MailServerSpec;
import dev.portcullis.Tls;
import dev.portcullis.TlsVersion;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostfixPlannerTest {

    static final ProbeTarget NO_PROBE = new ProbeTarget(Optional.empty(), Duration.ofSeconds(1), "SMTP probe turned off");

    /** @return the record a plan writes, if it writes one */
    static Optional<OwnershipRecord> recordWritten(Plan plan) {
        return plan.commands().stream().filter(c -> c.program().equals("install") && c.argv().contains(PostfixPaths.RECORD))
                .findFirst().map(c -> OwnershipRecord.parse(new String(c.stdin().orElseThrow())));
    }

    static List<Command> postconf(Plan plan, String flag) {
        return plan.commands().stream().filter(c -> c.program().equals("postconf") && c.argv().get(1).equals(flag)).toList();
    }

    @Test
    void appliesEveryMainCfChangeInOnePostconfCall() {
        Plan plan = PostfixPlanner.plan(Specs.typical().build(), Specs.stock(), NO_PROBE);

        List<Command> edits = postconf(plan, "-e");
        assertThat(edits).hasSize(1);
        assertThat(edits.get(0).argv()).contains("myhostname=mail.example.com", "myorigin=example.com",
                "mynetworks=127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128 192.168.1.0/24 [2001:db8::]/48",
                "smtpd_relay_restrictions=permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
                "smtpd_tls_protocols=!SSLv2, !SSLv3, !TLSv1, !TLSv1.1", "smtpd_tls_mandatory_protocols=!SSLv2, !SSLv3, !TLSv1, !TLSv1.1",
                "smtpd_tls_auth_only=yes", "disable_vrfy_command=yes", "message_size_limit=52428800",
                "default_process_limit=100");
        assertThat(postconf(plan, "-M")).hasSize(1);
    }

    @Test
    void plansOnlyTheKeysThatDiffer() {
        MailServerSpec spec = Specs.typical().build();
        // the stock host already has inet_interfaces = all and inet_protocols = all
        Plan plan = PostfixPlanner.plan(spec, Specs.stock(), NO_PROBE);

        assertThat(postconf(plan, "-e").get(0).argv()).noneMatch(a -> a.startsWith("inet_interfaces=") || a.startsWith("inet_protocols="))
                .noneMatch(a -> a.startsWith("relayhost="));
    }

    @Test
    void aConvergedHostYieldsAnEmptyPlan() {
        MailServerSpec spec = Specs.typical().build();

        Plan plan = PostfixPlanner.plan(spec, Specs.converged(spec), NO_PROBE);

        assertThat(plan.isEmpty()).as(plan.render()).isTrue();
        assertThat(plan.render()).contains("nothing to do");
    }

    @Test
    void oneDifferingKeyGivesOneKeyToSetAndAReloadNotARestart() {
        MailServerSpec spec = Specs.typical().build();

        Plan plan = PostfixPlanner.plan(spec, Specs.with(Specs.converged(spec), "message_size_limit", "10240000"), NO_PROBE);

        assertThat(postconf(plan, "-e").get(0).argv()).containsExactly("postconf", "-e", "message_size_limit=52428800");
        assertThat(plan.commands()).contains(ReloadAction.attempt("reload")).doesNotContain(ReloadAction.attempt("stop"));
        assertThat(recordWritten(plan)).as("the record already names the key").isEmpty();
    }

    @Test
    void changingListeningAddressesRestartsInsteadOfReloading() {
        MailServerSpec spec = Specs.typical().ipFamilies(IpFamily.IPV4).build();

        Plan plan = PostfixPlanner.plan(spec, Specs.converged(Specs.typical().build()), NO_PROBE);

        assertThat(postconf(plan, "-e").get(0).argv()).contains("inet_protocols=ipv4");
        assertThat(plan.commands()).contains(ReloadAction.attempt("stop"), ReloadAction.postfix("start"));
    }

    @Test
    void inetProtocolsIsNeverEmpty() {
        for (IpFamily[] families : List.of(new IpFamily[] {IpFamily.IPV4}, new IpFamily[] {IpFamily.IPV6},
                new IpFamily[] {IpFamily.IPV4, IpFamily.IPV6})) {
            String value = PostfixSettings.mainCf(Specs.typical().ipFamilies(families).build()).get("inet_protocols");
            assertThat(value).isIn("ipv4", "ipv6", "all");
        }
        Plan plan = PostfixPlanner.plan(Specs.typical().build(), Specs.with(Specs.stock(), "inet_protocols", ""), NO_PROBE);
        assertThat(postconf(plan, "-e").get(0).argv()).contains("inet_protocols=all");
    }

    @Test
    void backsUpBothFilesBeforeAnyEditAndKeepsTheOriginalsOnFirstApply() {
        Plan plan = PostfixPlanner.plan(Specs.typical().build(), Specs.stock(), NO_PROBE);

        List<Command> first = plan.steps().get(0).action().commands();
        assertThat(first).contains(FileCommands.copy(PostfixPaths.MAIN_CF, PostfixPaths.ORIGINAL_MAIN_CF),
                FileCommands.copy(PostfixPaths.MASTER_CF, PostfixPaths.ORIGINAL_MASTER_CF));
        assertThat(first.get(first.size() - 2).argv()).containsExactly("cp", "-p", "--parents", "--", PostfixPaths.MAIN_CF,
                PostfixPaths.MASTER_CF, PostfixPaths.ROLLBACK_DIR);
        assertThat(first.get(first.size() - 1).argv()).containsExactly("install", "-m", "0600", "-o", "root", "-g", "root",
                "/dev/stdin", PostfixPaths.RECORD);
        assertThat(plan.steps().get(plan.steps().size() - 1).action().commands()).startsWith(ReloadAction.postfix("check"));
        assertThat(plan.rollbackCheck()).isPresent();
    }

    @Test
    void undoingTheBackupPutsTheRecordBackBeforeItDropsTheRollbackCopies() {
        MailServerSpec spec = Specs.typical().build();
        PostfixSnapshot converged = Specs.converged(spec);
        PostfixSnapshot olderRecord = Specs.snapshot(converged.parameters(), converged.services(), converged.files(),
                converged.record().withMainKey("smtpd_banner", Optional.empty()));
        MailServerSpec bigger = spec.toBuilder().maxMessageSize(dev.portcullis.DataSize.ofMegabytes(60)).build();
        OwnershipRecord unchanged = PostfixPlannerTest.recordWritten(PostfixPlanner.plan(bigger, converged, NO_PROBE))
                .orElse(null);
        assertThat(unchanged).as("a spec change on recorded keys writes no record").isNull();

        Plan plan = PostfixPlanner.plan(Specs.typical().virtualMailboxes(dev.portcullis.VirtualMailboxes.staticMap(
                java.util.Map.of("alice@example.com", "example.com/alice/"))).build(), olderRecord, NO_PROBE);

        assertThat(plan.steps().get(0).undo().action().orElseThrow().commands()).containsExactly(
                FileCommands.copy(PostfixPaths.rollbackCopy(PostfixPaths.RECORD), PostfixPaths.RECORD),
                FileCommands.removeOwnDirectory(PostfixPaths.ROLLBACK_DIR));
        assertThat(plan.steps().get(0).probe().commands().get(0).argv()).contains(PostfixPaths.RECORD,
                PostfixPaths.rollbackCopy(PostfixPaths.RECORD));
    }

    @Test
    void recordsTheOriginalValueOfEveryKeyItSets() {
        Plan plan = PostfixPlanner.plan(Specs.typical().build(), Specs.stock(), NO_PROBE);

        OwnershipRecord r = recordWritten(plan).orElseThrow();
        assertThat(r.mainKeys()).containsEntry("myhostname", Optional.of("testhost.portcullis.test"))
                .containsEntry("message_size_limit", Optional.empty())
                .containsEntry("smtpd_relay_restrictions", Optional.of("permit_mynetworks permit_sasl_authenticated defer_unauth_destination"));
        assertThat(r.services()).containsEntry("submission/inet", Optional.empty());
    }

    @Test
    void keysItSetEarlierThatTheSpecNoLongerWantsGoBackToTheirOriginals() {
        MailServerSpec withSubmission = Specs.typical().build();
        MailServerSpec without = Specs.typical().relayHost("smarthost.example.net", 587).build().toBuilder().build();
        PostfixSnapshot s = Specs.converged(withSubmission);
        // pretend an earlier spec also set virtual_minimum_uid, which was not set before
        OwnershipRecord r = s.record().withMainKey("virtual_minimum_uid", Optional.empty());
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>(s.parameters());
        params.put("virtual_minimum_uid", "50");
        PostfixSnapshot earlier = Specs.snapshot(params, s.services(), s.files(), r);

        Plan plan = PostfixPlanner.plan(without, earlier, NO_PROBE);

        assertThat(postconf(plan, "-X")).singleElement().satisfies(c -> assertThat(c.argv()).containsExactly("postconf", "-X",
                "virtual_minimum_uid"));
        assertThat(postconf(plan, "-e").get(0).argv()).contains("relayhost=[smarthost.example.net]:587");
    }

    @Test
    void aServiceItAddedIsDeletedWhenTheSpecDropsIt() {
        PostfixSnapshot s = Specs.converged(Specs.typical().build());
        MailServerSpec noSubmission = Specs.typical().build().toBuilder().build();
        MailServerSpec.Builder b = MailServerSpec.forHost("mail.example.com").origin("example.com")
                .acceptMailFor("example.com", "example.org").trustNetworks("192.168.1.0/24", "2001:db8::/48")
                .tls(noSubmission.tls().orElseThrow()).maxMessageSize(noSubmission.maxMessageSize());

        Plan plan = PostfixPlanner.plan(b.build(), s, NO_PROBE);

        assertThat(postconf(plan, "-MX")).singleElement().satisfies(c -> assertThat(c.argv()).containsExactly("postconf", "-MX",
                "submission/inet"));
    }

    @Test
    void aSelfSignedCertificateIsGeneratedWithAWarning() {
        MailServerSpec spec = Specs.typical().tls(Tls.selfSigned(Path.of("/etc/postfix/tls/mail.pem"),
                Path.of("/etc/postfix/tls/mail.key")).minimumVersion(TlsVersion.TLS_1_3)).build();

        Plan plan = PostfixPlanner.plan(spec, Specs.stock(), NO_PROBE);

        assertThat(plan.notes()).anyMatch(n -> n.startsWith("WARNING: TLS uses a self-signed certificate"));
        assertThat(plan.commands()).anySatisfy(c -> assertThat(c.argv()).startsWith("openssl", "req", "-x509")
                .contains("/CN=mail.example.com", "-keyout", "/etc/postfix/tls/mail.key", "-out", "/etc/postfix/tls/mail.pem"));
        assertThat(postconf(plan, "-e").get(0).argv()).contains("smtpd_tls_protocols=!SSLv2, !SSLv3, !TLSv1, !TLSv1.1, !TLSv1.2");
    }

    @Test
    void refusesToPlanTlsWhoseFilesAreMissing() {
        MailServerSpec spec = Specs.typical().tls(Tls.fromFiles(Path.of("/etc/ssl/certs/none.pem"), Specs.KEY)).build();

        assertThatThrownBy(() -> PostfixPlanner.plan(spec, Specs.stock(), NO_PROBE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/etc/ssl/certs/none.pem is missing");
    }

    @Test
    void theFinalCheckIsTheSmtpProbeAndNotesSayWhenThereIsNone() {
        MailServerSpec spec = Specs.typical().build();
        ProbeTarget target = new ProbeTarget(Optional.of("192.0.2.25"), Duration.ofSeconds(5), "");

        assertThat(PostfixPlanner.plan(spec, Specs.stock(), target).finalCheck()).hasValueSatisfying(
                p -> assertThat(p.description()).startsWith("SMTP probe of 192.0.2.25"));
        Plan none = PostfixPlanner.plan(spec, Specs.stock(), NO_PROBE);
        assertThat(none.finalCheck()).isEmpty();
        assertThat(none.notes()).contains("SMTP probe turned off");
    }

    @Test
    void staticMailboxesAreWrittenAndCompiledWithPostmap() {
        MailServerSpec spec = Specs.typical().virtualMailboxes(dev.portcullis.VirtualMailboxes.staticMap(
                java.util.Map.of("alice@example.com", "example.com/alice/"))).build();

        Plan plan = PostfixPlanner.plan(spec, Specs.stock(), NO_PROBE);

        assertThat(plan.commands()).contains(Command.of("postmap", "hash:" + PostfixPaths.STATIC_MAILBOX_MAP));
        assertThat(plan.render()).contains("alice@example.com example.com/alice/");
        assertThat(postconf(plan, "-e").get(0).argv()).contains("virtual_mailbox_maps=hash:" + PostfixPaths.STATIC_MAILBOX_MAP,
                "virtual_mailbox_domains=example.com, example.org", "mydestination=$myhostname, localhost.$mydomain, localhost");
    }
}
