package dev.portcullis.exchange;

import dev.portcullis.powershell.PowerShellTokens;
import dev.portcullis.powershell.FakePowerShellHost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.Backends;
import dev.portcullis.spi.HostFacts;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangeBackendTest {

    private static final String READ = "Portcullis: read";
    private static final String APPLY = "Portcullis: apply";
    private static final String RESTORE = "Portcullis: restore";
    private static final String REMOVE = "Portcullis: remove";

    private final ExchangeBackend backend = new ExchangeBackend();

    @Test
    void supportsOnlyWindowsWithTheManagementShellAndSaysWhyNot() {
        assertThat(backend.supports(ExchangeFixtures.exchangeHost()).supported()).isTrue();
        var linux = backend.supports(HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).build());
        assertThat(linux.supported()).isFalse();
        assertThat(linux.reason()).contains("Windows").contains("LINUX");
        var bare = backend.supports(HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS).build());
        assertThat(bare.supported()).isFalse();
        assertThat(bare.reason()).contains("no Exchange Management Shell").contains("exchange.installPath");
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(Backends.mailServers()).extracting(b -> b.id()).contains("exchange");
    }

    @Test
    void planOnAFreshServerIsOneStepOfOneScriptAfterOneInspection() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer(READ, "inspect-fresh-ps51.stdout");
        Plan plan = backend.plan(ExchangeFixtures.spec(), ExchangeFixtures.context(host, Map.of()));
        assertThat(host.commands()).hasSize(1);
        assertThat(plan.steps()).hasSize(1);
        assertThat(plan.commands()).singleElement().satisfies(c -> assertThat(new String(c.stdin().orElseThrow(),
                StandardCharsets.UTF_8)).isEqualTo(ExchangeFixtures.text("golden/apply-contoso-fresh.ps1")));
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("previous default certificate"));
    }

    @Test
    void applyIsProvenByTheReadBackOfTheSameProcess() {
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answer(READ, "inspect-fresh-ps51.stdout").answer(APPLY, "inspect-converged-ps51.stdout");
        ApplyReport report = PlanExecutor.on(host).execute(backend.plan(ExchangeFixtures.spec(), ExchangeFixtures.context(host, Map.of())));
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(host.commands()).hasSize(2);
    }

    @Test
    void aConvergedServerGivesAnEmptyPlan() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer(READ, "inspect-converged-ps51.stdout");
        assertThat(backend.plan(ExchangeFixtures.spec(), ExchangeFixtures.context(host, Map.of())).isEmpty()).isTrue();
        assertThat(host.commands()).hasSize(1);
    }

    @Test
    void aReadBackThatDiffersRollsBackAndProvesTheServerIsAsBefore() {
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answer(READ, "inspect-fresh-ps51.stdout")
                .answer(APPLY, "inspect-drifted-ps51.stdout")
                .answer(RESTORE, "inspect-fresh-ps51.stdout");
        ApplyReport report = PlanExecutor.on(host).execute(backend.plan(ExchangeFixtures.spec(), ExchangeFixtures.context(host, Map.of())));
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.steps().get(0).finding()).contains("NOT so").contains("RequireTLS");
        assertThat(host.purposes()).extracting(p -> p.split(" ")[2]).containsExactly("read", "apply", "restore", "read");
        assertThat(report.findings()).singleElement().asString().contains("host is as before");
    }

    @Test
    void aFailingScriptRollsBackWithItsMessage() {
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answer(READ, "inspect-fresh-ps51.stdout")
                .fail(APPLY, "The values that you specified for the Bindings and RemoteIPRanges parameters conflict")
                .answer(RESTORE, "inspect-fresh-ps51.stdout");
        ApplyReport report = PlanExecutor.on(host).execute(backend.plan(ExchangeFixtures.spec(), ExchangeFixtures.context(host, Map.of())));
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.steps().get(0).finding()).contains("conflict");
    }

    @Test
    void anOpenRelaySpecIsRefusedBeforeAnyProcess() {
        FakePowerShellHost host = new FakePowerShellHost(false);
        MailServerSpec open = ExchangeFixtures.specBuilder().trustNetworks("0.0.0.0/0").allowOpenRelayKnowingItWillBeAbused().build();
        assertThatThrownBy(() -> backend.plan(open, ExchangeFixtures.context(host, Map.of())))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("openRelayAllowed");
        assertThat(host.commands()).isEmpty();
    }

    @Test
    void removalRemovesOnlyWhatTheSpecOwns() {
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answer(READ, "inspect-converged-ps51.stdout").answer(REMOVE, "inspect-fresh-ps51.stdout");
        Plan plan = backend.planRemoval(ExchangeFixtures.spec(), ExchangeFixtures.context(host, Map.of()));
        String script = new String(plan.commands().get(0).stdin().orElseThrow(), StandardCharsets.UTF_8);
        assertThat(script).isEqualTo(ExchangeFixtures.text("golden/remove-contoso.ps1"));
        assertThat(script).doesNotContain("'contoso.com'").doesNotContain("Default Frontend");
        ApplyReport report = PlanExecutor.on(host).execute(plan);
        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
    }

    @Test
    void removalOnAServerWithoutTheSpecsObjectsIsEmpty() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer(READ, "inspect-fresh-ps51.stdout");
        assertThat(backend.planRemoval(ExchangeFixtures.spec(), ExchangeFixtures.context(host, Map.of())).isEmpty()).isTrue();
    }

    @Test
    void verifyReportsDriftsAndAnyOpenRelayOnTheServer() {
        FakePowerShellHost host = new FakePowerShellHost(false).answer(READ, "inspect-drifted-ps51.stdout");
        VerifyReport report = backend.verify(ExchangeFixtures.spec(), ExchangeFixtures.context(host, Map.of()));
        assertThat(report.drifts()).hasSize(3);
        assertThat(report.findings()).anySatisfy(f -> assertThat(f).startsWith("OPEN RELAY").contains("Printers relay"));
    }

    @Test
    void contributesTheManagementShellsPathInOneProcess() {
        FakePowerShellHost host = new FakePowerShellHost(false);
        host.answerText("Portcullis: find", "PORTCULLIS-RESULT:{\"installPath\":\"C:\\\\Program Files\\\\Microsoft\\\\Exchange Server\\\\V15\\\\\"}");
        HostFacts windows = HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS).build();
        HostFacts.Builder facts = windows.toBuilder();
        new ExchangeFacts().contribute(host, windows, facts);
        assertThat(facts.build().fact(ExchangeFacts.INSTALL_PATH)).hasValue("C:\\Program Files\\Microsoft\\Exchange Server\\V15\\");
        assertThat(backend.supports(facts.build()).supported()).isTrue();
        assertThat(host.commands()).hasSize(1);
    }

    @Test
    void contributesNothingOnLinuxAndRunsNothing() {
        FakePowerShellHost host = new FakePowerShellHost(false);
        HostFacts linux = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).kernel("Linux 6.1").build();
        HostFacts.Builder facts = linux.toBuilder();
        new ExchangeFacts().contribute(host, linux, facts);
        assertThat(facts.build()).isEqualTo(linux);
        assertThat(host.commands()).isEmpty();
    }

    @Test
    void verifyReportsAConnectorWhoseAnonymousRelayGrantCoversEveryAddress() {
        String recorded = ExchangeFixtures.text("fixtures/inspect-converged-ps51.stdout").replace(
                "\"anonymousRelayGrants\":\"Portcullis mail-mail-contoso-com relay\"",
                "\"anonymousRelayGrants\":[\"Portcullis mail-mail-contoso-com relay\",\"Default Frontend EX01\"]");
        FakePowerShellHost host = new FakePowerShellHost(false).answerText(READ, recorded);
        VerifyReport report = backend.verify(ExchangeFixtures.spec(), ExchangeFixtures.context(host, Map.of()));
        assertThat(report.findings()).filteredOn(f -> f.startsWith("OPEN RELAY")).singleElement().asString()
                .contains("Default Frontend EX01").contains("ANONYMOUS LOGON");
    }

    @Test
    void aNonAsciiCertificateIssuerOnTheServerIsRestoredWholeThroughAnAsciiScript() {
        String issuer = "CN=M\u00fcller Zertifikate, O=M\u00fcller's GmbH, C=DE";
        String recorded = ExchangeFixtures.text("fixtures/inspect-drifted-ps51.stdout").replace("CN=R11, O=Let's Encrypt, C=US", issuer);
        FakePowerShellHost host = new FakePowerShellHost(false).answerText(READ, recorded);
        Plan plan = backend.plan(ExchangeFixtures.spec(), ExchangeFixtures.context(host, Map.of()));
        String restore = new String(plan.steps().get(0).undo().action().orElseThrow().commands().get(0).stdin().orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(restore.chars()).allMatch(c -> c < 0x7f);
        assertThat(restore.lines().flatMap(l -> PowerShellTokens.split(l).literals().stream()))
                .contains("<I>" + issuer + "<S>CN=mail.contoso.com");
    }
}
