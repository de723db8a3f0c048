package dev.portcullis.model;

import static dev.portcullis.model.Refusals.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.RelayHost;
import dev.portcullis.SecretRef;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RelayHostTest {

    private static final SecretRef PASSWORD = SecretRef.parse("file:/etc/portcullis/ses-smtp-password");

    @Test
    void aLoginNeedsTlsAndShowsOnlyThePasswordsReference() {
        RelayHost ses = RelayHost.builder("email-smtp.eu-west-1.amazonaws.com", 587)
                .credentials("AKIAIOSFODNN7EXAMPLE", PASSWORD).build();

        assertThat(ses.user()).contains("AKIAIOSFODNN7EXAMPLE");
        assertThat(ses.password()).contains(PASSWORD);
        assertThat(ses.requiresTls()).isTrue();
        assertThat(ses.trustedCa()).isEmpty();
        assertThat(ses).hasToString("[email-smtp.eu-west-1.amazonaws.com]:587 login AKIAIOSFODNN7EXAMPLE password "
                + "file:/etc/portcullis/ses-smtp-password");
    }

    @Test
    void aRelayWithoutLoginOrCaOnAPlainPortNeedsNoTls() {
        assertThat(RelayHost.builder("relay.example.net", 25).build().requiresTls()).isFalse();
        assertThat(RelayHost.builder("relay.example.net", 465).build().requiresTls()).isTrue();
        assertThat(RelayHost.builder("relay.example.net", 25).trustedCa(Path.of("/etc/ssl/ca.pem")).build().requiresTls())
                .isTrue();
    }

    @Test
    void refusesEveryBadPartAtOnceNamingEachField() {
        assertThat(fields(() -> RelayHost.builder("relay..example", 0).credentials("user name", PASSWORD)
                .trustedCa(Path.of("ca.pem")).build())).containsExactly("host", "port", "user", "trustedCa");
        assertThat(fields(() -> RelayHost.builder(null, 587).build())).containsExactly("host");
    }

    @Test
    void refusesAPasswordWithoutUserAndAUserWithoutPassword() {
        assertThat(fields(() -> RelayHost.builder("relay.example.net", 587).credentials(null, PASSWORD).build()))
                .containsExactly("user");
        assertThat(fields(() -> RelayHost.builder("relay.example.net", 587).credentials("apikey", null).build()))
                .containsExactly("password");
    }

    @Test
    void refusesALoginNameThatWouldBreakTheMapLine() {
        for (String user : new String[] {"a b", "a:b", "a\nb", "a\tb", "", "x".repeat(257)}) {
            assertThat(fields(() -> RelayHost.builder("relay.example.net", 587).credentials(user, PASSWORD).build()))
                    .as(user).containsExactly("user");
        }
    }

    @Test
    void theSpecKeepsTheRelayThroughToBuilderAndComparesEveryPart() {
        RelayHost relay = RelayHost.builder("smtpdm.aliyun.com", 465).credentials("sender@mail.example.com", PASSWORD)
                .trustedCa(Path.of("/etc/ssl/certs/ca-certificates.crt")).build();
        MailServerSpec spec = MailServerSpec.forHost("mail.example.com").relayHost(relay).build();

        assertThat(spec.relayHost()).contains(relay);
        assertThat(spec.toBuilder().build()).isEqualTo(spec).hasSameHashCodeAs(spec);
        assertThat(relay.toBuilder().credentials("other@mail.example.com", PASSWORD).build()).isNotEqualTo(relay);
        assertThat(relay.toBuilder().trustedCa(null).build()).isNotEqualTo(relay);
        assertThat(spec.toBuilder().relayHost("smtpdm.aliyun.com", 465).build().relayHost().orElseThrow().user()).isEmpty();
    }
}
