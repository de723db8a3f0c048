package dev.portcullis.postfix;

import dev.portcullis.DataSize;
import dev.portcullis.LoginPassword;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SecretRef;
import dev.portcullis.SqlLookup;
import dev.portcullis.Tls;
import dev.portcullis.TlsVersion;
import dev.portcullis.VirtualMailboxes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Specs and host states the planner tests share. */
final class Specs {

    static final Path CERT = Path.of("/etc/ssl/certs/ssl-cert-snakeoil.pem");
    static final Path KEY = Path.of("/etc/ssl/private/ssl-cert-snakeoil.key");

    private Specs() {
    }

    /** Alice's login password, by reference. */
    static final LoginPassword ALICE_PASSWORD = LoginPassword.secret(SecretRef.env("ALICE_PASSWORD"));

    /** Gives the spec a static map whose alice may log in: Portcullis then sets Dovecot up. */
    static void withLogin(MailServerSpec.Builder b) {
        b.virtualMailboxes(VirtualMailboxes.staticMap(Map.of("alice@example.com", "example.com/alice/"))
                .withLogin("alice@example.com", ALICE_PASSWORD));
    }

    static MailServerSpec.Builder typical() {
        return MailServerSpec.forHost("mail.example.com")
                .origin("example.com")
                .acceptMailFor("example.com", "example.org")
                .trustNetworks("192.168.1.0/24", "2001:db8::/48")
                .tls(Tls.fromFiles(CERT, KEY).minimumVersion(TlsVersion.TLS_1_2))
                .submission()
                .maxMessageSize(DataSize.ofMegabytes(50));
    }

    static MailServerSpec mysql(SecretRef password) {
        return typical().virtualMailboxes(VirtualMailboxes.mysql(new VirtualMailboxes.MySql("127.0.0.1", 3306, "mail",
                "postfix", password, SqlLookup.of("mailboxes", "email", "maildir"), SqlLookup.of("domains", "name", "name"),
                null))).build();
    }

    /** A Dovecot auth socket where Postfix's submission looks for it: the planner tests' hosts run Dovecot. */
    static final Map<String, DirectoryState> SASL_SOCKET = Map.of(DovecotAuth.QUEUE_DIRECTORY + "/private/auth",
            new DirectoryState(101, 101, "socket"));

    /** @return a snapshot of a host whose Dovecot auth socket is where submission looks for it */
    static PostfixSnapshot snapshot(Map<String, String> parameters, Map<String, MasterEntry> services, FileDigests files,
            OwnershipRecord record) {
        return snapshot(parameters, services, files, record, Map.of());
    }

    /** @return a snapshot with these directories, plus the Dovecot auth socket where submission looks for it */
    static PostfixSnapshot snapshot(Map<String, String> parameters, Map<String, MasterEntry> services, FileDigests files,
            OwnershipRecord record, Map<String, DirectoryState> directories) {
        Map<String, DirectoryState> all = new HashMap<>(SASL_SOCKET);
        all.putAll(directories);
        return new PostfixSnapshot(parameters, services, files, record, all);
    }

    /** @return stock Debian plus the key file that the captured digest list lacks (it is root-only) */
    static PostfixSnapshot stock() {
        PostfixSnapshot s = Captured.stockDebian();
        Map<String, String> files = new LinkedHashMap<>(s.files().asMap());
        files.put(KEY.toString(), "0".repeat(64));
        return snapshot(s.parameters(), s.services(), FileDigests.of(files), s.record());
    }

    /** @return the host as it is after a successful apply of the spec on stock Debian */
    static PostfixSnapshot converged(MailServerSpec spec) {
        PostfixSnapshot s = stock();
        Map<String, String> params = new LinkedHashMap<>(s.parameters());
        params.putAll(PostfixSettings.mainCf(spec));
        Map<String, MasterEntry> services = new LinkedHashMap<>(s.services());
        services.putAll(PostfixSettings.masterCf(spec, s.services()));
        Map<String, String> files = new HashMap<>(s.files().asMap());
        for (MapFile m : PostfixSettings.mapFiles(spec)) {
            files.put(m.digestPath(), m.expectedDigest());
            files.putIfAbsent(m.path(), "1".repeat(64)); // a static map is its own digest path
            if (m.postmapType() != null) {
                files.put(m.path() + ".db", "2".repeat(64));
            }
        }
        DovecotAuth.forSpec(spec).ifPresent(d -> {
            files.put(DovecotAuth.CONFIG, MapFile.sha256(d.config()));
            files.put(DovecotAuth.usersTwin(), MapFile.sha256(d.redactedUsers()));
        });
        files.put(PostfixPaths.RECORD, "3".repeat(64));
        files.put(PostfixPaths.ORIGINAL_MAIN_CF, s.files().digest(PostfixPaths.MAIN_CF).orElseThrow());
        files.put(PostfixPaths.ORIGINAL_MASTER_CF, s.files().digest(PostfixPaths.MASTER_CF).orElseThrow());
        OwnershipRecord record = OwnershipRecord.empty();
        for (String k : PostfixSettings.mainCf(spec).keySet()) {
            record = record.withMainKey(k, java.util.Optional.ofNullable(s.parameters().get(k)));
        }
        for (String k : PostfixSettings.masterCf(spec, s.services()).keySet()) {
            record = record.withService(k, java.util.Optional.empty());
        }
        return snapshot(params, services, FileDigests.of(files), record);
    }

    static PostfixSnapshot with(PostfixSnapshot s, String key, String value) {
        Map<String, String> params = new LinkedHashMap<>(s.parameters());
        params.put(key, value);
        return snapshot(params, s.services(), s.files(), s.record());
    }
}
