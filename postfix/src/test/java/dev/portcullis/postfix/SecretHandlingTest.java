package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.SecretRef;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.Undo;
import dev.portcullis.plan.StepAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MySQL password is resolved at apply time, reaches the host only through sensitive stdin, and is never shown. */
class SecretHandlingTest {

    static final String PASSWORD = "Tr0ub4dor&3-horse-battery";

    @TempDir
    Path dir;

    SecretRef password() throws IOException {
        Path file = dir.resolve("db-password");
        Files.writeString(file, PASSWORD + "\n", StandardCharsets.UTF_8);
        return SecretRef.file(file);
    }

    @Test
    void thePlanShowsTheReferenceNeverThePassword() throws IOException {
        MailServerSpec spec = Specs.mysql(password());

        Plan plan = PostfixPlanner.plan(spec, Specs.stock(),
                new ProbeTarget(Optional.empty(), Duration.ofSeconds(1), "no probe"));

        assertThat(plan.render()).doesNotContain(PASSWORD).contains("[stdin redacted")
                .contains("install -m 0640 -o root -g postfix /dev/stdin " + PostfixPaths.MYSQL_MAILBOX_MAP)
                .contains("password = <file:" + dir.resolve("db-password") + ">");
        assertThat(postconfArgs(plan)).contains("virtual_mailbox_maps=mysql:" + PostfixPaths.MYSQL_MAILBOX_MAP,
                "virtual_mailbox_domains=mysql:" + PostfixPaths.MYSQL_DOMAIN_MAP);
    }

    @Test
    void noDigestIsEverTakenOfAFileHoldingThePasswordNorOfItsRollbackCopy() throws IOException {
        MailServerSpec spec = Specs.mysql(password());
        Plan plan = PostfixPlanner.plan(spec, Specs.stock(),
                new ProbeTarget(Optional.empty(), Duration.ofSeconds(1), "no probe"));

        java.util.List<Command> everything = new java.util.ArrayList<>(
                java.util.List.of(PostfixSnapshot.digestCommand(PostfixPlanner.watchedPaths(spec))));
        for (Step s : plan.steps()) {
            everything.addAll(s.action().commands());
            everything.addAll(s.probe().commands());
            s.undo().action().ifPresent(u -> everything.addAll(u.commands()));
        }
        everything.addAll(plan.rollbackCheck().orElseThrow().commands());

        assertThat(everything).filteredOn(c -> c.program().equals("sha256sum"))
                .allSatisfy(c -> assertThat(c.argv()).noneMatch(PostfixPaths::holdsSecret));
        assertThat(everything).anySatisfy(c -> assertThat(c.argv()).startsWith("cmp", "-s"));
    }

    @Test
    void thePasswordReachesTheMapFileThroughSensitiveStdinOnly() throws IOException {
        MailServerSpec spec = Specs.mysql(password());
        RecordingCommandRunner runner = new RecordingCommandRunner();
        WriteMapFilesAction action = new WriteMapFilesAction(PostfixSettings.mapFiles(spec));

        ApplyReport report = PlanExecutor.on(runner).execute(plan(action));

        Command written = runner.commands().stream().filter(c -> c.argv().contains(PostfixPaths.MYSQL_MAILBOX_MAP)).findFirst()
                .orElseThrow();
        assertThat(written.stdinSensitive()).isTrue();
        assertThat(new String(written.stdin().orElseThrow(), StandardCharsets.UTF_8)).contains("password = " + PASSWORD + "\n")
                .contains("query = SELECT maildir FROM mailboxes WHERE email='%s'");
        assertThat(report.toJson()).doesNotContain(PASSWORD).contains("[stdin redacted");
        assertThat(report.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aFailedWriteNamesTheCommandButNotThePassword() throws IOException {
        MailServerSpec spec = Specs.mysql(password());
        RecordingCommandRunner runner = new RecordingCommandRunner().otherwise(c -> c.argv().contains(PostfixPaths.MYSQL_MAILBOX_MAP)
                ? new CommandResult(c, 1, "", "install: cannot create regular file: Read-only file system", Duration.ZERO, false)
                : CommandResult.of(c, 0, ""));

        ApplyReport report = PlanExecutor.on(runner).execute(plan(new WriteMapFilesAction(PostfixSettings.mapFiles(spec))));

        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.failedStep().orElseThrow().finding()).contains("Read-only file system").doesNotContain(PASSWORD);
        assertThat(report.toJson()).doesNotContain(PASSWORD);
    }

    @Test
    void aMissingSecretFailsNamingOnlyItsReference() {
        MailServerSpec spec = Specs.mysql(SecretRef.env("PORTCULLIS_TEST_SURELY_UNSET_PASSWORD"));

        ApplyReport report = PlanExecutor.on(new RecordingCommandRunner())
                .execute(plan(new WriteMapFilesAction(PostfixSettings.mapFiles(spec))));

        assertThat(report.failedStep().orElseThrow().finding()).contains("env:PORTCULLIS_TEST_SURELY_UNSET_PASSWORD");
    }

    private static Plan plan(StepAction action) {
        return Plan.builder("postfix", "test").step(Step.of("write maps", action, Probe.none("test"),
                Undo.by(StepAction.commands(java.util.List.of())))).build();
    }

    private static java.util.List<String> postconfArgs(Plan plan) {
        return plan.commands().stream().filter(c -> c.program().equals("postconf") && c.argv().get(1).equals("-e"))
                .findFirst().orElseThrow().argv();
    }
}
