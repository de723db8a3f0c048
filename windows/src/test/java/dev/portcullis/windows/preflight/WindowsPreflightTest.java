package dev.portcullis.windows.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Tls;
import dev.portcullis.powershell.FakePowerShellHost;
import dev.portcullis.powershell.GoldenScripts;
import dev.portcullis.powershell.PowerShellScript;
import dev.portcullis.Provisioner;
import dev.portcullis.preflight.FakeBackends;
import dev.portcullis.preflight.Preflight;
import dev.portcullis.preflight.PreflightCheck;
import dev.portcullis.preflight.PreflightCheck.Status;
import dev.portcullis.preflight.PreflightOptions;
import dev.portcullis.preflight.PreflightReport;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.Support;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Windows part of preflight on recorded JSON in the shape the generated script prints, through
 * core's checks with this module's contributor. Not verified on Windows: there is no Windows host
 * here (see src/test/resources/preflight/README.md).
 */
class WindowsPreflightTest {

    private static final String SCRIPT = "Portcullis preflight";

    private FakePowerShellHost host = new FakePowerShellHost(false);

    private PreflightReport run(dev.portcullis.Spec spec, String json) {
        return run(spec, json, 0);
    }

    private PreflightReport run(dev.portcullis.Spec spec, String json, int exit) {
        host = new FakePowerShellHost(false);
        if (exit == 0) {
            host.answerText(SCRIPT, PowerShellScript.RESULT_MARKER + json + "\n");
        } else {
            host.fail(SCRIPT, "PowerShell failed with exit code " + exit);
        }
        HostFacts windows = HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS).kernel("Windows Server 2022 10.0").build();
        PreflightOptions options = PreflightOptions.builder().contributors(List.of(new WindowsPreflight())).build();
        return Provisioner.on(host).facts(windows)
                .backends(List.of(FakeBackends.firewall("fake-windows-firewall", 0,
                        f -> f.osFamily() == HostFacts.OsFamily.WINDOWS ? Support.yes("Windows")
                                : Support.no("not Windows"))), List.of())
                .preflight(spec, options);
    }

    private static String fixture(String name) {
        return GoldenScripts.text("preflight/" + name);
    }

    /** SMTP on 25 only. */
    private static MailServerSpec mail() {
        return MailServerSpec.forHost("mail.example.com").acceptMailFor("example.com").build();
    }

    /** SMTP on 25, submission on 587, submissions on 465. */
    private static MailServerSpec mailWithSubmission() {
        return MailServerSpec.forHost("mail.example.com").acceptMailFor("example.com")
                .tls(Tls.fromFiles(Path.of("/etc/ssl/certs/mail.pem"), Path.of("/etc/ssl/private/mail.key")))
                .submission().smtps().build();
    }

    /** Opens tcp/8080 only: has nothing to do with mail. */
    private static PortPolicy webPolicy() {
        return PortPolicy.named("web").allow(Protocol.TCP, 8080).build();
    }

    @Test
    void oneScriptAnswersEveryCheckAndNothingElseRuns() {
        PreflightReport r = run(mail(), fixture("windows-exchange.json"));

        assertThat(host.purposes()).containsExactly("# Portcullis preflight: read-only facts for the checks");
        assertThat(host.commands().get(0).argv()).startsWith("powershell.exe", "-NoLogo");
        assertThat(host.commands().get(0).timeout()).isEqualTo(WindowsPreflight.TIMEOUT);
        assertThat(r.checks()).hasSize(6);
    }

    @Test
    void offWindowsTheContributorReadsNothing() {
        dev.portcullis.exec.RecordingCommandRunner linux = new dev.portcullis.exec.RecordingCommandRunner();
        PreflightReport r = Provisioner.on(linux).facts(HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).build())
                .backends(List.of(), List.of())
                .preflight(mail(), PreflightOptions.builder().contributors(List.of(new WindowsPreflight())).build());

        assertThat(linux.commands()).noneMatch(c -> c.program().contains("powershell"));
        assertThat(r.check("mail-stack").orElseThrow().reason()).doesNotContain("Exchange");
    }

    @Test
    void anElevatedSessionPasses() {
        PreflightCheck c = run(mail(), fixture("windows-exchange.json")).check("privileges").orElseThrow();

        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.reason()).contains("elevated Administrator");
    }

    @Test
    void aSessionThatIsNotElevatedFails() {
        PreflightCheck c = run(mail(), fixture("windows-ps51-shapes.json")).check("privileges").orElseThrow();

        assertThat(c.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void hardwareComesFromCimAndTheSpoolDrive() {
        PreflightCheck big = run(mail(), fixture("windows-exchange.json")).check("hardware").orElseThrow();
        PreflightCheck small = run(mail(), fixture("windows-ps51-shapes.json")).check("hardware").orElseThrow();

        assertThat(big.status()).isEqualTo(Status.PASS);
        assertThat(big.detail("cores")).isEqualTo(8);
        assertThat(small.status()).isEqualTo(Status.WARN);
        assertThat(small.reason()).contains("2 cores").contains("8.0 GiB of memory").contains("5.0 GiB free");
        assertThat(small.detail("spoolFilesystem")).isEqualTo("D:\\");
    }

    @Test
    void exchangeOnItsPortsIsTheMailServerItself() {
        PreflightCheck c = run(mailWithSubmission(), fixture("windows-exchange.json"))
                .check("port-occupancy").orElseThrow();

        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.reason()).contains("port 25 is taken by MSExchangeFrontendTransport (pid 4312) on 0.0.0.0, ::")
                .contains("port 465 is taken by EdgeTransport (pid 5120)");
    }

    @Test
    void anotherProgramOnPort25FailsAMailSpecEvenAsASingleObject() {
        PreflightCheck c = run(mail(), fixture("windows-ps51-shapes.json")).check("port-occupancy")
                .orElseThrow();

        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.reason()).contains("port 25 is taken by hMailServer (pid 2210)");
    }

    @Test
    void theAuditNamesWindowsBlockRulesForTheSpecsPortsAndOutboundSmtp() {
        PreflightCheck c = run(mail(), fixture("windows-exchange.json")).check("firewall-audit")
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
        PreflightCheck c = run(webPolicy(), fixture("windows-ps51-shapes.json")).check("firewall-audit")
                .orElseThrow();

        assertThat(c.detail("active")).asList().isEmpty();
        assertThat(c.reason()).contains("no firewall is active");
    }

    @Test
    void theMailStackIsExchange() {
        PreflightReport r = run(mail(), fixture("windows-exchange.json"));
        PreflightCheck c = r.check("mail-stack").orElseThrow();

        assertThat(c.detail("exchangeVersion")).isEqualTo("15.2.1544.4");
        assertThat(c.reason()).contains("Exchange 15.2.1544.4 is installed");
        assertThat(run(mail(), fixture("windows-ps51-shapes.json")).check("mail-stack").orElseThrow()
                .reason()).contains("no Exchange Server is installed");
    }

    @Test
    void aFailedScriptIsAWarningInEveryCheckThatNeedsIt() {
        PreflightReport r = run(webPolicy(), "", 1);

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
        assertThat(run(mail(), json).check("mail-stack").orElseThrow().reason())
                .contains("no Exchange Server is installed");
    }

    @Test
    void aCountThatDisagreesWithItsValuesIsAWarningNamingTheField() {
        String json = "{\"elevated\":true,\"listeners\":{\"value\":[],\"Count\":2},\"firewallProfiles\":[],"
                + "\"blockRules\":[],\"exchangeServices\":[],\"exchangeVersion\":null}";
        PreflightCheck c = run(mail(), json).check("port-occupancy").orElseThrow();
        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("listeners").contains("Count");
    }

    @Test
    void parsesEveryShapeConvertToJsonGivesALists() throws Exception {
        WindowsEvidence w = WindowsEvidence.parse(fixture("windows-ps51-shapes.json"));

        assertThat(w.listeners()).singleElement().satisfies(l -> assertThat(l.port()).isEqualTo(25));
        assertThat(w.firewallProfiles()).hasSize(3).noneMatch(WindowsEvidence.Profile::enabled);
        assertThat(w.blockRules()).isEmpty();
        assertThat(w.exchangeServices()).isEmpty();
        assertThat(w.exchangeVersion()).isEmpty();
    }
}
