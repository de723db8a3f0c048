package dev.portcullis.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.spec.SpecFormat;
import dev.portcullis.spec.Specs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code MailServerSpec.logRetention}: in the model and in spec files. */
class LogRetentionTest {

    private static MailServerSpec.Builder mail() {
        return MailServerSpec.forHost("mail.example.com").acceptMailFor("example.com");
    }

    @Test
    void isAbsentUnlessAskedFor() {
        assertThat(mail().build().logRetention()).isEmpty();
        assertThat(mail().logRetention(Duration.ofDays(60)).build().logRetention()).contains(Duration.ofDays(60));
    }

    @Test
    void takesPartInEquality() {
        MailServerSpec keep60 = mail().logRetention(Duration.ofDays(60)).build();
        assertThat(keep60).isNotEqualTo(mail().build()).isNotEqualTo(mail().logRetention(Duration.ofDays(61)).build());
        assertThat(keep60.toBuilder().build()).isEqualTo(keep60).hasSameHashCodeAs(keep60);
        assertThat(keep60.toString()).contains("logRetention=60d");
    }

    @Test
    void refusesLessThanADayPartDaysAndMoreThanTenYears() {
        for (Duration bad : new Duration[] {Duration.ofHours(12), Duration.ofHours(36), Duration.ofDays(3651), Duration.ZERO}) {
            assertThatThrownBy(() -> mail().logRetention(bad).build()).isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("logRetention").hasMessageContaining("whole days from 1 to 3650");
        }
    }

    @Test
    void readsAndWritesItInSpecFiles() {
        MailServerSpec spec = mail().logRetention(Duration.ofDays(60)).build();
        for (SpecFormat format : SpecFormat.values()) {
            String text = Specs.writeString(spec, format);
            assertThat(text).contains("60d");
            assertThat(Specs.readString(text, format)).isEqualTo(spec);
        }
    }

    @Test
    void refusesAFileValueThatIsNotWholeDays() {
        String yaml = "kind: mail-server\nhostname: mail.example.com\nacceptedDomains: [example.com]\nlogRetention: 2 months\n";
        assertThatThrownBy(() -> Specs.readString(yaml, SpecFormat.YAML)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("logRetention").hasMessageContaining("whole days, such as 60d");
    }
}
