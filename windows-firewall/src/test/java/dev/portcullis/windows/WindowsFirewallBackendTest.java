package dev.portcullis.windows;

import dev.portcullis.powershell.FakePowerShellHost;
import dev.portcullis.powershell.PowerShellTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.RateLimit;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.StepReport;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.Backends;
import dev.portcullis.spi.HostFacts;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowsFirewallBackendTest {

    private static final String READ = "Portcullis: read";
    private static final String APPLY = "Portcullis: apply";
    private static final String RESTORE = "Portcullis: restore";
    private static final String REMOVE = "Portcullis: remove";

    private final WindowsFirewallBackend backend = new WindowsFirewallBackend(() -> true);

    @Test
    void supportsWindowsOnlyAndSaysWhy() {
        assertThat(backend.supports(Policies.windows()).supported()).isTrue();
        var linux = backend.supports(HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).build());
        assertThat(linux.supported()).isFalse();
        assertThat(linux.reason()).contains("Windows").contains("LINUX");
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(Backends.firewalls()).extracting(b -> b.id()).contains("windows-firewall");
    }

    @Test
    void planOnAnEmptyGroupIsOneStepOfOneScriptAfterOneInspection() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer(READ, "inspect-empty.stdout");
        Plan plan = backend.plan(Policies.smtpInbound(), Policies.context(host, Map.of()));

        assertThat(host.commands()).hasSize(1);
        assertThat(plan.steps()).hasSize(1);
        assertThat(plan.commands()).hasSize(1);
        assertThat(plan.commands().get(0).argv())
                .containsExactly("powershell.exe", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "-");
        assertThat(new String(plan.commands().get(0).stdin().orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo(Fixtures.text("golden/apply-smtp-inbound-new.ps1"));
        assertThat(plan.rollbackCheck()).isPresent();
        assertThat(plan.steps().get(0).undo().isReversible()).isTrue();
    }

    @Test
    void convergedGroupGivesAnEmptyPlanForTheCostOfOneProcess() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer(READ, "inspect-converged-ps51.stdout");
        Plan plan = backend.plan(Policies.smtpInbound(), Policies.context(host, Map.of()));
        assertThat(plan.isEmpty()).isTrue();
        assertThat(host.commands()).hasSize(1);
        ApplyReport report = PlanExecutor.on(host).execute(plan);
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        assertThat(host.commands()).hasSize(1);
    }

    @Test
    void applyCostsTwoProcessesAndIsProvenByTheReadBackOfTheSameScript() {
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answer(READ, "inspect-empty.stdout").answer(APPLY, "inspect-converged-ps51.stdout");
        Plan plan = backend.plan(Policies.smtpInbound(), Policies.context(host, Map.of()));
        ApplyReport report = PlanExecutor.on(host).execute(plan);

        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(report.steps().get(0).finding()).contains("matches the policy");
        assertThat(host.purposes()).hasSize(2);
    }

    @Test
    void aReadBackThatDiffersRollsBackToTheSnapshotAndProvesIt() {
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answer(READ, "inspect-empty.stdout")
                .answer(APPLY, "inspect-drifted-ps51.stdout")
                .answer(RESTORE, "inspect-empty.stdout");
        Plan plan = backend.plan(Policies.smtpInbound(), Policies.context(host, Map.of()));
        ApplyReport report = PlanExecutor.on(host).execute(plan);

        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.steps().get(0).finding()).contains("NOT so").contains("Enabled");
        assertThat(host.purposes()).extracting(p -> p.split(" ")[2]).containsExactly("read", "apply", "restore", "read");
        assertThat(report.findings()).singleElement().asString().contains("host is as before");
    }

    @Test
    void aFailingScriptRollsBackWithTheScriptsMessage() {
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answer(READ, "inspect-empty.stdout")
                .fail(APPLY, "Access is denied.")
                .answer(RESTORE, "inspect-empty.stdout");
        ApplyReport report = PlanExecutor.on(host).execute(backend.plan(Policies.smtpInbound(), Policies.context(host, Map.of())));
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.steps().get(0).outcome()).isEqualTo(StepReport.Outcome.FAILED);
        assertThat(report.steps().get(0).finding()).contains("Access is denied.");
    }

    @Test
    void unsupportedFeaturesAreRefusedBeforeAnyProcess() {
        FakePowerShellHost host = new FakePowerShellHost(false);
        PortPolicy limited = PortPolicy.named("smtp").allow(Protocol.TCP, 25).rateLimit(RateLimit.perMinute(60)).build();
        assertThatThrownBy(() -> backend.plan(limited, Policies.context(host, Map.of())))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("rules[0].rateLimit");
        assertThat(host.commands()).isEmpty();
    }

    @Test
    void refusesAZonedPolicyNamingTheZoneFieldBeforeAnyProcess() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer(READ, "inspect-empty.stdout");
        PortPolicy zoned = PortPolicy.named("db").zone("internal").allow(Protocol.TCP, 5432).build();
        assertThatThrownBy(() -> backend.plan(zoned, Policies.context(host, Map.of())))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).problems())
                        .extracting(p -> p.field()).containsExactly("zone"))
                .hasMessageContaining("profiles");
        assertThat(host.commands()).isEmpty();
    }

    @Test
    void ignoredRateLimitsAppearAsPlanNotes() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer(READ, "inspect-empty.stdout");
        PortPolicy limited = PortPolicy.named("smtp-inbound").allow(Protocol.TCP, 25).rateLimit(RateLimit.perMinute(60)).build();
        Plan plan = backend.plan(limited, Policies.context(host, Map.of(WindowsFirewallOptions.IGNORE_RATE_LIMITS, "true")));
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("NOT applied"));
        assertThat(plan.render()).contains("# note: rules[0]: rate limit 60/minute NOT applied");
    }

    @Test
    void removalRemovesExactlyTheGroupAndIsUndoneByRestoringIt() {
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answer(READ, "inspect-converged-ps51.stdout").answer(REMOVE, "inspect-empty.stdout");
        Plan plan = backend.planRemoval(Policies.smtpInbound(), Policies.context(host, Map.of()));
        assertThat(plan.steps()).hasSize(1);
        String script = new String(plan.commands().get(0).stdin().orElseThrow(), StandardCharsets.UTF_8);
        assertThat(script).isEqualTo(Fixtures.text("golden/remove-smtp-inbound.ps1"));
        ApplyReport report = PlanExecutor.on(host).execute(plan);
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(host.commands()).hasSize(2);
    }

    @Test
    void removalOfAnAbsentGroupIsEmpty() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer(READ, "inspect-empty.stdout");
        assertThat(backend.planRemoval(Policies.smtpInbound(), Policies.context(host, Map.of())).isEmpty()).isTrue();
    }

    @Test
    void verifyReportsDriftsReadOnly() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer(READ, "inspect-drifted-ps51.stdout");
        VerifyReport report = backend.verify(Policies.smtpInbound(), Policies.context(host, Map.of()));
        assertThat(report.converged()).isFalse();
        assertThat(report.drifts()).hasSize(5);
        assertThat(host.purposes()).singleElement().asString().contains("read");
    }

    @Test
    void aLocalUnelevatedProcessIsToldAtPlanTimeAndRefusedBeforeTheScriptRuns() {
        WindowsFirewallBackend unelevated = new WindowsFirewallBackend(() -> false);
        FakePowerShellHost host = new FakePowerShellHost(true).answer(READ, "inspect-empty.stdout")
                .answer(RESTORE, "inspect-empty.stdout");
        Plan plan = unelevated.plan(Policies.smtpInbound(), Policies.context(host, Map.of()));
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("not elevated"));

        ApplyReport report = PlanExecutor.on(host).execute(plan);
        assertThat(report.succeeded()).isFalse();
        assertThat(report.steps().get(0).finding()).contains("elevated");
        assertThat(host.purposes()).noneMatch(p -> p.contains("apply"));
    }

    @Test
    void elevationIsNotAskedForRemoteRunners() {
        WindowsFirewallBackend unelevated = new WindowsFirewallBackend(() -> false);
        FakePowerShellHost host = new FakePowerShellHost(false).answer(READ, "inspect-empty.stdout");
        assertThat(unelevated.plan(Policies.smtpInbound(), Policies.context(host, Map.of())).notes()).isEmpty();
    }

    @Test
    void powershellExecutableComesFromTheOption() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer(READ, "inspect-empty.stdout");
        backend.plan(Policies.smtpInbound(), Policies.context(host, Map.of(WindowsFirewallOptions.POWERSHELL, "pwsh")));
        assertThat(host.commands().get(0).program()).isEqualTo("pwsh");
    }

    @Test
    void aNonAsciiDisplayNameOnTheHostIsRestoredWholeThroughAnAsciiScript() {
        String recorded = Fixtures.text("fixtures/inspect-drifted-ps51.stdout")
                .replace("Portcullis smtp-inbound #3: allow tcp 2525", "R\u00e8gle ajout\u00e9e");
        FakePowerShellHost host = new FakePowerShellHost(false).answerText(READ, recorded);
        Plan plan = backend.plan(Policies.smtpInbound(), Policies.context(host, Map.of()));

        String restore = new String(plan.steps().get(0).undo().action().orElseThrow().commands().get(0).stdin().orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(restore.chars()).allMatch(c -> c < 0x7f);
        assertThat(restore.lines().flatMap(l -> PowerShellTokens.split(l).literals().stream())).contains("R\u00e8gle ajout\u00e9e");
    }

    @Test
    void aRuleNamedWithAWildcardInTheGroupIsRefusedBeforeAnythingRuns() {
        String recorded = Fixtures.text("fixtures/inspect-drifted-ps51.stdout")
                .replace("\"Name\":\"portcullis-smtp-inbound-3\"", "\"Name\":\"*\"");
        FakePowerShellHost host = new FakePowerShellHost(false).answerText(READ, recorded);
        assertThatThrownBy(() -> backend.plan(Policies.smtpInbound(), Policies.context(host, Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("rule named '*'")
                .hasMessageContaining("Portcullis smtp-inbound").hasMessageContaining("wildcard");
        assertThatThrownBy(() -> backend.planRemoval(Policies.smtpInbound(), Policies.context(host, Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("rule named '*'");
        assertThat(host.purposes()).allMatch(p -> p.contains(READ));
    }
}
