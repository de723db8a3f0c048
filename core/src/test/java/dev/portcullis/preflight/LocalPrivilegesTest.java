package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.LocalCommandRunner;
import org.junit.jupiter.api.Test;

class LocalPrivilegesTest {

    @Test
    void jnaReadsTheSameEffectiveUidAsIdOnThisMachine() {
        String uid = LocalCommandRunner.create().run("id", "-u").stdout().strip();

        LocalPrivileges.Reading r = LocalPrivileges.jna().read().orElseThrow();

        assertThat(r.source()).isEqualTo("JNA geteuid()");
        assertThat(r.value()).isEqualTo(uid);
        assertThat(r.privileged()).isEqualTo(uid.equals("0"));
    }

    @Test
    void anUnavailableReaderSaysNothing() {
        assertThat(LocalPrivileges.unavailable().read()).isEmpty();
    }
}
