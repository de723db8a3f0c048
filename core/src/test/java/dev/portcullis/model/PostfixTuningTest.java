package dev.portcullis.model;

import static dev.portcullis.model.Refusals.fields;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PostfixTuning;
import dev.portcullis.SaslType;
import org.junit.jupiter.api.Test;

class PostfixTuningTest {

    @Test
    void defaultsAreThoseOfAPlainPostfix() {
        PostfixTuning t = PostfixTuning.defaults();
        assertThat(t.saslType()).isEqualTo(SaslType.DOVECOT);
        assertThat(t.saslPath()).isEqualTo("private/auth");
        assertThat(t.processLimit()).isEqualTo(100);
        assertThat(t.isDefault()).isTrue();
        assertThat(t.toBuilder().processLimit(99).build().isDefault()).isFalse();
    }

    @Test
    void saslPathStaysInsideTheQueueDirectory() {
        assertThat(PostfixTuning.builder().sasl(SaslType.CYRUS, "private/sasl").build().saslPath()).isEqualTo("private/sasl");
        for (String path : new String[] {"../auth", "private/../../etc/x", "/private/auth", "private/./auth", "..",
            "Private/Auth", "private/auth\n"}) {
            assertThat(fields(() -> PostfixTuning.builder().sasl(SaslType.DOVECOT, path).build())).as(path)
                    .containsExactly("sasl.path");
        }
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThat(fields(() -> PostfixTuning.builder().sasl(null, null).processLimit(0).build()))
                .containsExactly("sasl.type", "sasl.path", "processLimit");
        assertThat(fields(() -> PostfixTuning.builder().processLimit(10_001).build())).containsExactly("processLimit");
    }

    @Test
    void equalsComparesEverySetting() {
        PostfixTuning t = PostfixTuning.builder().sasl(SaslType.CYRUS, "private/sasl").processLimit(50).build();
        assertThat(t.toBuilder().build()).isEqualTo(t).hasSameHashCodeAs(t);
        assertThat(t.toBuilder().sasl(SaslType.DOVECOT, "private/sasl").build()).isNotEqualTo(t);
        assertThat(t.toBuilder().sasl(SaslType.CYRUS, "private/auth").build()).isNotEqualTo(t);
        assertThat(t.toBuilder().processLimit(51).build()).isNotEqualTo(t);
        assertThat(t).hasToString("PostfixTuning{sasl=cyrus:private/sasl, processLimit=50}");
    }

    @Test
    void extrasAreKeptByNameInAlphabeticalOrderAndCompared() {
        PostfixTuning t = PostfixTuning.builder().extra("max_idle", "200s").extra("default_destination_concurrency_limit", "10")
                .extra("smtp_tls_CAfile", "").build();

        assertThat(t.extras()).containsExactly(java.util.Map.entry("default_destination_concurrency_limit", "10"),
                java.util.Map.entry("max_idle", "200s"), java.util.Map.entry("smtp_tls_CAfile", ""));
        assertThat(t.isDefault()).isFalse();
        assertThat(t.toBuilder().build()).isEqualTo(t).hasSameHashCodeAs(t);
        assertThat(t.toBuilder().extra("max_idle", "100s").build()).isNotEqualTo(t);
        assertThat(t.toString()).contains("extra={default_destination_concurrency_limit=10, max_idle=200s, smtp_tls_CAfile=}");
    }

    @Test
    void refusesAnExtraValueOfMoreThanOneLineNamingTheParameter() {
        for (String value : new String[] {"200s\nrelayhost = evil", "a\rb", "a\u0000b", null, "x".repeat(4097)}) {
            assertThat(fields(() -> PostfixTuning.builder().extra("max_idle", value).build())).as(String.valueOf(value))
                    .containsExactly("extra.max_idle");
        }
    }

    @Test
    void refusesAnExtraNameThatIsNoPostfixParameterName() {
        for (String name : new String[] {"max idle", "max_idle=1", "1abc", "", "x\ny", "smtpd-milters", "a".repeat(101)}) {
            assertThat(fields(() -> PostfixTuning.builder().extra(name, "1").build())).as(name).containsExactly("extra");
        }
    }
}
