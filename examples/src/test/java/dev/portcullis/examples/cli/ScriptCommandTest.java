package dev.portcullis.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.examples.cli.Cli.Run;
import dev.portcullis.examples.testing.FakeNftHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code portcullis script}: the Groovy examples run from the command line, planned or applied. */
class ScriptCommandTest {

    @Test
    void plansAScriptForAnAssumedHostWithoutTouchingThisMachine() {
        FakeHosts local = FakeHosts.user();

        Run run = Cli.run(Cli.fakes(local), "script", "scripts/smtp-allowlist.groovy", "--host-facts", "debian");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("# plan by example-nftables for policy smtp-allowlist on assumed empty host");
        assertThat(local.ran).isEmpty();
    }

    @Test
    void appliedScriptExitsAsApplyDoes() {
        FakeNftHost fine = new FakeNftHost();
        FakeNftHost failing = new FakeNftHost().failing("postfix", "reload");

        Run ok = Cli.run(Cli.fakes(fine), "script", "scripts/postfix-with-firewall.groovy", "--apply");
        Run rolledBack = Cli.run(Cli.fakes(failing), "script", "scripts/postfix-with-firewall.groovy", "--apply");

        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("APPLIED mail server mail.example.com", "APPLIED policy mail-mail-example-com");
        assertThat(rolledBack.exitCode()).isEqualTo(1);
        assertThat(failing.ran()).noneMatch(c -> c.argv().equals(List.of("nft", "-f", "-")));
    }

    @Test
    void brokenOrMissingScriptExitsTwo(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.groovy"), "def x = {\n");

        Run compile = Cli.run(Cli.fakes(FakeHosts.user()), "script", broken.toString(), "--host-facts", "debian");
        Run missing = Cli.run(Cli.fakes(FakeHosts.user()), "script", dir.resolve("none.groovy").toString());

        assertThat(compile.exitCode()).isEqualTo(2);
        assertThat(compile.err()).contains("cannot read spec " + broken);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(Cli.run(Cli.fakes(FakeHosts.user()), "script", broken.toString(), "--apply", "--host-facts", "rhel")
                .exitCode()).isEqualTo(64);
    }
}
