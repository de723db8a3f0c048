package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.Provisioner;
import dev.portcullis.SecretRef;
import dev.portcullis.SqlLookup;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual users on a live host. In MariaDB, the classic setup: the map files answer postmap
 * queries, mail sent over SMTP from another container lands in the user's Maildir, the database
 * password never shows in the plan, the report or the mail log, and a re-apply changes nothing.
 * Then in a static map compiled with postmap. Then the mailbox folder: a system folder or another
 * account's folder is refused with nothing changed, and a root-owned folder taken over gets its
 * owner back on rollback and on remove.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostfixVirtualMailboxesIT {

    static final String PASSWORD = "Mysql-Pa55-" + Long.toHexString(System.nanoTime());

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        host = LinuxTestHost.start().startMariaDb().startPostfix();
        client = host.newClient();
        host.runner().run(Command.builder("mariadb").arg("--user=root").sensitiveStdin(String.join("\n",
                "CREATE DATABASE mail;",
                "CREATE TABLE mail.domains (name VARCHAR(253) PRIMARY KEY);",
                "CREATE TABLE mail.mailboxes (email VARCHAR(255) PRIMARY KEY, maildir VARCHAR(255) NOT NULL);",
                "INSERT INTO mail.domains VALUES ('example.com');",
                "INSERT INTO mail.mailboxes VALUES ('user@example.com', 'example.com/user/');",
                "CREATE USER 'postfix'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "';",
                "GRANT SELECT ON mail.* TO 'postfix'@'127.0.0.1';", "")).build());
    }

    static MailServerSpec spec(SecretRef password) {
        return MailServerSpec.forHost("mail.portcullis.test")
                .origin("portcullis.test")
                .acceptMailFor("example.com")
                .virtualMailboxes(VirtualMailboxes.mysql(new VirtualMailboxes.MySql("127.0.0.1", 3306, "mail", "postfix",
                        password, SqlLookup.of("mailboxes", "email", "maildir"), SqlLookup.of("domains", "name", "name"),
                        null)))
                .build();
    }

    static Provisioner provisioner(dev.portcullis.exec.CommandRunner runner) {
        return Provisioner.on(runner).mailServer("postfix").option("postfix.probe.address", host.address());
    }

    static SecretRef password() throws java.io.IOException {
        Path secret = dir.resolve("db-password");
        Files.writeString(secret, PASSWORD + "\n", StandardCharsets.UTF_8);
        return SecretRef.file(secret);
    }

    @Test
    @Order(1)
    void virtualUsersInMysqlReceiveMailOverSmtp() throws Exception {
        MailServerSpec spec = spec(password());
        Provisioner p = provisioner(host.runner());

        Plan plan = p.plan(spec);
        ApplyReport report = PlanExecutor.on(host.runner()).execute(plan);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(plan.render()).doesNotContain(PASSWORD);
        assertThat(report.toJson()).doesNotContain(PASSWORD);
        assertThat(host.run("postmap", "-q", "user@example.com", "mysql:" + PostfixPaths.MYSQL_MAILBOX_MAP).stdout().strip())
                .isEqualTo("example.com/user/");
        assertThat(host.run("stat", "-c", "%a %U %G", PostfixPaths.MYSQL_MAILBOX_MAP).stdout().strip()).isEqualTo("640 root postfix");

        client.runner().run(Command.of("swaks", "--server", host.address(), "--from", "sender@example.net",
                "--to", "user@example.com", "--ehlo", "client.portcullis.test", "--header", "Subject: portcullis-mysql-it",
                "--body", "delivered through a MySQL lookup"));

        String delivered = awaitMaildirMessage("/var/mail/vhosts/example.com/user/new");
        assertThat(delivered).contains("Subject: portcullis-mysql-it").contains("delivered through a MySQL lookup");
        assertThat(host.run("cat", "/var/log/postfix.log").stdout()).doesNotContain(PASSWORD);
    }

    @Test
    @Order(2)
    void reapplyingTheMysqlSpecChangesNothingAndNeverReadsThePasswordBack() throws Exception {
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());

        ApplyReport report = provisioner(counting).facts(dev.portcullis.spi.HostFactsGatherer.gather(host.runner()))
                .apply(spec(password()));

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        // postconf -n, postconf -M, sha256sum, the record, and one stat of the mailbox folder; the host's lock and journal
        assertThat(counting.spawns()).as("%s", counting.commands()).isEqualTo(5 + dev.portcullis.hoststate.SingleWriter.LOCK_AND_JOURNAL_READ_SPAWNS);
        assertThat(counting.commands()).noneMatch(c -> c.argv().contains(PostfixPaths.MYSQL_MAILBOX_MAP));
    }

    @Test
    @Order(3)
    void aStaticMapIsCompiledWithPostmapAndDelivers() throws Exception {
        MailServerSpec spec = MailServerSpec.forHost("mail.portcullis.test")
                .origin("portcullis.test")
                .acceptMailFor("example.org")
                .virtualMailboxes(VirtualMailboxes.staticMap(java.util.Map.of("bob@example.org", "example.org/bob/")))
                .build();

        ApplyReport report = provisioner(host.runner()).apply(spec);

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(host.run("postmap", "-q", "bob@example.org", "hash:" + PostfixPaths.STATIC_MAILBOX_MAP).stdout().strip())
                .isEqualTo("example.org/bob/");
        assertThat(host.run("postconf", "-h", "virtual_alias_maps", "virtual_mailbox_domains").stdout())
                .as("the MySQL spec's keys it no longer wants are back to what they were").doesNotContain("mysql:");
        client.runner().run(Command.of("swaks", "--server", host.address(), "--from", "sender@example.net",
                "--to", "bob@example.org", "--ehlo", "client.portcullis.test", "--header", "Subject: portcullis-static-it"));
        assertThat(awaitMaildirMessage("/var/mail/vhosts/example.org/bob/new")).contains("Subject: portcullis-static-it");
    }

    static MailServerSpec staticSpec(String base, int uid, int gid) {
        return MailServerSpec.forHost("mail.portcullis.test")
                .origin("portcullis.test")
                .acceptMailFor("example.org")
                .virtualMailboxes(VirtualMailboxes.staticMap(java.util.Map.of("bob@example.org", "example.org/bob/"))
                        .baseDirectory(base).owner(uid, gid))
                .build();
    }

    static String owner(String path) {
        return host.run("stat", "-c", "%u:%g", path).stdout().strip();
    }

    @Test
    @Order(4)
    void refusesEtcOrAnotherAccountsFolderAsMailboxBaseAndChangesNothing() {
        host.run("mkdir", "-p", "/home/alice");
        host.run("chown", "1000:1000", "/home/alice");
        String main = host.run("sha256sum", "/etc/postfix/main.cf").stdout();
        Provisioner p = provisioner(host.runner());

        assertThatThrownBy(() -> p.apply(staticSpec("/etc", 1000, 1000))).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("virtualMailboxes.baseDirectory").hasMessageContaining("/etc");
        assertThatThrownBy(() -> p.apply(staticSpec("/home/alice", 5000, 5000))).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("/home/alice exists and belongs to uid 1000");

        assertThat(owner("/etc")).isEqualTo("0:0");
        assertThat(owner("/home/alice")).isEqualTo("1000:1000");
        assertThat(host.run("sha256sum", "/etc/postfix/main.cf").stdout()).isEqualTo(main);
    }

    @Test
    @Order(5)
    void aRootOwnedFolderTakenOverGetsItsOwnerBackOnRollbackAndOnRemove() {
        host.run("mkdir", "-p", "/srv/mail");
        MailServerSpec spec = staticSpec("/srv/mail", 5000, 5000);
        Plan plan = provisioner(host.runner()).plan(spec);
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("WARNING: takes over the existing folder /srv/mail"));

        ApplyReport failed = PlanExecutor.on(host.runner()).execute(FaultInjection.failingFinalCheck(plan));

        assertThat(failed.outcome()).as(failed.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(owner("/srv/mail")).as("given back on rollback").isEqualTo("0:0");

        ApplyReport applied = provisioner(host.runner()).apply(spec);
        assertThat(applied.outcome()).as(applied.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(owner("/srv/mail")).isEqualTo("5000:5000");

        ApplyReport removed = provisioner(host.runner()).remove(spec);

        assertThat(removed.outcome()).as(removed.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(owner("/srv/mail")).as("given back by remove").isEqualTo("0:0");
        assertThat(owner("/var/mail/vhosts")).as("the folder Portcullis created holds mail: kept, never emptied")
                .isEqualTo("5000:5000");
        assertThat(host.run("ls", "/var/mail/vhosts/example.org/bob/new").stdout()).isNotBlank();
    }

    private static String awaitMaildirMessage(String folder) throws InterruptedException {
        for (int i = 0; i < 60; i++) {
            CommandResult ls = host.runner().execute(Command.builder("ls").args("-1", folder).successExitCodes(0, 2).build());
            String first = ls.stdout().lines().findFirst().orElse("");
            if (ls.exitCode() == 0 && !first.isBlank()) {
                return host.run("cat", folder + "/" + first).stdout();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no message arrived in " + folder + "; log:\n"
                + host.run("tail", "-n", "30", "/var/log/postfix.log").stdout());
    }
}
