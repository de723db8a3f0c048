package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.LocalCommandRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Preflight on the machine the build runs on, through the local runner: read-only, and it
 * contacts nothing (the policy sends no mail and names no relay). What it finds varies by
 * machine; what it must do does not.
 */
class PreflightOnThisMachineTest {

    @Test
    void runsEveryCheckLocallyAndReadsPrivilegesThroughJna() {
        PreflightReport r = dev.portcullis.Provisioner.local().backends(List.of(FakeBackends.iptables()), List.of())
                .preflight(Specs.webPolicy());

        assertThat(r.target()).isEqualTo(LocalCommandRunner.create().target());
        assertThat(r.checks()).hasSize(6).allSatisfy(c -> assertThat(c.reason()).doesNotContain("could not finish"));
        assertThat(r.check("privileges").orElseThrow().evidence()).extracting(Evidence::source)
                .containsExactly("JNA geteuid()");
        assertThat(r.check("outbound-smtp").orElseThrow().status()).isEqualTo(PreflightCheck.Status.PASS);
        assertThat(r.processes()).isPositive();
        assertThat(PreflightTest.json(r).get("checks")).hasSize(6);
    }
}
