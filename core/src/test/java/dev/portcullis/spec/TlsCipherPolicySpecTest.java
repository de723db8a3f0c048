package dev.portcullis.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.MailServerSpec;
import dev.portcullis.SpecProblem;
import dev.portcullis.Tls;
import dev.portcullis.TlsCipherPolicy;
import dev.portcullis.TlsVersion;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code tls.cipherPolicy}: the model's levels, their protocol floors, and how spec files say them. */
class TlsCipherPolicySpecTest {

    private static final Tls TLS = Tls.fromFiles(Path.of("/etc/ssl/certs/mail.pem"), Path.of("/etc/ssl/private/mail.key"));

    private static String yaml(String tlsLines) {
        return "kind: mail-server\nhostname: mail.example.com\ntls:\n"
                + "  certificate: /etc/ssl/certs/mail.pem\n  privateKey: /etc/ssl/private/mail.key\n" + tlsLines;
    }

    @Test
    void noPolicyMeansTheServersDefaultsAndIsPartOfEquality() {
        assertThat(TLS.cipherPolicy()).isEmpty();
        assertThat(TLS.cipherPolicy(TlsCipherPolicy.MODERN).cipherPolicy()).contains(TlsCipherPolicy.MODERN);
        assertThat(TLS.cipherPolicy(TlsCipherPolicy.MODERN)).isNotEqualTo(TLS)
                .isEqualTo(TLS.cipherPolicy(TlsCipherPolicy.MODERN))
                .hasSameHashCodeAs(TLS.cipherPolicy(TlsCipherPolicy.MODERN));
        assertThat(TLS.cipherPolicy(TlsCipherPolicy.MODERN).cipherPolicy(null)).isEqualTo(TLS);
        // the other setters keep the policy
        assertThat(TLS.cipherPolicy(TlsCipherPolicy.MODERN).minimumVersion(TlsVersion.TLS_1_3).cipherPolicy())
                .contains(TlsCipherPolicy.MODERN);
        assertThat(TLS.cipherPolicy(TlsCipherPolicy.INTERMEDIATE).toString()).contains("ciphers=intermediate");
    }

    @Test
    void submissionIsStricterThanPort25AndALevelNeverLowersTheMinimumVersion() {
        assertThat(TlsCipherPolicy.MODERN.mandatoryMinimum(TlsVersion.TLS_1_2)).isEqualTo(TlsVersion.TLS_1_3);
        assertThat(TlsCipherPolicy.MODERN.mxMinimum(TlsVersion.TLS_1_0)).isEqualTo(TlsVersion.TLS_1_2);
        assertThat(TlsCipherPolicy.INTERMEDIATE.mandatoryMinimum(TlsVersion.TLS_1_0)).isEqualTo(TlsVersion.TLS_1_2);
        assertThat(TlsCipherPolicy.INTERMEDIATE.mxMinimum(TlsVersion.TLS_1_0)).isEqualTo(TlsVersion.TLS_1_0);
        assertThat(TlsCipherPolicy.OPPORTUNISTIC.mandatoryMinimum(TlsVersion.TLS_1_1)).isEqualTo(TlsVersion.TLS_1_1);
        for (TlsCipherPolicy p : TlsCipherPolicy.values()) {
            assertThat(p.mxMinimum(TlsVersion.TLS_1_3)).as(p.word()).isEqualTo(TlsVersion.TLS_1_3);
            assertThat(p.mandatoryMinimum(TlsVersion.TLS_1_3)).as(p.word()).isEqualTo(TlsVersion.TLS_1_3);
            assertThat(p.mandatoryMinimum(TlsVersion.TLS_1_0)).as(p.word()).isGreaterThanOrEqualTo(p.mxMinimum(TlsVersion.TLS_1_0));
        }
    }

    @Test
    void tlsSaysTheLowestVersionOnPort25AndOnSubmissionWithItsPolicyAndSecurityLevel() {
        assertThat(TLS.port25Minimum()).isEqualTo(TlsVersion.TLS_1_2);
        assertThat(TLS.submissionMinimum()).isEqualTo(TlsVersion.TLS_1_2);
        Tls modern = TLS.cipherPolicy(TlsCipherPolicy.MODERN);
        assertThat(modern.port25Minimum()).isEqualTo(TlsVersion.TLS_1_2);
        assertThat(modern.submissionMinimum()).isEqualTo(TlsVersion.TLS_1_3);
        // port 25 at ENCRYPT is mandatory TLS: the submission floor applies there too
        assertThat(modern.securityLevel(dev.portcullis.TlsSecurityLevel.ENCRYPT).port25Minimum()).isEqualTo(TlsVersion.TLS_1_3);
        Tls old = TLS.minimumVersion(TlsVersion.TLS_1_0).cipherPolicy(TlsCipherPolicy.INTERMEDIATE);
        assertThat(old.port25Minimum()).isEqualTo(TlsVersion.TLS_1_0);
        assertThat(old.submissionMinimum()).isEqualTo(TlsVersion.TLS_1_2);
    }

    @ParameterizedTest
    @EnumSource(TlsCipherPolicy.class)
    void eachLevelIsReadByItsWordAndWrittenBackAsIt(TlsCipherPolicy policy) {
        MailServerSpec spec = Specs.readString(yaml("  cipherPolicy: " + policy.word() + "\n"), SpecFormat.YAML,
                MailServerSpec.class);

        assertThat(spec.tls()).hasValueSatisfying(t -> assertThat(t.cipherPolicy()).contains(policy));
        String written = Specs.writeString(spec, SpecFormat.YAML);
        assertThat(written).contains("  cipherPolicy: " + policy.word() + "\n");
        assertThat(Specs.readString(written, SpecFormat.YAML)).isEqualTo(spec);
        assertThat(Specs.readString(Specs.writeString(spec, SpecFormat.JSON), SpecFormat.JSON)).isEqualTo(spec);
    }

    @Test
    void aSpecWithoutAPolicyWritesNone() {
        MailServerSpec spec = Specs.readString(yaml(""), SpecFormat.YAML, MailServerSpec.class);

        assertThat(spec.tls()).hasValueSatisfying(t -> assertThat(t.cipherPolicy()).isEmpty());
        assertThat(Specs.writeString(spec, SpecFormat.YAML)).doesNotContain("cipherPolicy");
    }

    @Test
    void refusesAnUnknownLevelNamingTheFieldItsLineAndTheKnownWords() {
        SpecFileException e = catchThrowableOfType(SpecFileException.class,
                () -> Specs.readString(yaml("  minimumVersion: TLSv1.2\n  cipherPolicy: strongest\n"), SpecFormat.YAML));

        assertThat(e.problems()).hasSize(1);
        SpecProblem p = e.problems().get(0);
        assertThat(p.field()).isEqualTo("tls.cipherPolicy");
        assertThat(p.line()).hasValue(7);
        assertThat(p.reason()).isEqualTo("'strongest' is not one of modern, intermediate, opportunistic");
    }

    @Test
    void readsTheLevelFromJsonInAnyCase() {
        String json = "{\"kind\": \"mail-server\", \"hostname\": \"mail.example.com\", \"tls\": {\"certificate\": \"/c.pem\","
                + " \"privateKey\": \"/k.pem\", \"cipherPolicy\": \"Opportunistic\"}}";

        MailServerSpec spec = Specs.readString(json, SpecFormat.JSON, MailServerSpec.class);

        assertThat(spec.tls().orElseThrow().cipherPolicy()).contains(TlsCipherPolicy.OPPORTUNISTIC);
    }
}
