package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.plan.Drift;
import dev.portcullis.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Plans and verifies on a host that fail2ban, Docker and an administrator already use. */
class LivedInPlanTest {

    static String script(Plan plan) {
        return IptablesPlannerTest.stdin(plan.commands().get(0));
    }

    @Test
    void withoutAPositionTheJumpGoesBelowEveryBanAndDenyAndThePlanSaysSo() {
        Plan plan = IptablesPlanner.planApply(LivedIn.SMTP, LivedIn.snapshot("host.v4"), LivedIn.automatic(), "t");

        assertThat(script(plan)).contains("-I INPUT 5 -m comment --comment portcullis-shared:jump -j PORTCULLIS-INPUT");
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("stays in front of the policy", LivedIn.ADMIN_DROP));
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("stays in front of the policy",
                LivedIn.FAIL2BAN_POSTFIX));
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("no longer decides", LivedIn.DEFAULT_REJECT));
        assertThat(plan.notes()).noneMatch(n -> n.contains("pre-empted"));
    }

    @Test
    void reapplyMovesAJumpThatPreEmptsABanBelowItAndItsUndoPutsItBack() {
        Plan plan = IptablesPlanner.planApply(LivedIn.SMTP, LivedIn.snapshot("with-jump-at-top.v4"),
                LivedIn.automatic(), "t");

        assertThat(plan.steps()).hasSize(1);
        assertThat(script(plan)).contains("-D INPUT -m comment --comment portcullis-shared:jump -j PORTCULLIS-INPUT",
                "-I INPUT 5 -m comment --comment portcullis-shared:jump -j PORTCULLIS-INPUT").doesNotContain("-A ");
        String undo = IptablesPlannerTest.stdin(plan.steps().get(0).undo().action().orElseThrow().commands().get(0));
        assertThat(undo).contains("-I INPUT 1 -m comment --comment portcullis-shared:jump -j PORTCULLIS-INPUT");
    }

    @Test
    void anExplicitPositionIsKeptAndThePlanNamesEveryGuardItPreEmpts() {
        Plan plan = IptablesPlanner.planApply(LivedIn.SMTP, LivedIn.snapshot("host.v4"),
                LivedIn.settings(OptionalInt.of(1), Map.of()), "t");

        assertThat(script(plan)).contains("-I INPUT 1 -m comment --comment portcullis-shared:jump -j PORTCULLIS-INPUT");
        for (String guard : List.of(LivedIn.FAIL2BAN_POSTFIX, LivedIn.FAIL2BAN_SSHD, LivedIn.ADMIN_DROP)) {
            assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("is pre-empted by the policy", guard,
                    "because iptables.position=1"));
        }
    }

    @Test
    void verifyReportsEveryGuardBelowTheJumpAsDrift() {
        List<Drift> drifts = IptablesVerifier.drifts(LivedIn.SMTP, LivedIn.snapshot("with-jump-at-top.v4"),
                LivedIn.automatic());

        assertThat(drifts).filteredOn(d -> d.subject().contains("pre-empted")).extracting(Drift::actual)
                .containsExactly("below the jump: " + LivedIn.FAIL2BAN_POSTFIX, "below the jump: " + LivedIn.FAIL2BAN_SSHD,
                        "below the jump: " + LivedIn.ADMIN_DROP);
    }

    @Test
    void withAnExplicitPositionVerifyNamesThePreEmptedGuardsAsFindingsNotDrift() {
        IptablesSettings atOne = LivedIn.settings(OptionalInt.of(1), Map.of());

        assertThat(IptablesVerifier.drifts(LivedIn.SMTP, LivedIn.snapshot("with-jump-at-top.v4"), atOne)).isEmpty();
        assertThat(IptablesVerifier.neighbourFindings(LivedIn.SMTP, LivedIn.snapshot("with-jump-at-top.v4"), atOne))
                .anySatisfy(f -> assertThat(f).contains("pre-empted", LivedIn.ADMIN_DROP))
                .anySatisfy(f -> assertThat(f).contains("no longer decides", LivedIn.DEFAULT_REJECT));
    }

    @Test
    void aPolicyWithAZoneIsRefusedNamingTheFieldUnlessTheZoneIsMappedToInterfaces() {
        PortPolicy internal = PortPolicy.named("mysql").zone("internal").allow(Protocol.TCP, 3306).build();

        assertThatThrownBy(() -> IptablesPlanner.planApply(internal, LivedIn.snapshot("host.v4"), LivedIn.automatic(), "t"))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> {
                            assertThat(p.field()).isEqualTo("zone");
                            assertThat(p.reason()).contains("iptables.zone.internal=");
                        }));
    }

    @Test
    void aMappedZoneBindsEveryRuleToItsInterfaces() {
        PortPolicy internal = PortPolicy.named("mysql").zone("internal").allow(Protocol.TCP, 3306).build();
        IptablesSettings mapped = LivedIn.settings(OptionalInt.empty(), Map.of("internal", List.of("eth1", "eth2")));

        Plan plan = IptablesPlanner.planApply(internal, LivedIn.snapshot("host.v4"), mapped, "t");

        assertThat(script(plan)).contains(
                "-A PORTCULLIS-INPUT -i eth1 -p tcp -m tcp --dport 3306 -m comment --comment portcullis:mysql:1 -j ACCEPT",
                "-A PORTCULLIS-INPUT -i eth2 -p tcp -m tcp --dport 3306 -m comment --comment portcullis:mysql:1 -j ACCEPT");
        assertThat(script(plan)).doesNotContain("-A PORTCULLIS-INPUT -p tcp -m tcp --dport 3306");
    }
}
