package dev.portcullis.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.RecordingCommandRunner;
import org.junit.jupiter.api.Test;

/** An apply report names the commands it ran, but neither a secret fed to one nor its length. */
class SecretInReportsTest {

    private static final String PASSWORD = "correct-horse-battery-staple-1234567";

    @Test
    void applyReportShowsNeitherASensitiveStdinNorItsLength() {
        String template = "user = mail\npassword = " + PASSWORD + "\n";
        Command write = Command.builder("install").args("-m", "0640", "/dev/stdin", "/etc/postfix/db.cf")
                .sensitiveStdin(template).build();
        Plan plan = Plan.builder("test", "host")
                .step(Step.of("write the database map", write, Probe.none("written in place"), Command.of("rm", "/etc/postfix/db.cf")))
                .build();

        ApplyReport report = PlanExecutor.on(new RecordingCommandRunner()).execute(plan);

        String everything = report.toJson() + report + plan.render();
        assertThat(everything).doesNotContain(PASSWORD).contains("[stdin redacted]")
                .doesNotContain(String.valueOf(template.length())).doesNotContainPattern("redacted: [0-9]");
    }
}
