package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.LoginPassword;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SecretRef;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submission logins become Dovecot's passdb: planned before Postfix's edits, hashed at apply time, never shown. */
class DovecotAuthTest {

    static final String PASSWORD = "Corr3ct-Horse-Battery";
    static final String ADMIN_HASH = "{SHA512-CRYPT}$6$abcdefgh$0123456789abcdefABCDEF./";

    @TempDir
    Path dir;

    MailServerSpec spec() throws IOException {
        Path file = dir.resolve("alice");
        Files.writeString(file, PASSWORD + "\n", StandardCharsets.UTF_8);
        return Specs.typical().virtualMailboxes(VirtualMailboxes.staticMap(Map.of("alice@example.com", "example.com/alice/",
                "bob@example.com", "example.com/bob/"))
                .withLogin("alice@example.com", LoginPassword.secret(SecretRef.file(file)))
                .withLogin("bob@example.com", LoginPassword.hashed(ADMIN_HASH))).build();
    }

    static Step dovecotStep(Plan plan) {
        return plan.steps().stream().filter(s -> s.description().startsWith("configure Dovecot")).findFirst().orElseThrow();
    }

    @Test
    void hashesExactlyAsDoveadmPwDoes() {
        // printed by `doveadm pw -s PBKDF2 -p secret` (Dovecot 2.3.19, Debian 12) in the test host
        assertThat(DovecotPasswordHash.pbkdf2("secret", "7ZU8TOqMzGKYxZyS", 5000))
                .isEqualTo("{PBKDF2}$1$7ZU8TOqMzGKYxZyS$5000$478671c5cc2620b833c3ed0c40bed2aa0059d298");
        assertThat(DovecotPasswordHash.pbkdf2("secret")).as("a fresh salt each time")
                .isNotEqualTo(DovecotPasswordHash.pbkdf2("secret")).startsWith("{PBKDF2}$1$");
    }

    @Test
    void plansDovecotBeforePostfixIsEditedAndShowsNoPassword() throws IOException {
        Plan plan = PostfixPlanner.plan(spec(), Specs.stock(), PostfixPlannerTest.NO_PROBE);

        List<String> steps = plan.steps().stream().map(Step::description).toList();
        int dovecot = steps.indexOf(dovecotStep(plan).description());
        assertThat(steps.get(dovecot + 1)).startsWith("set ").contains("main.cf parameters");
        assertThat(plan.render()).doesNotContain(PASSWORD)
                .contains("install -m 0640 -o root -g dovecot /dev/stdin " + DovecotAuth.USERS + " <<< [stdin redacted]")
                .contains("install -m 0640 -o root -g dovecot /dev/stdin " + DovecotAuth.CONFIG)
                .contains("unix_listener /var/spool/postfix/private/auth");
        assertThat(plan.commands()).extracting(Command::argv).contains(List.of("doveconf", "-h", "base_dir"),
                List.of("doveadm", "reload"), List.of("dovecot"));
        assertThat(plan.rollbackCheck().orElseThrow().commands()).extracting(Command::argv)
                .contains(List.of("cmp", "-s", "--", PostfixPaths.rollbackCopy(DovecotAuth.USERS), DovecotAuth.USERS))
                .noneMatch(argv -> argv.get(0).equals("sha256sum") && argv.contains(DovecotAuth.USERS));
    }

    @Test
    void theUsersFileHoldsASaltedHashOfTheResolvedPasswordAndTheAdminsHashAsGiven() throws IOException {
        Step step = dovecotStep(PostfixPlanner.plan(spec(), Specs.stock(), PostfixPlannerTest.NO_PROBE));
        RecordingCommandRunner runner = new RecordingCommandRunner().answer(0, "", "doveadm");

        step.action().run(new StepContext(runner));

        Command users = runner.commands().stream().filter(c -> c.argv().contains(DovecotAuth.USERS)).findFirst().orElseThrow();
        assertThat(users.stdinSensitive()).isTrue();
        String written = new String(users.stdin().orElseThrow(), StandardCharsets.UTF_8);
        assertThat(written).doesNotContain(PASSWORD).contains("bob@example.com:" + ADMIN_HASH + "::::::\n");
        Matcher m = Pattern.compile("alice@example.com:(\\{PBKDF2\\}\\$1\\$([^$]+)\\$5000\\$[0-9a-f]{40})::::::\n").matcher(written);
        assertThat(m.find()).as(written).isTrue();
        assertThat(DovecotPasswordHash.pbkdf2(PASSWORD, m.group(2), 5000)).isEqualTo(m.group(1));
        assertThat(runner.commands()).extracting(Command::program).doesNotContain("dovecot"); // it ran: reload, no start
    }

    @Test
    void aConvergedHostHasNoDovecotStepAndAChangedLoginHasOne() throws IOException {
        MailServerSpec spec = spec();
        PostfixSnapshot converged = MailboxBaseDirectoryTest.withDirectory(Specs.converged(spec), "/var/mail/vhosts",
                new DirectoryState(5000, 5000, "directory"));

        assertThat(PostfixPlanner.plan(spec, converged, PostfixPlannerTest.NO_PROBE).steps()).isEmpty();

        MailServerSpec changed = spec.toBuilder().virtualMailboxes(spec.virtualMailboxes()
                .withLogin("bob@example.com", LoginPassword.hashed("{BLF-CRYPT}$2y$05$abcdefghijklmnopqrstuv"))).build();
        Plan plan = PostfixPlanner.plan(changed, converged, PostfixPlannerTest.NO_PROBE);
        assertThat(plan.steps()).extracting(Step::description).anyMatch(d -> d.startsWith("configure Dovecot"))
                .noneMatch(d -> d.contains("main.cf parameters"));
    }

    @Test
    void removalDeletesTheDovecotFilesThenReloadsDovecot() throws IOException {
        MailServerSpec spec = spec();
        PostfixSnapshot converged = Specs.converged(spec);
        PostfixSnapshot recorded = Specs.snapshot(converged.parameters(), converged.services(), converged.files(),
                converged.record().withFile(DovecotAuth.CONFIG).withFile(DovecotAuth.USERS));

        Plan plan = PostfixRemovalPlanner.plan(spec, recorded);

        List<String> steps = plan.steps().stream().map(Step::description).toList();
        int delete = steps.indexOf(steps.stream().filter(d -> d.startsWith("delete the files")).findFirst().orElseThrow());
        assertThat(steps.get(delete)).contains(DovecotAuth.CONFIG).contains(DovecotAuth.USERS);
        assertThat(steps.get(delete + 1)).startsWith("reload Dovecot");
    }

    @Test
    void withoutLoginsOrWithCyrusPortcullisLeavesDovecotAlone() {
        assertThat(DovecotAuth.forSpec(Specs.typical().build())).isEmpty();
        MailServerSpec cyrus = Specs.typical().configure(Specs::withLogin).postfix(dev.portcullis.PostfixTuning.builder()
                .sasl(dev.portcullis.SaslType.CYRUS, "smtpd").build()).build();
        assertThat(DovecotAuth.forSpec(cyrus)).isEmpty();
        assertThat(PostfixPlanner.plan(cyrus, Specs.stock(), PostfixPlannerTest.NO_PROBE).notes())
                .anyMatch(n -> n.startsWith("WARNING: submission hands logins to Cyrus SASL"));
        assertThat(Optional.of(DovecotAuth.saslSocket(Specs.typical().build()))).contains("/var/spool/postfix/private/auth");
    }

    @Test
    void afterTheBackupsOwnUndoDroppedTheCopiesTheUnchangedTwinWitnessesTheUsersFile() throws IOException {
        MailServerSpec spec = spec();
        PostfixSnapshot converged = Specs.converged(spec);
        MailServerSpec changed = spec.toBuilder().virtualMailboxes(spec.virtualMailboxes()
                .withLogin("bob@example.com", LoginPassword.hashed("{BLF-CRYPT}$2y$05$abcdefghijklmnopqrstuv"))).build();
        dev.portcullis.plan.Probe check = PostfixPlanner.plan(changed, converged, PostfixPlannerTest.NO_PROBE).rollbackCheck()
                .orElseThrow();
        StringBuilder asBefore = new StringBuilder();
        converged.files().asMap().forEach((path, digest) -> asBefore.append(digest).append("  ").append(path).append('\n'));

        // cmp exits 2: the rollback copy is gone with the folder the backup's undo removed last
        RecordingCommandRunner twinAsBefore = new RecordingCommandRunner().answer(1, asBefore.toString(), "sha256sum")
                .answer(2, "", "cmp");
        RecordingCommandRunner twinChanged = new RecordingCommandRunner().answer(1, asBefore.toString()
                .replace(converged.files().digest(DovecotAuth.usersTwin()).orElseThrow(), "9".repeat(64)), "sha256sum")
                .answer(2, "", "cmp");
        RecordingCommandRunner fileDiffers = new RecordingCommandRunner().answer(1, asBefore.toString(), "sha256sum")
                .answer(1, "", "cmp");

        assertThat(check.check(new StepContext(twinAsBefore)).ok()).isTrue();
        assertThat(check.check(new StepContext(twinChanged)).message()).contains(DovecotAuth.USERS + " differs");
        assertThat(check.check(new StepContext(fileDiffers)).message()).contains(DovecotAuth.USERS + " differs");
    }
}
