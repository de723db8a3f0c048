package dev.portcullis.examples.installer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.Provisioner;
import dev.portcullis.examples.cli.AssumedHost;
import dev.portcullis.examples.installer.MailInstaller.Outcome;
import dev.portcullis.examples.nftables.NftablesBackend;
import dev.portcullis.examples.testing.FakeNftHost;
import dev.portcullis.examples.testing.FakePostfixBackend;
import dev.portcullis.exec.Command;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the user of an installer sees, word for word: a clean install, a step that fails and is
 * rolled back, a firewall that cannot be opened (the mail server is restored too), and an undo
 * that fails.
 */
class MailInstallerTest {

    static final MailServerSpec SPEC = MailInstaller.spec("mail.example.com", Path.of("/etc/ssl/certs/mail.pem"),
            Path.of("/etc/ssl/private/mail.key"));

    private final StringWriter screen = new StringWriter();

    private MailInstaller.Result install(FakeNftHost host) {
        Provisioner p = Provisioner.on(host).facts(AssumedHost.DEBIAN.facts())
                .backends(List.of(new NftablesBackend()), List.of(new FakePostfixBackend()));
        return new MailInstaller(p, new PrintWriter(screen, true)).install(SPEC);
    }

    private String shown() {
        return screen.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void installsTheMailServerThenOpensItsPortsShowingEachStep() {
        FakeNftHost host = new FakeNftHost();

        MailInstaller.Result result = install(host);

        assertThat(result.outcome()).isEqualTo(Outcome.INSTALLED);
        assertThat(shown()).isEqualTo("""
                Setting up the mail server mail.example.com
                Part 1 of 2: mail server configuration
                  [ 33%] back up main.cf ... done
                  [ 66%] set 5 keys in main.cf ... done
                  [100%] reload postfix ... done
                  mail server: every step done and checked
                Part 2 of 2: open ports [25, 587] in the firewall
                  [100%] load nftables chains [in_mail_mail_example_com] for policy mail-mail-example-com ... done
                  firewall: every step done and checked

                Done. The mail server is running and its ports are open; every step was checked on the live system.
                """);
    }

    @Test
    void aFailedStepIsRolledBackAndTheUserIsToldNothingWasLeftHalfDone() {
        FakeNftHost host = new FakeNftHost().failing("postfix", "reload");

        MailInstaller.Result result = install(host);

        assertThat(result.outcome()).isEqualTo(Outcome.UNDONE);
        assertThat(shown()).isEqualTo("""
                Setting up the mail server mail.example.com
                Part 1 of 2: mail server configuration
                  [ 33%] back up main.cf ... done
                  [ 66%] set 5 keys in main.cf ... done
                  [100%] reload postfix ... FAILED
                         why: failed: exit 1 from postfix reload: postfix: simulated failure
                  [undo] set 5 keys in main.cf ... undone
                  [undo] back up main.cf ... undone
                  mail server: stopped; the steps above were undone

                The mail server could not be set up: "reload postfix" failed.
                Nothing was left half done: every change was undone and the system checked to be as it was before. \
                Fix the cause above and run the installer again.
                """);
        assertThat(host.ran()).extracting(Command::argv).containsSubsequence(
                List.of("postfix", "reload"),
                List.of("cp", "/etc/postfix/main.cf.portcullis", "/etc/postfix/main.cf"),
                List.of("rm", "/etc/postfix/main.cf.portcullis"));
        assertThat(host.ran()).noneMatch(c -> c.argv().equals(List.of("nft", "-f", "-"))); // no port was opened
    }

    @Test
    void whenTheFirewallCannotBeOpenedTheMailServerIsRestoredToo() {
        FakeNftHost host = new FakeNftHost().failing("nft", "-f");

        MailInstaller.Result result = install(host);

        assertThat(result.outcome()).isEqualTo(Outcome.UNDONE);
        assertThat(result.reports()).extracting(r -> r.outcome().name())
                .containsExactly("APPLIED", "ROLLED_BACK", "APPLIED");
        assertThat(shown()).contains("""
                Part 2 of 2: open ports [25, 587] in the firewall
                  [100%] load nftables chains [in_mail_mail_example_com] for policy mail-mail-example-com ... FAILED
                """).contains("""
                Restoring the mail server configuration, because its ports could not be opened:
                  [100%] restore main.cf ... done
                """).contains("could not be set up: \"load nftables chains [in_mail_mail_example_com] for policy");
    }

    @Test
    void anUndoThatFailsIsNamedSoTheUserCanCheckItByHand() {
        FakeNftHost host = new FakeNftHost().failing("postfix", "reload").failing("cp", "/etc/postfix/main.cf.portcullis");

        MailInstaller.Result result = install(host);

        assertThat(result.outcome()).isEqualTo(Outcome.NEEDS_ATTENTION);
        assertThat(shown()).contains("  [undo] set 5 keys in main.cf ... COULD NOT BE UNDONE: exit 1 from cp")
                .contains("The mail server could not be set up, and some changes could NOT be undone:\n"
                        + "  - set 5 keys in main.cf: undo failed: exit 1 from cp")
                .endsWith("Please check these by hand before running the installer again.\n");
    }
}
