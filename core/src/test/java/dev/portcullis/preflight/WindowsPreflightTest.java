package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.powershell.PowerShellException;
import dev.portcullis.powershell.PowerShellResult;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.powershell.PowerShellScript;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.preflight.PreflightCheck.Status;
import dev.portcullis.spi.HostFacts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Windows checks on recorded JSON in the shape the generated script prints. Not verified on
 * Windows: there is no Windows host here (see src/test/resources/preflight/README.md).
 */
class WindowsPreflightTest {

    private final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final List<PowerShellScript> scripts = new ArrayList<>();

    private PreflightReport run(dev.portcullis.Spec spec, String json) {
        return run(spec, json, 0);
    }

    private PreflightReport run(dev.portcullis.Spec spec, String json, int exit) {
        HostFacts windows = HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS).kernel("Windows Server 2022 10.0").build();
        PreflightOptions options = PreflightOptions.builder().facts(windows)
                .backends(List.of(FakeBackends.firewall("fake-windows-firewall", 0,
                        f -> f.osFamily() == HostFacts.OsFamily.WINDOWS ? dev.portcullis.spi.Support.yes("Windows")
                                : dev.portcullis.spi.Support.no("not Windows"))), List.of())
                .powerShell(script -> {
                    scripts.add(script);
                    CommandResult process = CommandResult.of(PowerShellRunner.using("powershell.exe").command(script),
                            exit, exit == 0 ? PowerShellScript.RESULT_MARKER + json : "");
                    if (exit != 0) {
                        throw new PowerShellException(PowerShellException.Reason.FAILED, "PowerShell failed with exit"
                                + " code " + exit, process);
                    }
                    try {
                        return new PowerShellResult(new ObjectMapper().readTree(json), process);
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                }).build();
        return Preflight.run(runner, spec, options);
    }

    @Test
    void oneScriptAnswersEveryCheckAndNothingElseRuns() {
        PreflightReport r = run(Specs.mail(), Fixtures.read("windows-exchange.json"));

        assertThat(scripts).hasSize(1);
        assertThat(runner.commands()).isEmpty();
        assertThat(r.checks()).hasSize(6);
    }

    @Test
    void anElevatedSessionPasses() {
        PreflightCheck c = run(Specs.mail(), Fixtures.read("windows-exchange.json")).check("privileges").orElseThrow();

        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.reason()).contains("elevated Administrator");
    }

    @Test
    void aSessionThatIsNotElevatedFails() {
        PreflightCheck c = run(Specs.mail(), Fixtures.read("windows-ps51-shapes.json")).check("privileges").orElseThrow();

        assertThat(c.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void hardwareComesFromCimAndTheSpoolDrive() {
        PreflightCheck big = run(Specs.mail(), Fixtures.read("windows-exchange.json")).check("hardware").orElseThrow();
        PreflightCheck small = run(Specs.mail(), Fixtures.read("windows-ps51-shapes.json")).check("hardware").orElseThrow();

        assertThat(big.status()).isEqualTo(Status.PASS);
        assertThat(big.detail("cores")).isEqualTo(8);
        assertThat(small.status()).isEqualTo(Status.WARN);
        assertThat(small.reason()).contains("2 cores").contains("8.0 GiB of memory").contains("5.0 GiB free");
        assertThat(small.detail("spoolFilesystem")).isEqualTo("D:\\");
    }

    @Test
    void exchangeOnItsPortsIsTheMailServerItself() {
        PreflightCheck c = run(Specs.mailWithSubmission(), Fixtures.read("windows-exchange.json"))
                .check("port-occupancy").orElseThrow();

        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.reason()).contains("port 25 is taken by MSExchangeFrontendTransport (pid 4312) on 0.0.0.0, ::")
                .contains("port 465 is taken by EdgeTransport (pid 5120)");
    }

    @Test
    void anotherProgramOnPort25FailsAMailSpecEvenAsASingleObject() {
        PreflightCheck c = run(Specs.mail(), Fixtures.read("windows-ps51-shapes.json")).check("port-occupancy")
                .orElseThrow();

        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.reason()).contains("port 25 is taken by hMailServer (pid 2210)");
    }

    @Test
    void theAuditNamesWindowsBlockRulesForTheSpecsPortsAndOutboundSmtp() {
        PreflightCheck c = run(Specs.mail(), Fixtures.read("windows-exchange.json")).check("firewall-audit")
                .orElseThrow();

        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("port 25 is blocked inbound by windows-firewall rule "
                + "{6B1A3F0C-2D7E-4C1B-9A55-0F1E2D3C4B5A}: Block inbound SMTP (legacy)")
                .contains("outbound SMTP (tcp/25) is blocked by windows-firewall rule BlockOutboundSmtp")
                .doesNotContain("telnet").doesNotContain("Block bad net");
        assertThat(c.detail("active")).asList().containsExactly("windows-firewall (Domain (inbound NotConfigured),"
                + " Private (inbound NotConfigured))");
        assertThat(c.detail("backend")).isEqualTo("fake-windows-firewall");
    }

    @Test
    void disabledProfilesMeanNoActiveFirewall() {
        PreflightCheck c = run(Specs.webPolicy(), Fixtures.read("windows-ps51-shapes.json")).check("firewall-audit")
                .orElseThrow();

        assertThat(c.detail("active")).asList().isEmpty();
        assertThat(c.reason()).contains("no firewall is active");
    }

    @Test
    void theMailStackIsExchange() {
        PreflightReport r = run(Specs.mail(), Fixtures.read("windows-exchange.json"));
        PreflightCheck c = r.check("mail-stack").orElseThrow();

        assertThat(c.detail("exchangeVersion")).isEqualTo("15.2.1544.4");
        assertThat(c.reason()).contains("Exchange 15.2.1544.4 is installed");
        assertThat(run(Specs.mail(), Fixtures.read("windows-ps51-shapes.json")).check("mail-stack").orElseThrow()
                .reason()).contains("no Exchange Server is installed");
    }

    @Test
    void aFailedScriptIsAWarningInEveryCheckThatNeedsIt() {
        PreflightReport r = run(Specs.webPolicy(), "", 1);

        assertThat(r.check("privileges").orElseThrow().status()).isEqualTo(Status.WARN);
        assertThat(r.check("port-occupancy").orElseThrow().reason()).contains("the PowerShell script failed");
    }

    @Test
    void anEmptyCollectionAsWindowsPowerShellPrintsItInsideAnObjectIsNoElementAtAll() throws Exception {
        // PowerShell 5.1 prints an empty collection inside an object as "", not [].
        String json = "{\"elevated\":true,\"listeners\":\"\",\"firewallProfiles\":\"\",\"blockRules\":[{\"Name\":\"b\","
                + "\"DisplayName\":\"b\",\"Direction\":\"Inbound\",\"Protocol\":\"TCP\",\"LocalPort\":\"25\",\"RemotePort\":\"\"}],"
                + "\"exchangeServices\":\"\",\"exchangeVersion\":null}";
        WindowsEvidence w = WindowsEvidence.parse(json);

        assertThat(w.listeners()).isEmpty();
        assertThat(w.firewallProfiles()).isEmpty();
        assertThat(w.exchangeServices()).isEmpty();
        assertThat(w.blockRules()).singleElement().satisfies(r -> {
            assertThat(r.localPorts()).containsExactly("25");
            assertThat(r.remotePorts()).isEmpty();
        });
        assertThat(run(Specs.mail(), json).check("mail-stack").orElseThrow().reason())
                .contains("no Exchange Server is installed");
    }

    @Test
    void aCountThatDisagreesWithItsValuesIsAWarningNamingTheField() {
        String json = "{\"elevated\":true,\"listeners\":{\"value\":[],\"Count\":2},\"firewallProfiles\":[],"
                + "\"blockRules\":[],\"exchangeServices\":[],\"exchangeVersion\":null}";
        PreflightCheck c = run(Specs.mail(), json).check("port-occupancy").orElseThrow();
        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("listeners").contains("Count");
    }

    @Test
    void parsesEveryShapeConvertToJsonGivesALists() throws Exception {
        WindowsEvidence w = WindowsEvidence.parse(Fixtures.read("windows-ps51-shapes.json"));

        assertThat(w.listeners()).singleElement().satisfies(l -> assertThat(l.port()).isEqualTo(25));
        assertThat(w.firewallProfiles()).hasSize(3).noneMatch(WindowsEvidence.Profile::enabled);
        assertThat(w.blockRules()).isEmpty();
        assertThat(w.exchangeServices()).isEmpty();
        assertThat(w.exchangeVersion()).isEmpty();
    }
}
