package dev.portcullis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.Command;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MariaDB starts in the test host and answers queries, e.g. for Postfix's MySQL maps. */
class MariaDbFixtureIT {

    @AutoClose
    static LinuxTestHost host;

    @BeforeAll
    static void startMariaDb() {
        host = LinuxTestHost.start().startMariaDb();
    }

    @Test
    void mariaDbAnswersAQuery() {
        String out = host.run("mariadb", "--user=root", "--batch", "--skip-column-names",
                "--execute=SELECT VERSION()").stdout();

        assertThat(out).contains("MariaDB");
    }

    @Test
    void mariaDbStoresAndReturnsRowsFedThroughStdin() {
        host.runner().run(Command.builder("mariadb").arg("--user=root")
                .stdin("CREATE DATABASE mail; CREATE TABLE mail.domains (name VARCHAR(253) PRIMARY KEY);"
                        + " INSERT INTO mail.domains VALUES ('example.com'), ('example.org');")
                .build());

        String out = host.run("mariadb", "--user=root", "--batch", "--skip-column-names",
                "--execute=SELECT name FROM mail.domains ORDER BY name").stdout();

        assertThat(out.lines()).containsExactly("example.com", "example.org");
    }

    @Test
    void postfixHasItsMysqlMapType() {
        assertThat(host.run("postconf", "-m").stdout().lines()).contains("mysql");
    }
}
