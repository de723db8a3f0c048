package dev.portcullis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.RateLimit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowsRuleTranslatorTest {

    private final WindowsFirewallOptions defaults = Policies.options(Map.of());

    @Test
    void turnsEachPolicyRuleIntoOneTaggedWindowsRule() {
        WindowsRuleTranslator.Translation t = WindowsRuleTranslator.translate(Policies.smtpInbound(), defaults);
        assertThat(t.rules()).hasSize(2);
        WindowsRule first = t.rules().get(0);
        assertThat(first.name()).isEqualTo("portcullis-smtp-inbound-1");
        assertThat(first.group()).isEqualTo("Portcullis smtp-inbound");
        assertThat(first.direction()).isEqualTo("Inbound");
        assertThat(first.action()).isEqualTo("Allow");
        assertThat(first.localPorts()).containsExactly("25");
        assertThat(first.remoteAddresses()).containsExactly("203.0.113.0/24", "2001:db8::/48");
        assertThat(first.profiles()).containsExactly("Any");
        assertThat(t.rules().get(1).localPorts()).containsExactly("465", "587");
        assertThat(t.notes()).isEmpty();
    }

    @Test
    void rateLimitIsAnErrorNamingTheFieldByDefault() {
        PortPolicy limited = PortPolicy.named("smtp").allow(Protocol.TCP, 25).rateLimit(RateLimit.perMinute(60)).build();
        assertThatThrownBy(() -> WindowsRuleTranslator.translate(limited, defaults))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).field()).isEqualTo("rules[0].rateLimit");
                    assertThat(e.problems().get(0).reason()).contains("cannot rate-limit").contains("windows.ignoreRateLimits");
                });
    }

    @Test
    void ignoreRateLimitsOptionTurnsTheErrorIntoAPlanNoteNeverSilence() {
        PortPolicy limited = PortPolicy.named("smtp").allow(Protocol.TCP, 25).rateLimit(RateLimit.perMinute(60)).build();
        WindowsRuleTranslator.Translation t = WindowsRuleTranslator.translate(limited,
                Policies.options(Map.of(WindowsFirewallOptions.IGNORE_RATE_LIMITS, "true")));
        assertThat(t.rules()).hasSize(1);
        assertThat(t.notes()).singleElement().asString().contains("rules[0]").contains("60/minute").contains("NOT applied");
    }

    @Test
    void reportsEveryUnsupportedFeatureAtOnce() {
        PortPolicy p = PortPolicy.named("mixed")
                .allow(Protocol.TCP, 25).rateLimit(RateLimit.perSecond(5))
                .reject(Protocol.UDP, 53)
                .deny(Protocol.TCP, 23).logged()
                .build();
        assertThatThrownBy(() -> WindowsRuleTranslator.translate(p, defaults))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
                        .extracting(dev.portcullis.SpecProblem::field)
                        .containsExactly("rules[0].rateLimit", "rules[1].action", "rules[2].logged"));
    }

    @Test
    void denyBlocksAndOutboundRulesUseRemotePorts() {
        PortPolicy p = PortPolicy.named("out").allow(Protocol.TCP, 25).outbound().from("198.51.100.7")
                .deny(Protocol.UDP, 1000, 2000).build();
        WindowsRuleTranslator.Translation t = WindowsRuleTranslator.translate(p, defaults);
        WindowsRule out = t.rules().get(0);
        assertThat(out.direction()).isEqualTo("Outbound");
        assertThat(out.localPorts()).containsExactly("Any");
        assertThat(out.remotePorts()).containsExactly("25");
        assertThat(out.remoteAddresses()).containsExactly("198.51.100.7/32");
        assertThat(t.rules().get(1).action()).isEqualTo("Block");
        assertThat(t.rules().get(1).protocol()).isEqualTo("UDP");
    }

    @Test
    void aRuleLimitedToOneFamilyCoversThatFamilysWholeAddressSpace() {
        PortPolicy p = PortPolicy.named("v4").allow(Protocol.TCP, 25).families(IpFamily.IPV4).build();
        assertThat(WindowsRuleTranslator.translate(p, defaults).rules().get(0).remoteAddresses())
                .containsExactly("0.0.0.0-255.255.255.255");
    }

    @Test
    void profilesComeFromTheOption() {
        WindowsRuleTranslator.Translation t = WindowsRuleTranslator.translate(Policies.smtpInbound(),
                Policies.options(Map.of(WindowsFirewallOptions.PROFILES, "public, domain")));
        assertThat(t.rules().get(0).profiles()).containsExactly("Domain", "Public");
        assertThat(t.rules().get(0).profileText()).isEqualTo("Domain, Public");
    }

    @Test
    void refusesUnknownOrMixedProfiles() {
        assertThatThrownBy(() -> Policies.options(Map.of(WindowsFirewallOptions.PROFILES, "Home")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("windows.profiles");
        assertThatThrownBy(() -> Policies.options(Map.of(WindowsFirewallOptions.PROFILES, "Any,Public")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("cannot be combined");
        assertThat(Policies.options(Map.of(WindowsFirewallOptions.PROFILES, "Domain,Private,Public")).profiles())
                .containsExactly("Any");
    }
}
