package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.plan.Drift;
import dev.portcullis.plan.VerifyReport;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostfixVerifierTest {

    static final ProbeTarget NO_PROBE = new ProbeTarget(Optional.empty(), Duration.ofSeconds(1), "SMTP probe turned off");

    @Test
    void aConvergedHostHasNoDrift() {
        MailServerSpec spec = Specs.typical().build();

        VerifyReport r = PostfixVerifier.verify(spec, Specs.converged(spec), NO_PROBE);

        assertThat(r.converged()).as(r.toString()).isTrue();
        assertThat(r.findings()).containsExactly("SMTP probe turned off");
    }

    @Test
    void namesEachKeyThatDriftedWithBothValues() {
        MailServerSpec spec = Specs.typical().build();

        VerifyReport r = PostfixVerifier.verify(spec, Specs.with(Specs.converged(spec), "disable_vrfy_command", "no"), NO_PROBE);

        assertThat(r.drifts()).containsExactly(new Drift("disable_vrfy_command", "yes", "no", "main.cf"));
    }

    @Test
    void aMissingServiceAndMissingMapFilesAreDrift() {
        MailServerSpec spec = Specs.typical().virtualMailboxes(dev.portcullis.VirtualMailboxes.staticMap(
                java.util.Map.of("alice@example.com", "example.com/alice/"))).build();

        VerifyReport r = PostfixVerifier.verify(spec, Specs.converged(Specs.typical().build()), NO_PROBE);

        assertThat(r.drifts()).extracting(Drift::where).contains("main.cf", "map file");
    }
}
