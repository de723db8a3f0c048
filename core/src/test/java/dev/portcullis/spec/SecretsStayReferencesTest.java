package dev.portcullis.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SecretRef;
import dev.portcullis.SqlLookup;
import dev.portcullis.VirtualMailboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resolved secret never shows up in a spec's text, its documents, or an exception about it. */
class SecretsStayReferencesTest {

    private static final String PASSWORD = "s3cr3t-Pa55w0rd-1f9c";

    @Test
    void aResolvedSecretNeverAppearsInTheSpecOrItsDocuments() {
        SecretRef ref = SecretRef.parse("env:PORTCULLIS_DB_PASSWORD");
        assertThat(ref.resolve(Map.of("PORTCULLIS_DB_PASSWORD", PASSWORD)).reveal()).isEqualTo(PASSWORD);
        MailServerSpec spec = mailWith(ref);
        assertThat(spec.toString()).doesNotContain(PASSWORD).contains("env:PORTCULLIS_DB_PASSWORD");
        assertThat(ref.resolve(Map.of("PORTCULLIS_DB_PASSWORD", PASSWORD)).toString()).doesNotContain(PASSWORD);
        for (SpecFormat format : SpecFormat.values()) {
            String text = Specs.writeString(spec, format);
            assertThat(text).doesNotContain(PASSWORD).contains("env:PORTCULLIS_DB_PASSWORD");
            assertThat(Specs.readString(text, format)).isEqualTo(spec);
        }
    }

    @Test
    void aSecretFromAFileIsNotReadWhileReadingOrWritingTheSpec(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("db-password");
        Files.writeString(secret, PASSWORD + "\n");
        SecretRef ref = SecretRef.parse("file:" + secret);
        assertThat(ref.resolve(Map.of()).reveal()).isEqualTo(PASSWORD);
        MailServerSpec spec = mailWith(ref);
        Path file = dir.resolve("mail.yaml");
        Specs.write(spec, file);
        assertThat(Files.readString(file)).doesNotContain(PASSWORD).contains("file:" + secret);
        // Reading the spec does not resolve the reference: a missing secret file is no reading error.
        Files.delete(secret);
        assertThat(Specs.read(file)).isEqualTo(spec);
    }

    @Test
    void anInvalidSpecHoldingASecretReferenceDoesNotLeakTheValue() {
        SecretRef ref = SecretRef.parse("env:PORTCULLIS_DB_PASSWORD");
        ref.resolve(Map.of("PORTCULLIS_DB_PASSWORD", PASSWORD));
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> mailWith(ref).toBuilder()
                .maxMessageSize(dev.portcullis.DataSize.ofBytes(1)).trustNetworks("::/0").build());
        assertThat(e.getMessage()).doesNotContain(PASSWORD).contains("maxMessageSize");
    }

    @Test
    void aPasswordPastedWhereTheReferenceBelongsIsRefusedWithoutEchoingIt() {
        for (String pasted : new String[] {PASSWORD, "env:" + PASSWORD, "file:" + PASSWORD, "file:/" + PASSWORD + "/.."}) {
            InvalidSpecException direct = catchThrowableOfType(InvalidSpecException.class, () -> SecretRef.parse(pasted));
            assertThat(direct.getMessage()).doesNotContain(PASSWORD);
            String yaml = Specs.writeString(mailWith(SecretRef.parse("env:X")), SpecFormat.YAML).replace("env:X", pasted);
            SpecFileException inFile = catchThrowableOfType(SpecFileException.class,
                    () -> Specs.readString(yaml, SpecFormat.YAML));
            assertThat(inFile.problems()).extracting(p -> p.field()).containsExactly("virtualMailboxes.mysql.password");
            assertThat(inFile.getMessage()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aSyntaxErrorDoesNotQuoteTheDocument() {
        String json = "{\"kind\": \"mail-server\", \"password\": " + PASSWORD + "}";
        SpecFileException e = catchThrowableOfType(SpecFileException.class, () -> Specs.readString(json, SpecFormat.JSON));
        assertThat(e.problems().get(0).reason()).startsWith("syntax error");
        assertThat(e.getMessage()).doesNotContain("s3cr3t");
    }

    private static MailServerSpec mailWith(SecretRef password) {
        return MailServerSpec.forHost("mail.example.com").acceptMailFor("example.com")
                .virtualMailboxes(VirtualMailboxes.mysql(new VirtualMailboxes.MySql("db.example.com", 3306, "mail",
                        "postfix", password, SqlLookup.of("boxes", "email", "maildir"), null, null)))
                .build();
    }

    @Test
    void aLoginPasswordIsAReferenceOrAHashInTheSpecFileAndReadsBackEqual() {
        MailServerSpec spec = MailServerSpec.forHost("mail.example.com").acceptMailFor("example.com")
                .tls(dev.portcullis.Tls.fromFiles(Path.of("/etc/ssl/m.pem"), Path.of("/etc/ssl/m.key"))).submission()
                .virtualMailboxes(VirtualMailboxes.staticMap(Map.of("alice@example.com", "example.com/alice/",
                        "bob@example.com", "example.com/bob/", "carol@example.com", "example.com/carol/"))
                        .withLogin("alice@example.com", dev.portcullis.LoginPassword.parse("env:ALICE_PASSWORD"))
                        .withLogin("bob@example.com", dev.portcullis.LoginPassword.parse("{SHA512-CRYPT}$6$salt$abc")))
                .build();
        for (SpecFormat format : SpecFormat.values()) {
            String text = Specs.writeString(spec, format);
            assertThat(text).contains("env:ALICE_PASSWORD").contains("{SHA512-CRYPT}$6$salt$abc");
            assertThat(Specs.readString(text, format)).isEqualTo(spec);
        }
        String yaml = Specs.writeString(spec, SpecFormat.YAML).replace("env:ALICE_PASSWORD", PASSWORD);
        SpecFileException pasted = catchThrowableOfType(SpecFileException.class, () -> Specs.readString(yaml, SpecFormat.YAML));
        assertThat(pasted.problems()).extracting(p -> p.field()).containsExactly("virtualMailboxes.mailboxes[0].password");
        assertThat(pasted.getMessage()).doesNotContain(PASSWORD);
    }
}
