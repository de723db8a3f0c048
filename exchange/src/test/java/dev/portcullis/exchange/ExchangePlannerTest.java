package dev.portcullis.exchange;

import dev.portcullis.SpecProblem;
import dev.portcullis.DataSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.IpFamily;
import dev.portcullis.ListenScope;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PostfixTuning;
import dev.portcullis.SaslType;
import dev.portcullis.Tls;
import dev.portcullis.TlsCipherPolicy;
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
        MailServerSpec all = ExchangeFixtures.specBuilder().listenOn(ListenScope.ALL).build();
        assertThatThrownBy(() -> ExchangePlanner.desired(all, defaults, fresh))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("Default Frontend EX01").hasMessageContaining("exchange.adoptReceiveConnector");
    }

    @Test
    void anAdoptedConnectorIsSetNotCreated() {
        MailServerSpec all = ExchangeFixtures.specBuilder().listenOn(ListenScope.ALL).ipFamilies(IpFamily.IPV4, IpFamily.IPV6).build();
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
    void aRelayLoginIsAWarningNotASilentDrop() {
        MailServerSpec relayed = ExchangeFixtures.specBuilder().relayHost(dev.portcullis.RelayHost.builder("relay.example.net", 587)
                .credentials("apikey", dev.portcullis.SecretRef.env("RELAY_PASSWORD")).build()).build();
        assertThat(ExchangePlanner.desired(relayed, defaults, fresh).notes()).anySatisfy(n -> assertThat(n)
                .startsWith("WARNING: the relay's login").contains("env:RELAY_PASSWORD").contains("AuthenticationCredential"));
        assertThat(ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, fresh).notes())
                .noneSatisfy(n -> assertThat(n).contains("relay's login"));
    }

    @Test
    void aCipherPolicyIsANoteNotASilentDrop() {
        MailServerSpec ciphers = ExchangeFixtures.specBuilder().tls(ExchangeFixtures.spec().tls().orElseThrow()
                .cipherPolicy(TlsCipherPolicy.MODERN)).build();
        assertThat(ExchangePlanner.desired(ciphers, defaults, fresh).notes()).anySatisfy(n -> assertThat(n)
                .contains("tls.cipherPolicy modern is not applied").contains("SCHANNEL"));
        assertThat(ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, fresh).notes())
                .noneSatisfy(n -> assertThat(n).contains("cipherPolicy"));
    }

    @Test
    void postfixTuningIsANoteNotASilentDrop() {
        MailServerSpec tuned = ExchangeFixtures.specBuilder()
                .postfix(PostfixTuning.builder().sasl(SaslType.CYRUS, "private/sasl").processLimit(20).build()).build();
        assertThat(ExchangePlanner.desired(tuned, defaults, fresh).notes()).anySatisfy(n -> assertThat(n)
                .contains("postfix tuning").contains("processLimit=20").contains("does not use it"));
        assertThat(ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, fresh).notes())
                .noneSatisfy(n -> assertThat(n).contains("postfix tuning"));
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

    @Test
    void refusesAMessageSizeBelowTheSmallestAReceiveConnectorTakes() {
        MailServerSpec tiny = ExchangeFixtures.specBuilder().maxMessageSize(DataSize.ofKilobytes(63)).build();
        assertThatThrownBy(() -> ExchangePlanner.check(tiny)).isInstanceOfSatisfying(InvalidSpecException.class, e -> {
            assertThat(e.problems()).extracting(SpecProblem::field).containsExactly("maxMessageSize");
            assertThat(e.getMessage()).contains("65,536");
        });
    }

    @Test
    void refusesAMessageSizeAboveTheOrganisationLimitOfTransportConfig() {
        MailServerSpec huge = ExchangeFixtures.specBuilder().maxMessageSize(DataSize.ofBytes(2_147_482_625L)).build();
        assertThatThrownBy(() -> ExchangePlanner.check(huge)).isInstanceOfSatisfying(InvalidSpecException.class, e -> {
            assertThat(e.problems()).extracting(SpecProblem::field).containsExactly("maxMessageSize");
            assertThat(e.getMessage()).contains("2,147,482,624");
        });
    }

    @Test
    void acceptsTheSmallestAndLargestSizesExchangeTakes() {
        ExchangePlanner.check(ExchangeFixtures.specBuilder().maxMessageSize(DataSize.ofBytes(65_536)).build());
        ExchangePlanner.check(ExchangeFixtures.specBuilder().maxMessageSize(DataSize.ofBytes(2_147_482_624L)).build());
    }

    @Test
    void aSendConnectorLimitIsComparedInWholeKilobytesBecauseExchangeRoundsItUp() {
        SendConnectorSettings wanted = new SendConnectorSettings("s", List.of("*"), List.of(), 25, "mail.contoso.com",
                52_428_801L);
        SendConnectorSettings stored = new SendConnectorSettings("s", List.of("SMTP:*;1"), List.of(), 25, "mail.contoso.com",
                51_201L * 1024);
        assertThat(ExchangePlanner.sendDifferences(wanted, stored)).isEmpty();
        SendConnectorSettings smaller = new SendConnectorSettings("s", List.of("SMTP:*;1"), List.of(), 25, "mail.contoso.com",
                51_200L * 1024);
        assertThat(ExchangePlanner.sendDifferences(wanted, smaller)).extracting(Drift::subject)
                .containsExactly("send connector 's' MaxMessageSize (KB)");
    }

    @Test
    void theSelfSignedCertificatesFriendlyNameFitsSixtyFourCharactersAndStaysUnique() {
        String label = "a".repeat(60);
        MailServerSpec longHost = MailServerSpec.forHost(label + ".one.example.com").origin("contoso.com")
                .listenOn("192.0.2.10").ipFamilies(IpFamily.IPV4)
                .tls(Tls.selfSigned(Path.of("/certs/self.pfx"), Path.of("/certs/self.pfx"))).build();
        String friendly = ExchangePlanner.desired(longHost, defaults, fresh).certificate().friendlyName();
        String other = ExchangePlanner.selfSignedFriendlyName(label + ".two.example.com");
        assertThat(friendly).hasSizeLessThanOrEqualTo(64).startsWith("Portcullis aaaa").isNotEqualTo(other);
        assertThat(other).hasSizeLessThanOrEqualTo(64);
        assertThat(ExchangePlanner.selfSignedFriendlyName("mail.contoso.com")).isEqualTo("Portcullis mail.contoso.com");
    }

    @Test
    void longAcceptedDomainNamesStayApart() {
        String stem = "d".repeat(55);
        assertThat(ExchangePlanner.acceptedDomainName(stem + ".example.com"))
                .hasSizeLessThanOrEqualTo(64).isNotEqualTo(ExchangePlanner.acceptedDomainName(stem + ".example.org"));
    }

    @Test
    void adoptingAConnectorThatGrantsAnonymousRelayIsRefused() {
        ExchangeSnapshot granted = ExchangeFixtures.withAnonymousRelayGrants(fresh, "Default Frontend EX01");
        ExchangeOptions adopt = ExchangeFixtures.options(Map.of(ExchangeOptions.ADOPT_RECEIVE_CONNECTOR, "Default Frontend EX01"));
        assertThatThrownBy(() -> ExchangePlanner.desired(ExchangeFixtures.spec(), adopt, granted))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.problems()).extracting(SpecProblem::field)
                            .containsExactly("options." + ExchangeOptions.ADOPT_RECEIVE_CONNECTOR);
                    assertThat(e.getMessage()).contains("ms-Exch-SMTP-Accept-Any-Recipient").contains("ANONYMOUS LOGON")
                            .contains("Remove-ADPermission");
                });
        ExchangePlanner.desired(ExchangeFixtures.spec(), adopt, fresh);
    }

    @Test
    void anInternetConnectorOfPortcullisThatGrantsAnonymousRelayIsRefused() {
        ExchangeSnapshot converged = ExchangeFixtures.snapshot("inspect-converged-ps51.stdout");
        ExchangeSnapshot granted = ExchangeFixtures.withAnonymousRelayGrants(converged, "Portcullis mail-mail-contoso-com");
        assertThatThrownBy(() -> ExchangePlanner.desired(ExchangeFixtures.spec(), defaults, granted))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ms-Exch-SMTP-Accept-Any-Recipient");
    }

    @Test
    void aRelayConnectorLeftWhenTheTrustedNetworksAreEmptiedIsRemovedAndRestoredWithItsGrant() {
        ExchangeSnapshot converged = ExchangeFixtures.snapshot("inspect-converged-ps51.stdout");
        MailServerSpec noRelay = ExchangeFixtures.specBuilderTrustingNoNetwork().build();
        ExchangeDesired d = ExchangePlanner.desired(noRelay, defaults, converged);
        ExchangeChanges c = ExchangePlanner.changes(d, converged);
        assertThat(c.relay()).isEqualTo(ExchangeChanges.Change.REMOVE);
        assertThat(c.summary()).contains("remove relay receive connector");
        assertThat(ExchangePlanner.drifts(d, converged)).extracting(Drift::subject)
                .containsExactly("receive connector 'Portcullis mail-mail-contoso-com relay'");
        assertThat(ExchangeScripts.apply(d, c, defaults).statements()).contains("Get-ReceiveConnector -Server $server"
                + " | Where-Object { $_.Name -eq 'Portcullis mail-mail-contoso-com relay' } | Remove-ReceiveConnector -Confirm:$false");
        assertThat(ExchangeScripts.restore(converged, d, defaults).statements()).contains("Add-ADPermission -Identity"
                + " ($server + '\\' + 'Portcullis mail-mail-contoso-com relay') -User 'NT AUTHORITY\\ANONYMOUS LOGON'"
                + " -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient' | Out-Null");
        assertThat(ExchangeScripts.ownedReceiveConnectors(converged, d))
                .containsExactly("Portcullis mail-mail-contoso-com", "Portcullis mail-mail-contoso-com relay");
    }
}
