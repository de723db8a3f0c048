package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mailbox folder: which ones are refused, and how creating or taking one over is recorded and undone. */
class MailboxBaseDirectoryTest {

    static MailServerSpec spec(String base, int uid, int gid) {
        return Specs.typical().virtualMailboxes(VirtualMailboxes.staticMap(Map.of("alice@example.com", "example.com/alice/"))
                .baseDirectory(base).owner(uid, gid)).build();
    }

    static PostfixSnapshot withDirectory(PostfixSnapshot s, String path, DirectoryState state) {
        return Specs.snapshot(s.parameters(), s.services(), s.files(), s.record(), Map.of(path, state));
    }

    static Optional<Step> folderStep(Plan plan) {
        return plan.steps().stream().filter(st -> st.description().contains("mailbox folder")).findFirst();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/etc", "/etc/", "//etc", "/etc/postfix/mail", "/usr", "/usr/local/mail", "/var", "/bin", "/boot",
        "/root", "/root/mail", "/home", "/var/spool/postfix", "/var/spool/postfix/virtual", "/var/mail", "/tmp/mail", "/var/log"})
    void refusesASystemFolderAsMailboxBaseBeforeAnyCommand(String base) {
        MailServerSpec spec = spec(base, 1000, 1000);

        assertThatThrownBy(() -> PostfixPlanner.plan(spec, Specs.stock(), PostfixPlannerTest.NO_PROBE))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p.toString()).contains("virtualMailboxes.baseDirectory")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/mail/vhosts", "/home/vmail", "/srv/mail", "/var/vmail", "/opt/mail/boxes"})
    void acceptsAFolderOfItsOwnBelowASystemFolder(String base) {
        assertThat(MailboxBaseDirectory.systemDirectoryProblem(base)).isEmpty();
    }

    @Test
    void refusesAnExistingFolderThatAnotherAccountOwns() {
        MailServerSpec spec = spec("/home/alice", 5000, 5000);
        PostfixSnapshot s = withDirectory(Specs.stock(), "/home/alice", new DirectoryState(1000, 1000, "directory"));

        assertThatThrownBy(() -> PostfixPlanner.plan(spec, s, PostfixPlannerTest.NO_PROBE))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("virtualMailboxes.baseDirectory")
                .hasMessageContaining("/home/alice exists and belongs to uid 1000");
    }

    @Test
    void refusesASymbolicLinkBecauseChownWouldFollowIt() {
        MailServerSpec spec = spec("/srv/mail", 5000, 5000);
        PostfixSnapshot s = withDirectory(Specs.stock(), "/srv/mail", new DirectoryState(0, 0, "symbolic link"));

        assertThatThrownBy(() -> PostfixPlanner.plan(spec, s, PostfixPlannerTest.NO_PROBE))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("/srv/mail is a symbolic link");
    }

    @Test
    void createsAMissingFolderRecordsThatItDidAndDeletesItOnRollback() {
        Plan plan = PostfixPlanner.plan(spec("/srv/mail", 5000, 5000), Specs.stock(), PostfixPlannerTest.NO_PROBE);

        Step step = folderStep(plan).orElseThrow();
        assertThat(step.action().commands()).extracting(Command::argv).containsExactly(
                List.of("mkdir", "-p", "--", "/srv/mail"), List.of("chown", "-h", "5000:5000", "--", "/srv/mail"));
        assertThat(step.undo().action().orElseThrow().commands()).extracting(Command::argv)
                .containsExactly(List.of("rmdir", "--", "/srv/mail"));
        assertThat(recordOf(plan).directories()).containsEntry("/srv/mail", Optional.empty());
        assertThat(plan.rollbackCheck().orElseThrow().commands()).contains(PostfixSnapshot.statCommand(List.of("/srv/mail")));
    }

    @Test
    void takesOverARootOwnedFolderWithAWarningAndGivesItBackOnRollback() {
        MailServerSpec spec = spec("/srv/mail", 5000, 5000);
        PostfixSnapshot s = withDirectory(Specs.stock(), "/srv/mail", new DirectoryState(0, 0, "directory"));

        Plan plan = PostfixPlanner.plan(spec, s, PostfixPlannerTest.NO_PROBE);

        Step step = folderStep(plan).orElseThrow();
        assertThat(step.action().commands()).extracting(Command::argv)
                .containsExactly(List.of("chown", "-h", "5000:5000", "--", "/srv/mail"));
        assertThat(step.undo().action().orElseThrow().commands()).extracting(Command::argv)
                .containsExactly(List.of("chown", "-h", "0:0", "--", "/srv/mail"));
        assertThat(recordOf(plan).directories()).containsEntry("/srv/mail", Optional.of("0:0"));
        assertThat(plan.render()).contains("WARNING: takes over the existing folder /srv/mail as the mailbox folder: owner 0:0"
                + " -> 5000:5000");
    }

    @Test
    void leavesAFolderAlreadyOwnedByTheMailboxOwnerAlone() {
        MailServerSpec spec = spec("/var/mail/vhosts", 5000, 5000);
        PostfixSnapshot s = withDirectory(Specs.converged(spec), "/var/mail/vhosts", new DirectoryState(5000, 5000, "directory"));

        Plan plan = PostfixPlanner.plan(spec, s, PostfixPlannerTest.NO_PROBE);

        assertThat(plan.isEmpty()).as(plan.render()).isTrue();
    }

    @Test
    void removeGivesATakenOverFolderBackToItsOwnerBefore() {
        MailServerSpec spec = spec("/srv/mail", 5000, 5000);
        PostfixSnapshot converged = Specs.converged(spec);
        PostfixSnapshot s = Specs.snapshot(converged.parameters(), converged.services(), converged.files(),
                converged.record().withDirectory("/srv/mail", Optional.of("0:0")),
                Map.of("/srv/mail", new DirectoryState(5000, 5000, "directory")));

        Plan plan = PostfixRemovalPlanner.plan(spec, s);

        assertThat(plan.commands()).extracting(Command::argv).contains(List.of("chown", "-h", "0:0", "--", "/srv/mail"));
        assertThat(plan.rollbackCheck().orElseThrow().commands()).contains(PostfixSnapshot.statCommand(List.of("/srv/mail")));
        assertThat(plan.steps().get(plan.steps().size() - 1).description()).startsWith("delete Portcullis's own folder");
    }

    @Test
    void removeDeletesAFolderItCreatedOnlyWhileItHoldsNoMail() {
        MailServerSpec spec = spec("/srv/mail", 5000, 5000);
        PostfixSnapshot converged = Specs.converged(spec);
        PostfixSnapshot s = Specs.snapshot(converged.parameters(), converged.services(), converged.files(),
                converged.record().withDirectory("/srv/mail", Optional.empty()),
                Map.of("/srv/mail", new DirectoryState(5000, 5000, "directory")));

        Plan plan = PostfixRemovalPlanner.plan(spec, s);

        assertThat(plan.commands()).extracting(Command::argv)
                .contains(List.of("rmdir", "--ignore-fail-on-non-empty", "--", "/srv/mail"))
                .filteredOn(argv -> argv.contains("/srv/mail")).extracting(argv -> argv.get(0)).containsExactly("rmdir");
    }

    @Test
    void lowersVirtualMinimumUidOnlyWithAWarningNamingOldAndNewValue() {
        Plan plan = PostfixPlanner.plan(spec("/var/mail/vhosts", 8, 8), Specs.stock(), PostfixPlannerTest.NO_PROBE);

        assertThat(PostfixPlannerTest.postconf(plan, "-e").get(0).argv()).contains("virtual_minimum_uid=8");
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("WARNING: lowers virtual_minimum_uid from 100 (Postfix's default)"
                + " to 8"));
        assertThat(plan.render()).contains("WARNING: lowers virtual_minimum_uid from 100");
    }

    @Test
    void recordsTheFolderLinesSoRemoveFindsThemAgain() {
        OwnershipRecord r = OwnershipRecord.empty().withDirectory("/srv/mail", Optional.of("0:0"))
                .withDirectory("/var/mail/vhosts", Optional.empty()).withDirectory("/srv/mail", Optional.of("5000:5000"));

        assertThat(OwnershipRecord.parse(r.render())).isEqualTo(r);
        assertThat(r.directories()).containsEntry("/srv/mail", Optional.of("0:0"));
    }

    @Test
    void parsesStatOutputOfFoldersLinksAndMissingPaths() {
        Map<String, DirectoryState> d = DirectoryState.parse("/srv/mail\t0\t0\tdirectory\n/var/mail/vhosts\t5000\t5001\tsymbolic link\n");

        assertThat(d).containsEntry("/srv/mail", new DirectoryState(0, 0, "directory"))
                .containsEntry("/var/mail/vhosts", new DirectoryState(5000, 5001, "symbolic link")).hasSize(2);
        assertThat(d.get("/var/mail/vhosts").isDirectory()).isFalse();
    }

    private static OwnershipRecord recordOf(Plan plan) {
        return PostfixPlannerTest.recordWritten(plan).orElseThrow();
    }
}
