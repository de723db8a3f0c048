package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.Plan;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.Backends;
import dev.portcullis.spi.HostFacts;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostfixBackendTest {

    static final HostFacts ROOT_WITH_POSTFIX = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).effectiveUid(0)
            .tools("postconf", "postfix", "postmap", "dovecot").build();

    /** @return a runner answering the snapshot reads as the stock Debian 12 test host does, with no record */
    static RecordingCommandRunner stockDebian() {
        return new RecordingCommandRunner()
                .answer(Captured.read("debian12-postconf-n.txt"), "postconf", "-n")
                .answer(Captured.read("debian12-postconf-M.txt"), "postconf", "-M")
                .answer(1, Captured.read("debian12-sha256sum.txt") + "0".repeat(64) + "  " + Specs.KEY + "\n", "sha256sum")
                .answer(1, "", "cat");
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(Backends.mailServers()).anyMatch(b -> b.id().equals("postfix") && b instanceof PostfixBackend);
    }

    @Test
    void supportsHostsWithPostconfWhenRoot() {
        PostfixBackend b = new PostfixBackend();

        assertThat(b.supports(ROOT_WITH_POSTFIX).supported()).isTrue();
        assertThat(b.supports(HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).effectiveUid(0).build()).reason())
                .contains("no postconf");
        assertThat(b.supports(ROOT_WITH_POSTFIX.toBuilder().effectiveUid(1000).build()).supported()).isFalse();
    }

    @Test
    void plansFromExactlyFourSnapshotReads() {
        RecordingCommandRunner runner = stockDebian();

        // without submission no SASL socket is looked at, without mailboxes no folder
        Plan plan = new PostfixBackend().plan(dev.portcullis.MailServerSpec.forHost("mail.example.com")
                .tls(dev.portcullis.Tls.fromFiles(Specs.CERT, Specs.KEY)).build(),
                new BackendContext(runner, ROOT_WITH_POSTFIX, Map.of("postfix.probe", "false")));

        assertThat(runner.commands()).extracting(c -> c.program()).containsExactly("postconf", "postconf", "sha256sum", "cat");
        assertThat(plan.steps()).isNotEmpty();
    }

    @Test
    void withVirtualMailboxesTheFifthReadStatsTheMailboxFolderAndItsOwnerDecidesThePlan() {
        RecordingCommandRunner runner = stockDebian()
                .answer("/srv/mail\t1000\t1000\tdirectory\n", "stat");
        dev.portcullis.MailServerSpec spec = Specs.typical().virtualMailboxes(dev.portcullis.VirtualMailboxes.staticMap(
                Map.of("alice@example.com", "example.com/alice/")).baseDirectory("/srv/mail")
                .withLogin("alice@example.com", Specs.ALICE_PASSWORD)).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PostfixBackend().plan(spec,
                new BackendContext(runner, ROOT_WITH_POSTFIX, Map.of("postfix.probe", "false"))))
                .hasMessageContaining("/srv/mail exists and belongs to uid 1000");
        assertThat(runner.commands()).extracting(c -> c.program()).containsExactly("postconf", "postconf", "sha256sum", "cat",
                "stat");
        assertThat(runner.commands().get(4).argv()).containsExactly("stat", "--printf", DirectoryState.STAT_FORMAT, "--",
                "/srv/mail");
    }

    @Test
    void submissionWithoutPortcullisLoginsStatsTheSaslSocketAndIsRefusedWhenNoneIsThere() {
        RecordingCommandRunner runner = stockDebian().answer(1, "", "stat");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PostfixBackend().plan(Specs.typical().build(),
                new BackendContext(runner, ROOT_WITH_POSTFIX, Map.of("postfix.probe", "false"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("submission (587) needs a SASL server")
                .hasMessageContaining("no Dovecot auth socket at /var/spool/postfix/private/auth")
                .hasMessageContaining("virtualMailboxes.mailboxes[i].password");
        assertThat(runner.commands()).extracting(c -> c.program()).containsExactly("postconf", "postconf", "sha256sum", "cat",
                "stat");
        assertThat(runner.commands().get(4).argv()).containsExactly("stat", "--printf", DirectoryState.STAT_FORMAT, "--",
                "/var/spool/postfix/private/auth");
    }

    @Test
    void submissionIsPlannedWhenTheSnapshotSeesADovecotSocket() {
        RecordingCommandRunner runner = stockDebian()
                .answer("/var/spool/postfix/private/auth\t101\t101\tsocket\n", "stat");

        Plan plan = new PostfixBackend().plan(Specs.typical().build(),
                new BackendContext(runner, ROOT_WITH_POSTFIX, Map.of("postfix.probe", "false")));

        assertThat(plan.steps()).isNotEmpty();
        assertThat(plan.steps()).noneMatch(st -> st.description().contains("Dovecot"));
    }

    @Test
    void aRegularFileWhereTheSocketShouldBeIsNoSaslServer() {
        RecordingCommandRunner runner = stockDebian()
                .answer("/var/spool/postfix/private/auth\t0\t0\tregular empty file\n", "stat");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PostfixBackend().plan(Specs.typical().build(),
                new BackendContext(runner, ROOT_WITH_POSTFIX, Map.of("postfix.probe", "false"))))
                .hasMessageContaining("(it is a regular empty file)");
    }
}
