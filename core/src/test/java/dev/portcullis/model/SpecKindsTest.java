package dev.portcullis.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Spec;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpecKindsTest {

    private static final PortPolicy POLICY = PortPolicy.named("smtp").allow(Protocol.TCP, 25).build();
    private static final MailServerSpec MAIL = MailServerSpec.forHost("mail.example.com").build();

    @Test
    void aSpecIsAPortPolicyOrAMailServerAndNothingElse() {
        assertThat(Spec.class.isSealed()).isTrue();
        assertThat(Spec.class.getPermittedSubclasses()).containsExactlyInAnyOrder(PortPolicy.class, MailServerSpec.class);
    }

    @Test
    void matchCallsTheFunctionOfTheSpecsKind() {
        Spec policy = POLICY;
        Spec mail = MAIL;
        assertThat(policy.<String>match(p -> "policy " + p.name(), m -> "mail " + m.name())).isEqualTo("policy smtp");
        assertThat(mail.<String>match(p -> "policy " + p.name(), m -> "mail " + m.name()))
                .isEqualTo("mail mail-mail-example-com");
    }

    @Test
    void theBuildersHaveNoWithThatWouldShadowGroovysOwn() {
        for (Class<?> builder : new Class<?>[] {MailServerSpec.Builder.class, PortPolicy.Builder.class}) {
            assertThat(Arrays.stream(builder.getMethods()).map(Method::getName)).as(builder.getName()).doesNotContain("with");
        }
        assertThat(Arrays.stream(MailServerSpec.Builder.class.getMethods()).map(Method::getName)).contains("configure");
    }
}
