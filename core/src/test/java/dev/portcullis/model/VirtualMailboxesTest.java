package dev.portcullis.model;

import static dev.portcullis.model.Refusals.fields;
import static dev.portcullis.model.Refusals.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.SecretRef;
import dev.portcullis.SqlLookup;
import dev.portcullis.VirtualMailboxes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtualMailboxesTest {

    private static final SqlLookup BOXES = SqlLookup.of("mailboxes", "email", "maildir");

    @Test
    void aStaticMapNormalisesTheDomainAndKeepsTheMailbox() {
        VirtualMailboxes v = VirtualMailboxes.staticMap(Map.of("Alice.Smith+tag@Example.COM", "example.com/alice/"));
        assertThat(v.kind()).isEqualTo(VirtualMailboxes.Kind.STATIC);
        assertThat(v.mailboxes()).containsExactly(Map.entry("Alice.Smith+tag@example.com", "example.com/alice/"));
        assertThat(v.baseDirectory()).isEqualTo("/var/mail/vhosts");
        assertThat(v.uid()).isEqualTo(5000);
    }

    @Test
    void aStaticMapReportsEachBadEntryByIndex() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("alice@example.com", "example.com/alice/");
        m.put("bob", "example.com/bob/");
        m.put("carol@example.com", "../../etc/");
        m.put("dave@exa mple.com", "/absolute/");
        m.put("-eve@example.com", "x".repeat(256));
        assertThat(fields(() -> VirtualMailboxes.staticMap(m))).containsExactly("mailboxes[1].address",
                "mailboxes[2].mailbox", "mailboxes[3].address", "mailboxes[3].mailbox", "mailboxes[4].address",
                "mailboxes[4].mailbox");
        assertThat(problems(() -> VirtualMailboxes.staticMap(Map.of()))).containsExactly(
                "mailboxes: a static map needs at least one mailbox");
    }

    @Test
    void baseDirectoryAndOwnerAreChecked() {
        VirtualMailboxes v = VirtualMailboxes.staticMap(Map.of("a@example.com", "a/"));
        assertThat(v.baseDirectory("/srv/mail").baseDirectory()).isEqualTo("/srv/mail");
        assertThat(fields(() -> v.baseDirectory("srv/mail"))).containsExactly("baseDirectory");
        assertThat(fields(() -> v.baseDirectory("/srv/../etc"))).containsExactly("baseDirectory");
        assertThat(fields(() -> v.baseDirectory("/srv/mail\n"))).containsExactly("baseDirectory");
        assertThat(fields(() -> v.owner(0, 5000))).containsExactly("owner");
        assertThat(v.owner(8, 12).gid()).isEqualTo(12);
    }

    @Test
    void mysqlSettingsReportEveryBadFieldAtOnce() {
        assertThat(fields(() -> new VirtualMailboxes.MySql("db;host", 0, "mail-db", "post fix", null, null, null, null)))
                .containsExactly("host", "port", "database", "user", "password", "mailboxLookup");
    }

    @Test
    void aMysqlHostIsANameOrASingleAddress() {
        assertThat(new VirtualMailboxes.MySql("192.0.2.5", 3306, "mail", "postfix", SecretRef.env("P"), BOXES, null, null)
                .host()).isEqualTo("192.0.2.5");
        assertThat(new VirtualMailboxes.MySql("::1", 3306, "mail", "postfix", SecretRef.env("P"), BOXES, null, null)
                .host()).isEqualTo("::1");
        assertThat(problems(() -> new VirtualMailboxes.MySql("10.0.0.0/8", 3306, "mail", "postfix", SecretRef.env("P"),
                BOXES, null, null))).containsExactly("host: '10.0.0.0/8' is a network, not a host address");
    }

    @Test
    void sqlLookupsAreThreeIdentifiersNeverFreeSql() {
        assertThat(BOXES.toPostfixQuery()).isEqualTo("SELECT maildir FROM mailboxes WHERE email='%s'");
        assertThat(fields(() -> SqlLookup.of("boxes; DROP TABLE x", "1email", "dir' OR '1'='1")))
                .containsExactly("table", "keyColumn", "resultColumn");
        assertThat(fields(() -> SqlLookup.of("a".repeat(65), "k", "r"))).containsExactly("table");
    }

    @Test
    void equalityCoversEverySetting() {
        VirtualMailboxes v = VirtualMailboxes.staticMap(Map.of("a@example.com", "a/"));
        assertThat(VirtualMailboxes.staticMap(Map.of("a@EXAMPLE.com", "a/"))).isEqualTo(v).hasSameHashCodeAs(v);
        assertThat(v.baseDirectory("/srv")).isNotEqualTo(v);
        assertThat(v.owner(1, 1)).isNotEqualTo(v);
        assertThat(VirtualMailboxes.none()).isNotEqualTo(v);
    }
}
