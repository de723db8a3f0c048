package dev.portcullis.exchange;

import dev.portcullis.DataSize;
import dev.portcullis.IpFamily;
import dev.portcullis.MailServerSpec;
import dev.portcullis.Tls;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.powershell.GoldenScripts;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.powershell.PowerShellScript;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.HostFacts;
import java.nio.file.Path;
import java.util.Map;

/** Specs, recorded outputs and golden scripts the exchange tests share. */
final class ExchangeFixtures {

    private ExchangeFixtures() {
    }

    /** mail.contoso.com on 192.0.2.10, IPv4, relay for 192.0.2.0/24, TLS from a PFX file, 50 MB. */
    static MailServerSpec.Builder specBuilder() {
        return specBuilderTrustingNoNetwork().trustNetworks("192.0.2.0/24");
    }

    /** The same spec without trusted networks: no relay connector. */
    static MailServerSpec.Builder specBuilderTrustingNoNetwork() {
        return MailServerSpec.forHost("mail.contoso.com").origin("contoso.com").acceptMailFor("contoso.com", "fabrikam.com")
                .listenOn("192.0.2.10").ipFamilies(IpFamily.IPV4)
                .tls(Tls.fromFiles(Path.of("/certs/mail.pfx"), Path.of("/certs/mail.pfx")))
                .maxMessageSize(DataSize.ofMegabytes(50));
    }

    /** The snapshot with the anonymous relay grants replaced. */
    static ExchangeSnapshot withAnonymousRelayGrants(ExchangeSnapshot s, String... connectors) {
        return new ExchangeSnapshot(s.acceptedDomains(), s.receiveConnectors(), s.sendConnectors(), s.maxReceiveSizeBytes(),
                s.maxSendSizeBytes(), s.certificates(), s.certificateFile(), java.util.List.of(connectors));
    }

    static MailServerSpec spec() {
        return specBuilder().build();
    }

    static HostFacts exchangeHost() {
        return HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS)
                .fact(ExchangeFacts.INSTALL_PATH, "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\").build();
    }

    static BackendContext context(CommandRunner runner, Map<String, String> options) {
        return new BackendContext(runner, exchangeHost(), options);
    }

    static ExchangeOptions options(Map<String, String> options) {
        return ExchangeOptions.from(context(new RecordingCommandRunner(), options));
    }

    static String text(String resource) {
        return GoldenScripts.text(resource);
    }

    static ExchangeSnapshot snapshot(String fixture) {
        return ExchangeSnapshot.parse(PowerShellRunner.read(
                CommandResult.of(Command.of("powershell.exe"), 0, text("fixtures/" + fixture))).json());
    }

    /** Compares with the golden file; -Dportcullis.updateGolden=true rewrites it and still fails. */
    static void assertGolden(PowerShellScript script, String name) {
        GoldenScripts.assertGolden(script, name);
    }
}
