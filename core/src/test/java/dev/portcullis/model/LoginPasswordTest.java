package dev.portcullis.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.LoginPassword;
import dev.portcullis.SecretRef;
import dev.portcullis.VirtualMailboxes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginPasswordTest {

    static final String HASH = "{SHA512-CRYPT}$6$saltsalt$Zm9vYmFyYmF6cXV4";

    @Test
    void aReferenceIsReadAsASecretAndABraceAsAHash() {
        assertThat(LoginPassword.parse("env:ALICE_PASSWORD").secret()).contains(SecretRef.env("ALICE_PASSWORD"));
        assertThat(LoginPassword.parse(HASH).hash()).contains(HASH);
        assertThat(LoginPassword.parse(HASH).toSpecText()).isEqualTo(HASH);
    }

    @Test
    void refusesClearTextSchemesAndPastedPasswordsWithoutEchoingThem() {
        for (String pasted : new String[] {"{PLAIN}Xq9zPw-hunter2", "{CLEAR}Xq9zPw-hunter2", "{PLAIN.BASE64}Xq9zPw==",
            "Xq9zPw-hunter2", "{SHA512-CRYPT}Xq9zPw blank", "{SHA512-CRYPT}Xq9zPw:colon", "{}Xq9zPw-hunter2"}) {
            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> LoginPassword.parse(pasted));
            assertThat(e).as(pasted).isNotNull();
            assertThat(e.problems()).extracting(p -> p.field()).containsExactly("password");
            assertThat(e.getMessage()).doesNotContain("Xq9zPw");
        }
    }

    @Test
    void showsTheReferenceOrOnlyTheSchemeOfAHash() {
        assertThat(LoginPassword.parse("env:ALICE_PASSWORD")).hasToString("env:ALICE_PASSWORD");
        assertThat(LoginPassword.hashed(HASH)).hasToString("{SHA512-CRYPT}(hash)");
    }

    @Test
    void onlyAMailboxOfAStaticMapLogsIn() {
        VirtualMailboxes map = VirtualMailboxes.staticMap(Map.of("alice@example.com", "example.com/alice/"));

        assertThat(map.withLogin("alice@Example.COM", LoginPassword.hashed(HASH)).logins())
                .containsExactly(Map.entry("alice@example.com", LoginPassword.hashed(HASH)));
        assertThat(catchThrowableOfType(InvalidSpecException.class,
                () -> map.withLogin("mallory@example.com", LoginPassword.hashed(HASH))).getMessage())
                .contains("logins").contains("is not a mailbox of this map");
        assertThat(catchThrowableOfType(InvalidSpecException.class,
                () -> VirtualMailboxes.none().withLogin("alice@example.com", LoginPassword.hashed(HASH))).getMessage())
                .contains("logins").contains("only a static map");
        assertThat(map.withLogin("alice@example.com", LoginPassword.hashed(HASH))).isNotEqualTo(map);
    }
}
