package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.Undo;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.testing.InjectedFailure;
import dev.portcullis.testing.LinuxTestHost;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failure at any step of a plan rolls firewalld back to exactly where it was: the runtime and
 * permanent {@code --list-all}, the service lists, and the zone and service XML files are
 * identical to before. The step's action really runs; then its probe is made to fail, so the
 * undo of every completed step (the failed one included) has real work to do. The plan changes a
 * policy already applied (new ports, new sources, a service no longer needed), so it has every
 * kind of step: runtime zone with its record, permanent zone defining and deleting services (never
 * a reload).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirewalldRollbackIT {

    private static final String ZONE = "public";
    private static final FirewalldBackend BACKEND = new FirewalldBackend();

    /** The policy a host starts from in the "change" and "removal" scenarios. */
    private static final PortPolicy BEFORE = PortPolicy.named("rb").zone(ZONE)
            .allow(Protocol.TCP, 2525)
            .allow(Protocol.TCP, 25).from("203.0.113.0/24")
            .build();
    /** New ports, new sources, and services that are no longer needed: every kind of step. */
    private static final PortPolicy AFTER = PortPolicy.named("rb").zone(ZONE)
            .allow(Protocol.TCP, 587, 465)
            .allow(Protocol.TCP, 25).from("198.51.100.0/24", "2001:db8::/48")
            .build();

    @AutoClose
    static LinuxTestHost host;
    static FirewalldState before;

    @BeforeAll
    static void startFirewalldWithAnAdministratorsRules() {
        host = LinuxTestHost.start().startFirewalld();
        String rich = "rule family=\"ipv4\" source address=\"192.0.2.0/24\" service name=\"ssh\" accept";
        host.run("firewall-cmd", "--permanent", "--zone=" + ZONE, "--add-port=8080/tcp");
        host.run("firewall-cmd", "--permanent", "--zone=" + ZONE, "--add-rich-rule=" + rich);
        host.run("firewall-cmd", "--zone=" + ZONE, "--add-port=8080/tcp");
        host.run("firewall-cmd", "--zone=" + ZONE, "--add-rich-rule=" + rich);
    }

    private static BackendContext context() {
        HostFacts facts = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).effectiveUid(0)
                .tools("firewall-cmd", "firewall-offline-cmd").build();
        return new BackendContext(host.runner(), facts, Map.of());
    }

    @Test
    @Order(1)
    void theChangePlanHasEveryKindOfStep() {
        assertThat(PlanExecutor.on(host.runner()).execute(BACKEND.plan(BEFORE, context())).succeeded()).isTrue();
        before = FirewalldState.capture(host.runner());

        Plan plan = BACKEND.plan(AFTER, context());

        assertThat(plan.steps()).as(plan.render()).extracting(Step::description).satisfiesExactly(
                d -> assertThat(d).startsWith("runtime zone public"),
                d -> assertThat(d).startsWith("permanent zone public: define 1 owned service").contains("delete 1 owned service"));
        assertThat(plan.render()).doesNotContain("--reload");
    }

    @ParameterizedTest(name = "failure at step {0} of 2")
    @ValueSource(ints = {0, 1})
    @Order(2)
    void aFailureAtAnyStepLeavesFirewalldExactlyAsBefore(int failingStep) {
        ApplyReport report = PlanExecutor.on(host.runner()).execute(InjectedFailure.probeFailsAt(BACKEND.plan(AFTER, context()), failingStep));

        assertRolledBackToBefore(report);
    }

    @Test
    @Order(3)
    void aRuleFirewalldRefusesRollsBackTheServicesToo() {
        // The model refuses every rate limit firewalld refuses, so the refused rule is added to the real
        // plan as a step of its own, right after the runtime step: firewalld 1.3.3
        // refuses the limit "1/d" ("INVALID_LIMIT: 1/d too slow").
        String rule = "rule family=\"ipv4\" source address=\"192.0.2.0/24\" port port=\"2526\" protocol=\"tcp\""
                + " limit value=\"1/d\" accept";
        ZoneChange refused = new ZoneChange(Set.of(), Set.of(), Set.of(), Set.of(rule));
        Step refusedStep = Step.of("runtime zone public: a rich rule firewalld refuses",
                FirewalldClientAction.of("change the runtime zone public",
                        FirewalldClient.change(FirewallCmd.Config.RUNTIME, ZONE, refused, List.of(), List.of(), Optional.empty())),
                Probe.succeeds("the rich rule is there", Command.of("firewall-cmd", "--zone=" + ZONE, "--query-rich-rule=" + rule)),
                Undo.by(FirewalldClientAction.of("undo", FirewalldClient.change(FirewallCmd.Config.RUNTIME, ZONE,
                        refused.inverse(), List.of(), List.of(), Optional.empty()))));

        ApplyReport report = PlanExecutor.on(host.runner()).execute(withStepAt(BACKEND.plan(AFTER, context()), 1, refusedStep));

        assertThat(report.failedStep()).hasValueSatisfying(s -> assertThat(s.finding())
                .contains("firewalld refused to change the runtime zone public: parseRichRule", "INVALID_LIMIT: 1/d too slow")
                .doesNotContain("import json"));
        assertRolledBackToBefore(report);
    }

    private static void assertRolledBackToBefore(ApplyReport report) {
        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.findings()).as(report.toString()).anyMatch(f -> f.startsWith("after rollback, host is as before"));
        FirewalldState after = FirewalldState.capture(host.runner());
        assertThat(after.listing()).isEqualTo(before.listing());
        assertThat(after.xmlFiles()).isEqualTo(before.xmlFiles());
    }

    /** The same plan with one more step at an index. */
    private static Plan withStepAt(Plan plan, int index, Step extra) {
        Plan.Builder b = Plan.builder(plan.backend(), plan.target());
        for (int i = 0; i < plan.steps().size(); i++) {
            if (i == index) {
                b.step(extra);
            }
            b.step(plan.steps().get(i));
        }
        plan.notes().forEach(b::note);
        b.rollbackCheck(plan.rollbackCheck().orElseThrow());
        return b.build();
    }
}
