package dev.portcullis.model;

import static dev.portcullis.model.Refusals.fields;
import static dev.portcullis.model.Refusals.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.ConnectionLimits;
import dev.portcullis.DataSize;
import dev.portcullis.IpFamily;
import dev.portcullis.ListenScope;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRange;
import dev.portcullis.Protocol;
import dev.portcullis.PostfixTuning;
import dev.portcullis.SaslType;
import dev.portcullis.SecretRef;
import dev.portcullis.SqlLookup;
import dev.portcullis.Tls;
import dev.portcullis.TlsSecurityLevel;
import dev.portcullis.TlsVersion;
import dev.portcullis.VirtualMailboxes;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailServerSpecTest {

    private static final Tls TLS = Tls.fromFiles(Path.of("/etc/ssl/certs/mail.pem"), Path.of("/etc/ssl/private/mail.key"));

    private static MailServerSpec rich() {
        return MailServerSpec.forHost("mail.example.com").origin("example.com")
                .acceptMailFor("example.com", "example.org")
                .trustNetworks("192.168.1.0/24", "2001:db8:1::/48")
                .listenOn("192.0.2.10")
                .ipFamilies(IpFamily.IPV4)
                .tls(TLS.minimumVersion(TlsVersion.TLS_1_3).securityLevel(TlsSecurityLevel.ENCRYPT))
                .submission().smtps()
                .relayHost("relay.example.net", 587)
                .maxMessageSize(DataSize.ofMegabytes(50))
                .connectionLimits(new ConnectionLimits(60, 10, 100))
                .vrfyDisabled(false)
                .virtualMailboxes(VirtualMailboxes.staticMap(Map.of("alice@example.com", "example.com/alice/")))
                .postfix(PostfixTuning.builder().sasl(SaslType.CYRUS, "private/sasl").processLimit(50).build())
                .build();
    }

    @Test
    void defaultsAreThoseOfAPlainPostfix() {
        MailServerSpec m = MailServerSpec.forHost("mail.example.com").build();
        assertThat(m.origin().value()).isEqualTo("example.com");
        assertThat(m.listenScope()).isEqualTo(ListenScope.ALL);
        assertThat(m.listenAddresses()).isEmpty();
        assertThat(m.ipFamilies()).containsExactlyInAnyOrder(IpFamily.IPV4, IpFamily.IPV6);
        assertThat(m.tls()).isEmpty();
        assertThat(m.maxMessageSize()).isEqualTo(DataSize.ofBytes(10_240_000));
        assertThat(m.vrfyDisabled()).isTrue();
        assertThat(m.postfixTuning()).isEqualTo(PostfixTuning.defaults());
        assertThat(m.postfixTuning().processLimit()).isEqualTo(100);
        assertThat(m.virtualMailboxes()).isEqualTo(VirtualMailboxes.none());
        assertThat(m.postfixTuning().saslType()).isEqualTo(SaslType.DOVECOT);
        assertThat(m.openRelayAllowed()).isFalse();
    }

    @Test
    void reportsEveryProblemAtOnceEachWithItsFieldPath() {
        assertThat(fields(() -> MailServerSpec.forHost("mail")
                .origin("example..com")
                .acceptMailFor("example.com", "exa mple.org")
                .trustNetworks("192.168.1.0/33")
                .listenOn("all", "192.0.2.0/24")
                .tls(Tls.fromFiles(Path.of("certs/mail.pem"), Path.of("/etc/ssl/../private/mail.key")))
                .relayHost("relay_host", 0)
                .maxMessageSize(DataSize.ofBytes(10))
                .build()))
                .containsExactly("hostname", "origin", "acceptedDomains[1]", "trustedNetworks[0]", "listenInterfaces[0]",
                        "listenInterfaces[1]", "tls.certificate", "tls.privateKey", "relayHost.host", "relayHost.port",
                        "maxMessageSize");
    }

    @Test
    void refusesAnOpenRelayUnlessExplicitlyOverridden() {
        assertThat(problems(() -> MailServerSpec.forHost("mail.example.com").trustNetworks("10.0.0.0/8", "0.0.0.0/0").build()))
                .containsExactly("trustedNetworks[1]: 0.0.0.0/0 trusts every address: that is an open relay"
                        + " (use allowOpenRelayKnowingItWillBeAbused() only on a closed lab network)");
        assertThat(fields(() -> MailServerSpec.forHost("mail.example.com").trustNetworks("::/0").build()))
                .containsExactly("trustedNetworks[0]");
        assertThat(fields(() -> MailServerSpec.forHost("mail.example.com").trustNetworks("0.0.0.0/1", "128.0.0.0/1").build()))
                .containsExactly("trustedNetworks[0]", "trustedNetworks[1]");
        assertThat(fields(() -> MailServerSpec.forHost("mail.example.com").trustNetworks("2000::/3").build()))
                .containsExactly("trustedNetworks[0]");
        MailServerSpec lab = MailServerSpec.forHost("mail.lab.example").trustNetworks("0.0.0.0/0", "::/0")
                .allowOpenRelayKnowingItWillBeAbused().build();
        assertThat(lab.openRelayAllowed()).isTrue();
        assertThat(lab.toString()).contains("OPEN RELAY");
    }

    @Test
    void submissionAndSmtpsNeedTls() {
        assertThat(fields(() -> MailServerSpec.forHost("mail.example.com").submission().smtps().build()))
                .containsExactly("submission", "smtps");
    }

    @Test
    void listenInterfacesAreAllLoopbackOrAddresses() {
        MailServerSpec addresses = MailServerSpec.forHost("mail.example.com").listenOn("2001:DB8::10", "192.0.2.1").build();
        assertThat(addresses.listenScope()).isEqualTo(ListenScope.ADDRESSES);
        assertThat(addresses.listenAddresses()).containsExactly("2001:db8::10", "192.0.2.1");
        MailServerSpec loopback = addresses.toBuilder().listenOn(ListenScope.LOOPBACK_ONLY).build();
        assertThat(loopback.listenScope()).isEqualTo(ListenScope.LOOPBACK_ONLY);
        assertThat(loopback.listenAddresses()).isEmpty();
        assertThat(fields(() -> MailServerSpec.forHost("mail.example.com").listenOn().build()))
                .containsExactly("listenInterfaces");
        assertThat(problems(() -> MailServerSpec.forHost("mail.example.com").listenOn("loopback-only", "192.0.2.1").build()))
                .containsExactly("listenInterfaces[0]: 'loopback-only' is not an address: listen on loopback-only alone"
                        + " (ListenScope.LOOPBACK_ONLY), or on addresses only");
        assertThat(fields(() -> MailServerSpec.forHost("mail.example.com").listenOn(ListenScope.ADDRESSES).build()))
                .containsExactly("listenInterfaces");
        assertThat(fields(() -> MailServerSpec.forHost("mail.example.com").listenOn("eth0").build()))
                .containsExactly("listenInterfaces[0]");
        assertThat(fields(() -> MailServerSpec.forHost("mail.example.com").ipFamilies().build()))
                .containsExactly("ipFamilies");
    }

    @Test
    void virtualMailboxesNeedAnAcceptedDomain() {
        assertThat(fields(() -> MailServerSpec.forHost("mail.example.com")
                .virtualMailboxes(VirtualMailboxes.staticMap(Map.of("a@example.com", "a/"))).build()))
                .containsExactly("acceptedDomains");
    }

    @Test
    void firewallPolicyOpensTheListeningPortsForTheServersFamilies() {
        PortPolicy plain = MailServerSpec.forHost("mail.example.com").build().firewallPolicy();
        assertThat(plain.name()).isEqualTo("mail-mail-example-com");
        assertThat(plain.rules()).hasSize(1);
        assertThat(plain.rules().get(0).protocol()).isEqualTo(Protocol.TCP);
        assertThat(plain.rules().get(0).ports()).containsExactly(PortRange.of(25));
        assertThat(plain.rules().get(0).fromAnywhere()).isTrue();
        assertThat(plain.rules().get(0).familiesExplicit()).isFalse();

        PortPolicy full = rich().firewallPolicy();
        assertThat(full.rules().get(0).ports()).containsExactly(PortRange.of(25), PortRange.of(465), PortRange.of(587));
        assertThat(full.rules().get(0).families()).containsExactly(IpFamily.IPV4);
        assertThat(rich().listeningPorts()).containsExactly(25, 465, 587);
    }

    @Test
    void firewallPolicyWorksForTheLongestHostNames() {
        String longest = ("a".repeat(61) + ".").repeat(4) + "com" + "m".repeat(2);
        MailServerSpec m = MailServerSpec.forHost(longest).build();
        PortPolicy p = m.firewallPolicy();
        assertThat(p.name()).hasSizeLessThanOrEqualTo(32).doesNotEndWith("-");
        assertThat(p.description().orElseThrow()).hasSizeLessThanOrEqualTo(128).startsWith("SMTP for aaa");
    }

    @Test
    void theNameIsAValidPolicyNameForAnyHostName() {
        for (String host : new String[] {"mail.example.com", "MX1.Example.NET", "a-b-c-d-e-f-g-h-i-j-k-l-m.example.com",
            "x" + "-".repeat(30) + "y.example.com", "xn--mller-kva.example"}) {
            String name = MailServerSpec.forHost(host).build().name();
            assertThat(PortPolicy.named(name).build().name()).isEqualTo(name);
        }
    }

    @Test
    void hostNamesThatDifferOnlyByHyphenAndDotOwnDifferentPolicies() {
        MailServerSpec a = MailServerSpec.forHost("a-b.example.com").build();
        MailServerSpec b = MailServerSpec.forHost("a.b-example.com").build();
        assertThat(a.name()).isEqualTo("mail-a--b-example-com");
        assertThat(b.name()).isEqualTo("mail-a-b--example-com");
        assertThat(a.firewallPolicy().name()).isNotEqualTo(b.firewallPolicy().name());
        assertThat(MailServerSpec.forHost("mail.example.com").build().name()).isEqualTo("mail-mail-example-com");
    }

    @Test
    void namesAreDistinctForEveryPlacementOfHyphensAndDots() {
        // Every host of up to 6 characters over {x, -, .}: distinct hosts, distinct names.
        java.util.Map<String, String> hostByName = new java.util.HashMap<>();
        java.util.List<String> hosts = new java.util.ArrayList<>(java.util.List.of(""));
        for (int length = 1; length <= 6; length++) {
            java.util.List<String> longer = new java.util.ArrayList<>();
            for (String h : hosts) {
                for (String c : new String[] {"x", "-", "."}) {
                    longer.add(h + c);
                }
            }
            hosts = longer;
            for (String h : hosts) {
                String host = h + ".example.com";
                if (host.matches("(?:[a-z](?:[a-z-]*[a-z])?\\.)+example\\.com")) {
                    String name = MailServerSpec.forHost(host).build().name();
                    assertThat(hostByName.put(name, host)).as(name).isNull();
                }
            }
        }
        assertThat(hostByName).hasSizeGreaterThan(50);
    }

    @Test
    void aCutNameNeverEqualsAnUncutOne() {
        String longHost = "a".repeat(40) + ".example.com";
        String cut = MailServerSpec.forHost(longHost).build().name();
        assertThat(cut).hasSize(32).matches("mail-a{16}---[0-9a-f]{8}");
        // An uncut name has hyphen runs of one (a dot) or of an even length (hyphens): never three.
        String lookalike = "a".repeat(16) + "." + cut.substring(24) + ".ex";
        assertThat(MailServerSpec.forHost(lookalike).build().name()).isNotEqualTo(cut);
    }

    @Test
    void toBuilderRoundTripsAndEqualsComparesEveryField() {
        MailServerSpec m = rich();
        assertThat(m.toBuilder().build()).isEqualTo(m).hasSameHashCodeAs(m);
        assertThat(m.toBuilder().origin("example.org").build()).isNotEqualTo(m);
        assertThat(m.toBuilder().acceptMailFor("example.net").build()).isNotEqualTo(m);
        assertThat(m.toBuilder().trustNetworks("10.0.0.0/8").build()).isNotEqualTo(m);
        assertThat(m.toBuilder().listenOn(ListenScope.ALL).build()).isNotEqualTo(m);
        assertThat(m.toBuilder().ipFamilies(IpFamily.IPV6).build()).isNotEqualTo(m);
        assertThat(m.toBuilder().tls(TLS).build()).isNotEqualTo(m);
        assertThat(m.toBuilder().postfix(m.postfixTuning().toBuilder().sasl(SaslType.DOVECOT, "private/sasl").build()).build())
                .isNotEqualTo(m);
        assertThat(m.toBuilder().relayHost("relay.example.net", 25).build()).isNotEqualTo(m);
        assertThat(m.toBuilder().maxMessageSize(DataSize.ofMegabytes(51)).build()).isNotEqualTo(m);
        assertThat(m.toBuilder().connectionLimits(ConnectionLimits.NONE).build()).isNotEqualTo(m);
        assertThat(m.toBuilder().vrfyDisabled(true).build()).isNotEqualTo(m);
        assertThat(m.toBuilder().postfix(m.postfixTuning().toBuilder().processLimit(51).build()).build()).isNotEqualTo(m);
        assertThat(m.toBuilder().allowOpenRelayKnowingItWillBeAbused().build()).isNotEqualTo(m);
        assertThat(m.toBuilder().virtualMailboxes(VirtualMailboxes.mysql(new VirtualMailboxes.MySql("db.example.com",
                3306, "mail", "postfix", SecretRef.env("DB"), SqlLookup.of("t", "k", "r"), null, null))).build())
                .isNotEqualTo(m);
        MailServerSpec plain = MailServerSpec.forHost("mail.example.com").build();
        assertThat(plain.toBuilder().build()).isEqualTo(plain);
        assertThat(MailServerSpec.forHost("mail.example.com").origin("example.com").build()).isEqualTo(plain);
    }

    @org.junit.jupiter.api.Test
    void longHostNamesKeepDistinctOwnershipNames() {
        String a = MailServerSpec.forHost("mail.a-very-long-department-name.example.com").build().name();
        String b = MailServerSpec.forHost("mail.a-very-long-department-name.example.org").build().name();
        org.assertj.core.api.Assertions.assertThat(a).hasSizeLessThanOrEqualTo(32).matches("[a-z0-9-]+").isNotEqualTo(b);
    }

    @org.junit.jupiter.api.Test
    void defaultOriginIsTheParentDomainButNeverATopLevelDomain() {
        org.assertj.core.api.Assertions.assertThat(MailServerSpec.forHost("mail.example.com").build().origin().value())
                .isEqualTo("example.com");
        org.assertj.core.api.Assertions.assertThat(MailServerSpec.forHost("example.com").build().origin().value())
                .isEqualTo("example.com");
    }

    @org.junit.jupiter.api.Test
    void configureAppliesAConsumerAndReturnsTheBuilder() {
        MailServerSpec spec = MailServerSpec.forHost("mail.example.com")
                .configure(b -> b.acceptMailFor("example.com").trustNetworks("192.168.1.0/24")).build();
        org.assertj.core.api.Assertions.assertThat(spec.acceptedDomains()).extracting(dev.portcullis.HostName::value).containsExactly("example.com");
    }
}
