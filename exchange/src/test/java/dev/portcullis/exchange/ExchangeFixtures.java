package dev.portcullis.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.DataSize;
import dev.portcullis.IpFamily;
import dev.portcullis.MailServerSpec;
import dev.portcullis.Tls;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.powershell.PowerShellScript;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.HostFacts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Specs, recorded outputs and golden scripts the exchange tests share. */
final class ExchangeFixtures {

    private ExchangeFixtures() {
    }

    /** mail.contoso.com on 192.0.2.10, IPv4, relay for 192.0.2.0/24, TLS from a PFX file, 50 MB. */
    static MailServerSpec.Builder specBuilder() {
        return MailServerSpec.forHost("mail.contoso.com").origin("contoso.com").acceptMailFor("contoso.com", "fabrikam.com")
                .listenOn("192.0.2.10").ipFamilies(IpFamily.IPV4)
                .trustNetworks("192.0.2.0/24")
                .tls(Tls.fromFiles(Path.of("/certs/mail.pfx"), Path.of("/certs/mail.pfx")))
                .maxMessageSize(DataSize.ofMegabytes(50));
    }

    static MailServerSpec spec() {
        return specBuilder().build();
    }

    static HostFacts exchangeHost() {
        return HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS)
                .attribute(ExchangeFacts.INSTALL_PATH, "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\").build();
    }

    static BackendContext context(CommandRunner runner, Map<String, String> options) {
        return new BackendContext(runner, exchangeHost(), options);
    }

    static ExchangeOptions options(Map<String, String> options) {
        return ExchangeOptions.from(context(new RecordingCommandRunner(), options));
    }

    static String text(String resource) {
        try (InputStream in = ExchangeFixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExchangeSnapshot snapshot(String fixture) {
        return ExchangeSnapshot.parse(PowerShellRunner.read(
                CommandResult.of(Command.of("powershell.exe"), 0, text("fixtures/" + fixture))).json());
    }

    /** Compares with the golden file; -Dportcullis.updateGolden=true rewrites it and still fails. */
    static void assertGolden(PowerShellScript script, String name) {
        String path = "golden/" + name;
        if (Boolean.getBoolean("portcullis.updateGolden")) {
            try {
                Path file = Path.of("src/test/resources", path);
                Files.createDirectories(file.getParent());
                Files.writeString(file, script.text(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new AssertionError("golden file " + path + " rewritten: review it, then run without portcullis.updateGolden");
        }
        assertThat(script.text()).isEqualTo(text(path));
    }
}
