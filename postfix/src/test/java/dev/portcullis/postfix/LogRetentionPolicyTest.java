package dev.portcullis.postfix;

import static dev.portcullis.postfix.PostfixPlannerTest.NO_PROBE;
import static dev.portcullis.postfix.PostfixPlannerTest.postconf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.plan.Plan;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code logRetention} on Postfix: its own log file, and a logrotate policy owned like a map file. */
class LogRetentionPolicyTest {

    private static MailServerSpec keep60Days() {
        return Specs.typical().logRetention(Duration.ofDays(60)).build();
    }

    @Test
    void plansPostfixsOwnLogFileAndADailyPolicyKeepingTheRetention() {
        // a stock Debian Postfix logs through syslog: no maillog_file
        Plan plan = PostfixPlanner.plan(keep60Days(), Specs.with(Specs.stock(), "maillog_file", ""), NO_PROBE);

        assertThat(postconf(plan, "-e").get(0).argv()).contains("maillog_file=" + LogRetentionPolicy.LOG_FILE);
        assertThat(plan.render()).contains(LogRetentionPolicy.POLICY_FILE)
                .contains(LogRetentionPolicy.LOG_FILE + " {", "    daily", "    rotate 60", "    maxage 60", "    compress",
                        "    delaycompress", "/usr/sbin/postfix reload");
        assertThat(PostfixPlannerTest.recordWritten(plan).orElseThrow().toString()).contains(LogRetentionPolicy.POLICY_FILE);
    }

    @Test
    void aConvergedHostWithTheRetentionYieldsAnEmptyPlan() {
        MailServerSpec spec = keep60Days();
        Plan plan = PostfixPlanner.plan(spec, Specs.converged(spec), NO_PROBE);
        assertThat(plan.isEmpty()).as(plan.render()).isTrue();
    }

    @Test
    void aChangedRetentionRewritesThePolicy() {
        MailServerSpec spec = keep60Days();
        MailServerSpec longer = spec.toBuilder().logRetention(Duration.ofDays(180)).build();
        Plan plan = PostfixPlanner.plan(longer, Specs.converged(spec), NO_PROBE);
        assertThat(plan.render()).contains("rotate 180").doesNotContain("rotate 60");
        assertThat(postconf(plan, "-e")).isEmpty();
    }

    @Test
    void withoutARetentionNothingAboutLogsIsPlanned() {
        Plan plan = PostfixPlanner.plan(Specs.typical().build(), Specs.with(Specs.stock(), "maillog_file", ""), NO_PROBE);
        assertThat(plan.render()).doesNotContain(LogRetentionPolicy.POLICY_FILE).doesNotContain("maillog_file");
    }

    @Test
    void anEditedPolicyIsDrift() {
        MailServerSpec spec = keep60Days();
        PostfixSnapshot converged = Specs.converged(spec);
        java.util.Map<String, String> files = new java.util.HashMap<>(converged.files().asMap());
        files.put(LogRetentionPolicy.POLICY_FILE, "0".repeat(64));
        PostfixSnapshot edited = Specs.snapshot(converged.parameters(), converged.services(), FileDigests.of(files),
                converged.record(), converged.directories());

        assertThat(PostfixVerifier.verify(spec, converged, NO_PROBE).converged()).isTrue();
        assertThat(PostfixVerifier.verify(spec, edited, NO_PROBE).drifts())
                .anySatisfy(d -> assertThat(d.toString()).contains(LogRetentionPolicy.POLICY_FILE));
    }

    @Test
    void removeDeletesThePolicyItWrote() {
        MailServerSpec spec = keep60Days();
        PostfixSnapshot converged = Specs.converged(spec);
        PostfixSnapshot owned = Specs.snapshot(converged.parameters(), converged.services(), converged.files(),
                converged.record().withFile(LogRetentionPolicy.POLICY_FILE), converged.directories());

        Plan plan = PostfixRemovalPlanner.plan(spec, owned);

        assertThat(plan.commands()).anySatisfy(c -> assertThat(c.argv()).contains(LogRetentionPolicy.POLICY_FILE));
        assertThat(PostfixRemovalPlanner.plan(spec, converged).commands())
                .noneSatisfy(c -> assertThat(c.argv()).contains(LogRetentionPolicy.POLICY_FILE));
    }
}
