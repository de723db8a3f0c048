package dev.portcullis.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.Step;
import org.junit.jupiter.api.Test;

/** {@code plan --json} gives scripts the argv of every step, and never a secret or its length. */
class PlanJsonTest {

    @Test
    void sensitiveStdinShowsNeitherTheSecretNorItsLength() throws Exception {
        String input = "password = " + "s".repeat(61) + "\n";
        Command write = Command.builder("install").args("/dev/stdin", "/etc/postfix/db.cf").sensitiveStdin(input).build();
        Plan plan = Plan.builder("test", "host")
                .step(Step.of("write the map", write, Probe.none("written in place"), Command.of("rm", "/etc/postfix/db.cf")))
                .build();

        String json = new ObjectMapper().writeValueAsString(PlanJson.of(plan));

        assertThat(json).doesNotContain("sss").contains("\"stdin\":\"[redacted]\"")
                .doesNotContain(String.valueOf(input.length())).doesNotContainPattern("redacted: ?[0-9]");
    }
}
