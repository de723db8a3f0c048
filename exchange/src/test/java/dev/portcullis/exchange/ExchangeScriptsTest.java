package dev.portcullis.exchange;

import java.util.List;
import dev.portcullis.powershell.PowerShellTokens;
import dev.portcullis.powershell.PowerShellScript;
import static org.assertj.core.api.Assertions.assertThat;
import dev.portcullis.IpFamily;
import dev.portcullis.ListenScope;
import dev.portcullis.MailServerSpec;
import dev.portcullis.Tls;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden scripts: each generated script must equal its file under src/test/resources/golden. */
class ExchangeScriptsTest {

    private final ExchangeOptions defaults = ExchangeFixtures.options(Map.of());
    private final ExchangeSnapshot fresh = ExchangeFixtures.snapshot("inspect-fresh-ps51.stdout");

    @Test
    void inspectionScript() {
        ExchangeFixtures.assertGolden(ExchangeScripts.inspect(ExchangePlanner.certificateToRead(ExchangeFixtures.spec()),
                ExchangeFixtures.options(Map.of(ExchangeOptions.CERTIFICATE_PASSWORD_ENV, "PORTCULLIS_PFX_PASSWORD"))),
                "inspect-contoso.ps1");
    }

    @Test
    void applyOnAFreshServer() {
        ExchangeDesired d = ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, fresh);
        ExchangeFixtures.assertGolden(ExchangeScripts.apply(d, ExchangePlanner.changes(d, fresh), defaults), "apply-contoso-fresh.ps1");
    }

    @Test
    void applyOnADriftedServer() {
        ExchangeSnapshot drifted = ExchangeFixtures.snapshot("inspect-drifted-ps51.stdout");
        ExchangeDesired d = ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, drifted);
        ExchangeFixtures.assertGolden(ExchangeScripts.apply(d, ExchangePlanner.changes(d, drifted), defaults),
                "apply-contoso-drifted.ps1");
    }

    @Test
    void applySelfSignedOnAnAdoptedDefaultFrontendWithASmartHost() {
        MailServerSpec spec = ExchangeFixtures.specBuilder().listenOn(ListenScope.ALL).ipFamilies(IpFamily.IPV4, IpFamily.IPV6)
                .tls(Tls.selfSigned(Path.of("/certs/self.pfx"), Path.of("/certs/self.pfx")))
                .relayHost("smarthost.example.net", 587).build();
        ExchangeOptions adopt = ExchangeFixtures.options(Map.of(ExchangeOptions.ADOPT_RECEIVE_CONNECTOR, "Default Frontend EX01"));
        ExchangeDesired d = ExchangePlanner.desired(spec, adopt, fresh);
        ExchangeFixtures.assertGolden(ExchangeScripts.apply(d, ExchangePlanner.changes(d, fresh), adopt),
                "apply-contoso-self-signed-adopted.ps1");
    }

    @Test
    void restoreOfAFreshServer() {
        ExchangeDesired d = ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, fresh);
        ExchangeFixtures.assertGolden(ExchangeScripts.restore(fresh, d, defaults), "restore-contoso-fresh.ps1");
    }

    @Test
    void removalOfAConvergedServer() {
        ExchangeSnapshot converged = ExchangeFixtures.snapshot("inspect-converged-ps51.stdout");
        ExchangeDesired d = ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, converged);
        ExchangeFixtures.assertGolden(ExchangeScripts.remove(converged, d, defaults), "remove-contoso.ps1");
    }

    @Test
    void everyChangeIsFollowedByACheckThatStopsAtTheFirstFailureAndReportsTheFirstError() {
        ExchangeDesired d = ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, fresh);
        ExchangeSnapshot converged = ExchangeFixtures.snapshot("inspect-converged-ps51.stdout");
        String check = "if ($Error.Count -gt 0) { throw $Error[$Error.Count - 1] }";
        for (PowerShellScript script : List.of(ExchangeScripts.apply(d, ExchangePlanner.changes(d, fresh), defaults),
                ExchangeScripts.restore(fresh, d, defaults), ExchangeScripts.remove(converged, d, defaults))) {
            List<String> s = script.statements();
            int changes = 0;
            for (int i = 0; i < s.size(); i++) {
                String code = PowerShellTokens.split(s.get(i)).code();
                if (code.matches("(\\$\\w+ = )?(New|Set|Remove|Add|Enable|Import)-(?!Object)\\w+ .*|.*\\| Remove-\\w+ .*|if \\(\\$tlsName\\).*")) {
                    changes++;
                    assertThat(s.get(i + 1)).as("after %s", s.get(i)).isEqualTo(check);
                }
            }
            assertThat(changes).as(script.purpose()).isGreaterThan(2);
            assertThat(s).noneMatch(statement -> statement.contains("$Error[0]"));
        }
    }

    @Test
    void inspectionReadsWhichReceiveConnectorsGrantAnonymousRelay() {
        String grants = ExchangeScripts.inspect(ExchangeDesired.Certificate.none(), defaults).statements().stream()
                .filter(s -> s.startsWith("$portcullis['anonymousRelayGrants']")).findFirst().orElseThrow();
        assertThat(PowerShellTokens.split(grants).literals())
                .containsExactly("anonymousRelayGrants", "NT AUTHORITY\\ANONYMOUS LOGON", "ms-Exch-SMTP-Accept-Any-Recipient");
        assertThat(grants).contains("Get-ADPermission -Identity $_.DistinguishedName").contains("-not $_.Deny");
    }
}
