package dev.portcullis.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.HostileBuilderInputTest;
import org.junit.jupiter.api.Test;

/** The hostile-input properties feed at least 10,000 hostile values in all. */
class HostileInputBudgetTest {

    @Test
    void theHostilePropertiesDeclareAtLeastTenThousandTries() {
        int builders = HostileBuilderInputTest.declaredTries();
        int files = HostileSpecFileInputTest.declaredTries();
        assertThat(builders).isEqualTo(30 * HostileBuilderInputTest.TRIES);
        assertThat(files).isEqualTo(4 * HostileSpecFileInputTest.FIELD_TRIES + 2 * HostileSpecFileInputTest.KEY_TRIES);
        assertThat(builders + files).isGreaterThanOrEqualTo(10_000);
    }
}
