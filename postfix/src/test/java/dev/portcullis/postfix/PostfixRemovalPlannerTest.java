package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostfixRemovalPlannerTest {

    static final MailServerSpec SPEC = Specs.typical().build();

    static PostfixSnapshot withFiles(PostfixSnapshot s, Map<String, String> extra) {
        Map<String, String> files = new LinkedHashMap<>(s.files().asMap());
        files.putAll(extra);
        return Specs.snapshot(s.parameters(), s.services(), FileDigests.of(files), s.record());
    }

    @Test
    void nothingOwnedMeansNothingToRemove() {
        Plan plan = PostfixRemovalPlanner.plan(SPEC, Specs.stock());

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("nothing to remove"));
    }

    @Test
    void putsBackOnlyTheKeysAndServicesItSetWhenTheFilesWereEditedSince() {
        PostfixSnapshot s = Specs.with(Specs.converged(SPEC), "smtpd_banner", "$myhostname ESMTP edited by the admin");

        Plan plan = PostfixRemovalPlanner.plan(SPEC, s);

        Command set = plan.commands().stream().filter(c -> c.argv().subList(0, 2).equals(List.of("postconf", "-e"))).findFirst()
                .orElseThrow();
        assertThat(set.argv()).contains("myhostname=testhost.portcullis.test",
                "smtpd_relay_restrictions=permit_mynetworks permit_sasl_authenticated defer_unauth_destination")
                .noneMatch(a -> a.startsWith("smtpd_banner"));
        assertThat(plan.commands()).anySatisfy(c -> assertThat(c.argv()).startsWith("postconf", "-X").contains("message_size_limit")
                .doesNotContain("smtpd_banner"));
        assertThat(plan.commands()).anySatisfy(c -> assertThat(c.argv()).containsExactly("postconf", "-MX", "submission/inet"));
        assertThat(plan.notes()).anyMatch(n -> n.contains("only the keys and services it set are put back"));
    }

    @Test
    void restoresTheOriginalFilesByteForByteWhenNobodyEditedThemSince() {
        PostfixSnapshot converged = Specs.converged(SPEC);
        PostfixSnapshot s = withFiles(converged, Map.of(PostfixPaths.APPLIED_DIGESTS, PostfixSteps.appliedDigestsFor(converged.files())));

        Plan plan = PostfixRemovalPlanner.plan(SPEC, s);

        assertThat(plan.commands()).contains(FileCommands.copy(PostfixPaths.ORIGINAL_MAIN_CF, PostfixPaths.MAIN_CF),
                FileCommands.copy(PostfixPaths.ORIGINAL_MASTER_CF, PostfixPaths.MASTER_CF));
        assertThat(plan.commands()).noneMatch(c -> c.program().equals("postconf"));
    }

    @Test
    void leavesAStoppedPostfixStoppedAndForgetsItsOwnFolderLast() {
        Plan plan = PostfixRemovalPlanner.plan(SPEC, Specs.converged(SPEC));

        assertThat(plan.steps().get(plan.steps().size() - 2).action().commands()).doesNotContain(ReloadAction.postfix("start"));
        assertThat(plan.steps().get(plan.steps().size() - 1).action().commands())
                .containsExactly(FileCommands.removeOwnDirectory(PostfixPaths.STATE_DIR));
        assertThat(plan.steps().get(plan.steps().size() - 1).undo().isReversible()).isFalse();
    }
}
