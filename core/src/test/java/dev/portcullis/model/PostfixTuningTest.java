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
}
