package dev.portcullis.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.IpFamily;
import dev.portcullis.MailServerSpec;
import dev.portcullis.Tls;
import dev.portcullis.TlsSecurityLevel;
import dev.portcullis.plan.Drift;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangePlannerTest {

    private final ExchangeOptions defaults = ExchangeFixtures.options(Map.of());
    private final ExchangeSnapshot fresh = ExchangeFixtures.snapshot("inspect-fresh-ps51.stdout");

    @Test
    void mapsTheSpecToTheInternetConnectorTheIssueNames() {
        ExchangeDesired d = ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, fresh);
        ReceiveConnectorSettings internet = d.internet();
        assertThat(internet.name()).isEqualTo("Portcullis mail-mail-contoso-com");
        assertThat(internet.transportRole()).isEqualTo("FrontendTransport");
        assertThat(internet.bindings()).containsExactly("192.0.2.10:25");
        assertThat(internet.remoteIpRanges()).containsExactly("0.0.0.0-255.255.255.255");
        assertThat(internet.permissionGroups()).containsExactly("AnonymousUsers");
        assertThat(internet.authMechanisms()).containsExactly("Tls");
        assertThat(internet.maxMessageSizeBytes()).isEqualTo(52_428_800L);
        assertThat(internet.tlsCertificateName()).isEqualTo("<I>CN=R11, O=Let's Encrypt, C=US<S>CN=mail.contoso.com");
        assertThat(internet.requireTls()).isFalse();
        assertThat(d.relay().orElseThrow().remoteIpRanges()).containsExactly("192.0.2.0/24");
        assertThat(d.send().smartHosts()).isEmpty();
        assertThat(d.acceptedDomains()).containsExactly("contoso.com", "fabrikam.com");
    }

    @Test
    void requireTlsWhenTheSpecAsksForEncryption() {
        MailServerSpec spec = ExchangeFixtures.specBuilder().tls(Tls.fromFiles(Path.of("/certs/mail.pfx"),
                Path.of("/certs/mail.pfx")).securityLevel(TlsSecurityLevel.ENCRYPT)).build();
        assertThat(ExchangePlanner.desired(spec, defaults, fresh).internet().requireTls()).isTrue();
    }

    @Test
    void aFreshServerGetsEveryPieceInOneChangeSet() {
        ExchangeChanges c = ExchangePlanner.changes(ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, fresh), fresh);
        assertThat(c.domainsToAdd()).containsExactly("fabrikam.com");
        assertThat(c.certificate()).isEqualTo(ExchangeChanges.CertificateChange.IMPORT);
        assertThat(c.internet()).isEqualTo(ExchangeChanges.Change.CREATE);
        assertThat(c.relay()).isEqualTo(ExchangeChanges.Change.CREATE);
        assertThat(c.transportLimits()).isTrue();
        assertThat(c.send()).isEqualTo(ExchangeChanges.Change.CREATE);
    }

    @Test
    void aConvergedServerNeedsNothing() {
        ExchangeSnapshot converged = ExchangeFixtures.snapshot("inspect-converged-ps51.stdout");
        ExchangeDesired d = ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, converged);
        assertThat(ExchangePlanner.changes(d, converged).isEmpty()).isTrue();
        assertThat(ExchangePlanner.drifts(d, converged)).isEmpty();
    }

    @Test
    void aDriftedServerIsSetInPlaceAndEachDifferenceNamed() {
        ExchangeSnapshot drifted = ExchangeFixtures.snapshot("inspect-drifted-ps51.stdout");
        ExchangeDesired d = ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, drifted);
        ExchangeChanges c = ExchangePlanner.changes(d, drifted);
        assertThat(c.internet()).isEqualTo(ExchangeChanges.Change.UPDATE);
        assertThat(c.relay()).isEqualTo(ExchangeChanges.Change.NONE);
        assertThat(c.transportLimits()).isTrue();
        assertThat(c.domainsToAdd()).isEmpty();
        assertThat(ExchangePlanner.drifts(d, drifted)).extracting(Drift::subject).containsExactlyInAnyOrder(
                "receive connector 'Portcullis mail-mail-contoso-com' RemoteIPRanges",
                "receive connector 'Portcullis mail-mail-contoso-com' RequireTLS",
                "transport config MaxSendSize");
    }

    @Test
    void listeningOnEveryAddressCollidesWithDefaultFrontendAndSaysHowToAdopt() {
        MailServerSpec all = ExchangeFixtures.specBuilder().listenOn("all").build();
        assertThatThrownBy(() -> ExchangePlanner.desired(all, defaults, fresh))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("Default Frontend EX01").hasMessageContaining("exchange.adoptReceiveConnector");
    }

    @Test
    void anAdoptedConnectorIsSetNotCreated() {
        MailServerSpec all = ExchangeFixtures.specBuilder().listenOn("all").ipFamilies(IpFamily.IPV4, IpFamily.IPV6).build();
        ExchangeOptions adopt = ExchangeFixtures.options(Map.of(ExchangeOptions.ADOPT_RECEIVE_CONNECTOR, "Default Frontend EX01"));
        ExchangeDesired d = ExchangePlanner.desired(all, adopt, fresh);
        assertThat(d.adopted()).isTrue();
        assertThat(d.internet().bindings()).containsExactly("0.0.0.0:25", "[::]:25");
        assertThat(ExchangePlanner.changes(d, fresh).internet()).isEqualTo(ExchangeChanges.Change.UPDATE);
    }

    @Test
    void adoptingAConnectorThatIsNotThereIsRefused() {
        ExchangeOptions adopt = ExchangeFixtures.options(Map.of(ExchangeOptions.ADOPT_RECEIVE_CONNECTOR, "Nope"));
        assertThatThrownBy(() -> ExchangePlanner.desired(ExchangeFixtures.spec(), adopt, fresh))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("Nope");
    }

    @Test
    void tlsMustComeAsOnePkcs12File() {
        MailServerSpec pem = ExchangeFixtures.specBuilder()
                .tls(Tls.fromFiles(Path.of("/certs/mail.pem"), Path.of("/certs/mail.key"))).build();
        assertThatThrownBy(() -> ExchangePlanner.check(pem))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("tls.certificate").hasMessageContaining("PKCS#12");
    }

    @Test
    void aSelfSignedCertificateIsMadeWhenAbsentAndItsNameTakenAtRunTime() {
        MailServerSpec self = ExchangeFixtures.specBuilder()
                .tls(Tls.selfSigned(Path.of("/certs/self.pfx"), Path.of("/certs/self.pfx"))).build();
        ExchangeDesired d = ExchangePlanner.desired(self, defaults, fresh);
        assertThat(d.certificate().kind()).isEqualTo(ExchangeDesired.Certificate.Kind.SELF_SIGNED);
        assertThat(d.internet().tlsCertificateName()).isEmpty();
        assertThat(ExchangePlanner.changes(d, fresh).certificate()).isEqualTo(ExchangeChanges.CertificateChange.CREATE_SELF_SIGNED);
        assertThat(d.notes()).anySatisfy(n -> assertThat(n).contains("self-signed"));
    }

    @Test
    void submissionIsANoteNotASilentDrop() {
        MailServerSpec sub = ExchangeFixtures.specBuilder().submission().build();
        assertThat(ExchangePlanner.desired(sub, defaults, fresh).notes()).anySatisfy(n -> assertThat(n).contains("Client Frontend"));
    }

    @Test
    void rollbackComparisonSeesEveryManagedObject() {
        ExchangeSnapshot converged = ExchangeFixtures.snapshot("inspect-converged-ps51.stdout");
        ExchangeDesired d = ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, fresh);
        List<Drift> diff = ExchangePlanner.differencesFrom(fresh, converged, d);
        assertThat(diff).extracting(Drift::subject).contains("accepted domain fabrikam.com",
                "receive connector 'Portcullis mail-mail-contoso-com'", "receive connector 'Portcullis mail-mail-contoso-com relay'",
                "transport config MaxReceiveSize", "send connector 'Portcullis mail-mail-contoso-com Internet'", "certificates");
        assertThat(ExchangePlanner.differencesFrom(fresh, fresh, d)).isEmpty();
    }
}
