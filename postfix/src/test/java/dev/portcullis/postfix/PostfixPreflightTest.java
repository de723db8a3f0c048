package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.SecretRef;
import dev.portcullis.SqlLookup;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.preflight.FakeLinuxHost;
import dev.portcullis.preflight.Fixtures;
import dev.portcullis.preflight.PreflightCheck;
import dev.portcullis.preflight.PreflightCheck.Status;
import dev.portcullis.preflight.PreflightReport;
import dev.portcullis.preflight.Specs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Postfix module's part of preflight, on outputs captured from the live test host's Postfix 3.7.11. */
class PostfixPreflightTest {

    /** Postfix running with master on 25, as the test host runs it. */
    private final FakeLinuxHost host = new FakeLinuxHost().withTool("postconf", "postfix")
            .answer(Captured.read("debian12-postconf-version.txt"), "postconf", "mail_version", "queue_directory")
            .answer(Captured.read("debian12-postconf-m.txt"), "postconf", "-m")
            .answer(Captured.read("debian12-postconf-M.txt"), "postconf", "-M")
            .answer("           100\n", "cat", "/var/spool/postfix/pid/master.pid")
            .answer(0, "", "postfix", "status")
            .with(new PostfixPreflight()).withMailServer(new PostfixBackend());

    private static PreflightCheck check(PreflightReport r, String id) {
        return r.check(id).orElseThrow();
    }

    @Test
    void parsesPostconfParametersMapTypesAndInetServices() {
        assertThat(PostconfOutput.parseParameters(Captured.read("debian12-postconf-version.txt")))
                .containsEntry("mail_version", "3.7.11").containsEntry("queue_directory", "/var/spool/postfix");
        assertThat(PostconfOutput.parseMapTypes(Captured.read("debian12-postconf-m.txt")))
                .contains("hash", "mysql", "regexp").hasSize(20);
        assertThat(PostfixPreflight.inetPorts(Captured.read("debian12-postconf-M.txt"))).containsExactly(25);
    }

    @Test
    void masterCfServicesMayNameAddressesAndNumericPorts() {
        String services = String.join("\n",
                "smtp       inet  n       -       y       -       -       smtpd",
                "127.0.0.1:submission inet n - y - - smtpd",
                "[::1]:2525 inet n - y - - smtpd",
                "smtps     inet  n       -       y       -       -       smtpd",
                "pickup     unix  n       -       y       60      1       pickup");

        assertThat(PostfixPreflight.inetPorts(services)).containsExactly(25, 465, 587, 2525);
    }

    @Test
    void theMailStackReportsVersionMapTypesAndRunningState() {
        PreflightReport r = host.run(Specs.mail());
        PreflightCheck c = check(r, "mail-stack");

        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.detail("postfixVersion")).isEqualTo("3.7.11");
        assertThat(c.detail("mysqlMaps")).isEqualTo(true);
        assertThat(c.detail("postfixRunning")).isEqualTo(true);
        assertThat(c.detail("backend")).isEqualTo("postfix");
        assertThat(r.facts().fact(PostfixPreflight.VERSION)).contains("3.7.11");
        assertThat(r.facts().fact(PostfixPreflight.RUNNING)).contains(true);
    }

    @Test
    void mysqlMailboxesNeedTheMysqlMapType() {
        host.answer("btree\ncidr\nhash\nregexp\n", "postconf", "-m");
        MailServerSpec spec = Specs.mail().toBuilder().virtualMailboxes(VirtualMailboxes.mysql(new VirtualMailboxes.MySql(
                "127.0.0.1", 3306, "mail", "postfix", SecretRef.env("DB_PASSWORD"),
                SqlLookup.of("mailbox", "username", "maildir"), null, null))).build();

        PreflightReport r = host.run(spec);

        assertThat(check(r, "mail-stack").status()).isEqualTo(Status.FAIL);
        assertThat(check(r, "mail-stack").reason()).contains("install postfix-mysql");
        assertThat(r.toJson()).doesNotContain("DB_PASSWORD");
    }

    @Test
    void aMailSpecOnAHostWithoutPostfixFails() {
        FakeLinuxHost bare = new FakeLinuxHost().with(new PostfixPreflight()).withMailServer(new PostfixBackend());

        PreflightCheck c = check(bare.run(Specs.mail()), "mail-stack");

        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.reason()).contains("Postfix is not installed").contains("no mail server backend applies");
    }

    @Test
    void aMailSpecOnAHostWithoutPostfixButWithAptGetWarnsThatApplyInstallsIt() {
        FakeLinuxHost bare = new FakeLinuxHost().with(new PostfixPreflight()).withMailServer(new PostfixBackend())
                .withTool("apt-get");

        PreflightCheck c = check(bare.run(Specs.mail()), "mail-stack");

        assertThat(c.status()).as(c.reason()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("Postfix is not installed")
                .contains("apply installs the package postfix with apt-get (postfix.install=false refuses instead)");
    }

    @Test
    void aStoppedPostfixWarns() {
        host.answer(1, "", "postfix", "status");

        assertThat(check(host.run(Specs.mail()), "mail-stack").reason()).contains("installed but not running");
    }

    @Test
    void masterOnPort25IsTheMailServerItself() {
        PreflightCheck c = check(host.run(Specs.mail()), "port-occupancy");

        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.reason()).contains("port 25 is taken by master (pid 100) on 0.0.0.0, ::");
    }

    @Test
    void unreadableOwnersAreAttributedToARunningPostfixThatServesThePort() {
        host.answer(Fixtures.read("ss-owner-unreadable.txt"), "ss");

        PreflightCheck c = check(host.run(Specs.mail()), "port-occupancy");

        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.reason()).contains("port 25 is taken by master (pid 100)");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listeners = (List<Map<String, Object>>) c.detail("listeners");
        assertThat(listeners.get(0).get("source").toString()).contains("Postfix").contains("unreadable");
    }

    @Test
    void unreadableOwnersWithoutPostfixAreNotGuessed() {
        host.answer(Fixtures.read("ss-owner-unreadable.txt"), "ss").answer(1, "", "postfix", "status");

        PreflightCheck c = check(host.run(Specs.mail()), "port-occupancy");

        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("owner could not be read").contains("CAP_SYS_PTRACE");
    }
}
