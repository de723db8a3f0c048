package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.RelayHost;
import dev.portcullis.SecretRef;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A relay host with a login: SASL and TLS towards the relay, the login in a 0600 map whose password is never shown. */
class RelayHostLoginTest {

    static final String PASSWORD = "ses-Smtp-Pa55word/with+symbols";
    static final String MAP = PostfixPaths.RELAY_PASSWORD_MAP;

    @TempDir
    Path dir;

    SecretRef password() throws IOException {
        Path file = dir.resolve("relay-password");
        Files.writeString(file, PASSWORD + "\n", StandardCharsets.UTF_8);
        return SecretRef.file(file);
    }

    MailServerSpec spec(RelayHost.Builder relay) {
        return Specs.typical().relayHost(relay.build()).build();
    }

    MailServerSpec ses() throws IOException {
        return spec(RelayHost.builder("email-smtp.eu-west-1.amazonaws.com", 587).credentials("AKIAIOSFODNN7EXAMPLE", password()));
    }

    @Test
    void aLoginTurnsOnSaslWithItsOwnMapAndRequiresTlsTowardsTheRelay() throws IOException {
        Map<String, String> p = PostfixSettings.mainCf(ses());

        assertThat(p).containsEntry("relayhost", "[email-smtp.eu-west-1.amazonaws.com]:587")
                .containsEntry("smtp_sasl_auth_enable", "yes")
                .containsEntry("smtp_sasl_password_maps", "hash:" + MAP)
                .containsEntry("smtp_sasl_security_options", "noplaintext, noanonymous")
                .containsEntry("smtp_sasl_tls_security_options", "noanonymous")
                .containsEntry("smtp_tls_security_level", "encrypt")
                .doesNotContainKeys("smtp_tls_CAfile", "smtp_tls_wrappermode");
    }

    @Test
    void aCaFileVerifiesTheRelayAndPort465SpeaksTlsFromTheFirstByte() throws IOException {
        Map<String, String> p = PostfixSettings.mainCf(spec(RelayHost.builder("smtpdm.aliyun.com", 465)
                .credentials("sender@mail.example.com", password()).trustedCa(Path.of("/etc/ssl/certs/ca-certificates.crt"))));

        assertThat(p).containsEntry("smtp_tls_security_level", "secure")
                .containsEntry("smtp_tls_CAfile", "/etc/ssl/certs/ca-certificates.crt")
                .containsEntry("smtp_tls_wrappermode", "yes");
    }

    @Test
    void aRelayWithoutLoginOnPort25AddsNothingBesideRelayhost() {
        MailServerSpec plain = Specs.typical().relayHost("smarthost.example.net", 25).build();

        assertThat(PostfixSettings.mainCf(plain).keySet()).noneMatch(k -> k.startsWith("smtp_"));
        assertThat(PostfixSettings.mapFiles(plain)).noneMatch(m -> m.path().equals(MAP));
    }

    @Test
    void theLoginMapIs0600RootCompiledWithPostmapAndShownWithTheReferenceOnly() throws IOException {
        Plan plan = PostfixPlanner.plan(ses(), Specs.stock(), PostfixPlannerTest.NO_PROBE);

        assertThat(plan.render()).doesNotContain(PASSWORD).contains("[stdin redacted")
                .contains("install -m 0600 -o root -g root /dev/stdin " + MAP)
                .contains("postmap hash:" + MAP);
        Command write = plan.commands().stream().filter(c -> c.argv().contains(MAP) && c.program().equals("install"))
                .findFirst().orElseThrow();
        assertThat(write.stdinSensitive()).isTrue();
        assertThat(PostfixPlannerTest.recordWritten(plan).orElseThrow().files()).contains(MAP, MAP + ".db");
        // the map is written before the one postconf -e that points Postfix at it
        List<String> programs = plan.commands().stream().map(c -> String.join(" ", c.argv())).toList();
        assertThat(programs.indexOf("postmap hash:" + MAP)).isLessThan(indexOf(programs, "postconf -e"));
    }

    /** @return a plan of the map step's action alone, with no probe: what the host receives, without a host */
    private static Plan mapActionOnly(MailServerSpec spec) {
        return Plan.builder("postfix", "test").step(Step.of("write maps", new WriteMapFilesAction(PostfixSettings.mapFiles(spec)),
                dev.portcullis.plan.Probe.none("test"), dev.portcullis.plan.Undo.by(dev.portcullis.plan.StepAction.commands(
                        List.of())))).build();
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void thePasswordReachesTheHostAsSensitiveStdinOfInstallOnly() throws IOException {
        RecordingCommandRunner runner = new RecordingCommandRunner();

        ApplyReport report = PlanExecutor.on(runner).execute(mapActionOnly(ses()));

        List<Command> carrying = runner.commands().stream().filter(c -> c.stdin().map(b -> new String(b, StandardCharsets.UTF_8))
                .orElse("").contains(PASSWORD)).toList();
        assertThat(carrying).hasSize(1);
        assertThat(carrying.get(0).argv()).containsExactly("install", "-m", "0600", "-o", "root", "-g", "root", "/dev/stdin", MAP);
        assertThat(carrying.get(0).stdinSensitive()).isTrue();
        assertThat(new String(carrying.get(0).stdin().orElseThrow(), StandardCharsets.UTF_8))
                .endsWith("\n[email-smtp.eu-west-1.amazonaws.com]:587 AKIAIOSFODNN7EXAMPLE:" + PASSWORD + "\n");
        assertThat(runner.commands()).noneMatch(c -> c.argv().stream().anyMatch(a -> a.contains(PASSWORD)));
        assertThat(report.toJson()).doesNotContain(PASSWORD);
        assertThat(report.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void neitherTheMapNorItsDbIsEverDigestedButComparedByCmp() throws IOException {
        MailServerSpec spec = ses();
        Plan plan = PostfixPlanner.plan(spec, Specs.stock(), PostfixPlannerTest.NO_PROBE);

        List<Command> everything = new ArrayList<>(List.of(PostfixSnapshot.digestCommand(PostfixPlanner.watchedPaths(spec))));
        for (Step s : plan.steps()) {
            everything.addAll(s.action().commands());
            everything.addAll(s.probe().commands());
            s.undo().action().ifPresent(u -> everything.addAll(u.commands()));
        }
        everything.addAll(plan.rollbackCheck().orElseThrow().commands());

        assertThat(PostfixPaths.holdsSecret(MAP + ".db")).isTrue();
        assertThat(everything).filteredOn(c -> c.program().equals("sha256sum"))
                .allSatisfy(c -> assertThat(c.argv()).noneMatch(PostfixPaths::holdsSecret));
        assertThat(everything).anySatisfy(c -> assertThat(c.argv()).containsExactly("cmp", "-s", "--",
                PostfixPaths.rollbackCopy(MAP + ".db"), MAP + ".db"));
        assertThat(everything).anySatisfy(c -> assertThat(c.argv()).startsWith("stat").contains(MAP, MAP + ".db"));
    }

    @Test
    void theMapStepFailsWhenTheMapOrItsDbIsNot0600Root() throws IOException {
        MailServerSpec spec = ses();
        Step mapStep = PostfixPlanner.plan(spec, Specs.stock(), PostfixPlannerTest.NO_PROBE).steps().stream()
                .filter(s -> s.description().startsWith("write map files")).findFirst().orElseThrow();
        String twin = PostfixPaths.redactedTwin(MAP);
        String twinDigest = PostfixSettings.mapFiles(spec).stream().filter(m -> m.path().equals(MAP)).findFirst()
                .orElseThrow().expectedDigest();
        RecordingCommandRunner loose = new RecordingCommandRunner()
                .answer(twinDigest + "  " + twin + "\n", "sha256sum")
                .answer(MAP + " 600 root root\n" + MAP + ".db 644 root root\n", "stat");

        ApplyReport report = PlanExecutor.on(loose).execute(Plan.builder("postfix", "test").step(mapStep).build());

        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.failedStep().orElseThrow().finding()).contains(MAP + ".db is missing or not 600 root root");
    }

    @Test
    void aPasswordWithWhiteSpaceAroundItIsRefusedNamingOnlyItsReference() throws IOException {
        Path file = dir.resolve("padded");
        Files.writeString(file, " " + PASSWORD + "\n", StandardCharsets.UTF_8);
        MailServerSpec spec = spec(RelayHost.builder("relay.example.net", 587).credentials("apikey", SecretRef.file(file)));

        ApplyReport report = PlanExecutor.on(new RecordingCommandRunner()).execute(mapActionOnly(spec));

        assertThat(report.failedStep().orElseThrow().finding()).contains("file:" + file, "white space").doesNotContain(PASSWORD);
    }

    @Test
    void aConvergedRelayLoginPlansNothingAndAChangedLoginRewritesTheMap() throws IOException {
        MailServerSpec spec = ses();
        assertThat(PostfixPlanner.plan(spec, Specs.converged(spec), PostfixPlannerTest.NO_PROBE).steps()).isEmpty();

        MailServerSpec other = spec(RelayHost.builder("email-smtp.eu-west-1.amazonaws.com", 587)
                .credentials("AKIANEWKEY", password()));
        Plan plan = PostfixPlanner.plan(other, Specs.converged(spec), PostfixPlannerTest.NO_PROBE);
        assertThat(plan.render()).contains("postmap hash:" + MAP).doesNotContain(PASSWORD);
    }

    @Test
    void verifyShowsTheRelaysReplyToDeferredMailAndNothingForOtherHosts() throws IOException {
        MailServerSpec spec = ses();
        String queue = Captured.read("postqueue-j-relay-535.txt");
        CommandResult result = new CommandResult(RelayQueue.read(), 0, queue, "", Duration.ZERO, false);

        assertThat(RelayQueue.drifts(spec, result)).isEmpty(); // the captured queue waits for another relay

        MailServerSpec smarthost = spec(RelayHost.builder("smarthost.portcullis.test", 587).credentials("relay", password()));
        // a wrong password (535), and the real line of a host without Cyrus's PLAIN (libsasl2-modules)
        assertThat(RelayQueue.drifts(smarthost, result)).hasSize(2).allSatisfy(d -> assertThat(d.subject())
                .isEqualTo("relayHost smarthost.portcullis.test")).satisfiesExactly(
                        d -> assertThat(d.actual()).startsWith("1 recipient(s) deferred: SASL authentication failed;")
                                .contains("535 5.7.8 Error: authentication failed"),
                        d -> assertThat(d.actual()).endsWith("no mechanism available"));
        assertThat(RelayQueue.drifts(smarthost, new CommandResult(RelayQueue.read(), 69, "", "postqueue: fatal", Duration.ZERO,
                false))).isEmpty();
    }
}
