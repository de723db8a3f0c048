package dev.portcullis.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.ApplyOptions;
import dev.portcullis.InvalidSpecException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApplyOptionsTest {

    @Test
    void defaultsGuardAgainstLockoutAndArmNothing() {
        assertThat(ApplyOptions.defaults().allowLockout()).isFalse();
        assertThat(ApplyOptions.defaults().confirmWithin()).isEmpty();
    }

    @Test
    void newBuilderDerivesAVariant() {
        ApplyOptions a = ApplyOptions.builder().confirmWithin(Duration.ofSeconds(120)).build();
        ApplyOptions b = a.newBuilder().allowLockout(true).build();

        assertThat(b.confirmWithin()).contains(Duration.ofSeconds(120));
        assertThat(b.allowLockout()).isTrue();
        assertThat(a.allowLockout()).isFalse();
        assertThat(b).isEqualTo(ApplyOptions.builder().allowLockout(true).confirmWithin(Duration.ofMinutes(2)).build());
    }

    @Test
    void refusesAWindowThatIsNotWholeSecondsFromOneSecondToADay() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-5), Duration.ofMillis(1500),
            Duration.ofDays(1).plusSeconds(1)}) {
            assertThatThrownBy(() -> ApplyOptions.builder().confirmWithin(bad)).isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("confirmWithin: must be whole seconds from 1 s to a day");
        }
        assertThat(ApplyOptions.builder().confirmWithin(Duration.ofDays(1)).build().confirmWithin()).isPresent();
    }
}
