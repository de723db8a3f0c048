package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.plan.Drift;
import java.util.List;
import org.junit.jupiter.api.Test;

class IptablesVerifierTest {

    @Test
    void aHostAsAppliedHasNoDrift() {
        assertThat(IptablesVerifier.drifts(Captures.SMTP_INBOUND, IptablesPlannerTest.snapshot("smtp-inbound-applied"),
                IptablesPlannerTest.SETTINGS)).isEmpty();
    }

    @Test
    void aHostWithoutThePolicyMissesItsChains() {
        List<Drift> drifts = IptablesVerifier.drifts(Captures.SMTP_INBOUND, IptablesPlannerTest.snapshot("foreign-only"),
                IptablesPlannerTest.SETTINGS);

        assertThat(drifts).extracting(Drift::subject).contains("chain PORTCULLIS-INPUT", "chain PORTCULLIS-OUTPUT");
        assertThat(drifts).extracting(Drift::where).contains("iptables", "ip6tables");
    }

    // The drifted capture: on the live host, after applying, the ACCEPT of rule 1 was deleted by
    // hand, rule 2 was replaced by hand (2525 added, same comment), a DROP for 203.0.113.0/25 and
    // an established/related ACCEPT were inserted above the jump, and the IPv6 INPUT jump deleted.
    @Test
    void reportsRulesDeletedOrChangedByHand() {
        List<Drift> drifts = drifted();

        assertThat(drifts).anySatisfy(d -> {
            assertThat(d.subject()).isEqualTo("rule portcullis:smtp-inbound:1");
            assertThat(d.actual()).isEqualTo("missing");
            assertThat(d.where()).isEqualTo("iptables");
        });
        assertThat(drifts).anySatisfy(d -> {
            assertThat(d.subject()).isEqualTo("rule portcullis:smtp-inbound:2 (changed by hand)");
            assertThat(d.actual()).contains("465,587,2525");
        });
    }

    @Test
    void reportsARemovedJump() {
        assertThat(drifted()).anySatisfy(d -> {
            assertThat(d.subject()).isEqualTo("jump from INPUT to PORTCULLIS-INPUT");
            assertThat(d.where()).isEqualTo("ip6tables");
        });
    }

    @Test
    void aForeignDenyAboveTheJumpIsTheContractAtWorkNamedAsAFindingNotAsShadowing() {
        IptablesSnapshot drifted = IptablesPlannerTest.snapshot("smtp-inbound-drifted");

        assertThat(drifted()).noneMatch(d -> d.actual().contains("-s 203.0.113.0/25"));
        assertThat(IptablesVerifier.neighbourFindings(Captures.SMTP_INBOUND, drifted, IptablesPlannerTest.SETTINGS))
                .anySatisfy(f -> assertThat(f).contains("stays in front of the policy",
                        "-A INPUT -s 203.0.113.0/25 -p tcp -m tcp --dport 25 -j DROP"));
    }

    @Test
    void reportsAForeignAcceptAboveTheJumpThatShadowsAnOwnedDeny() {
        String text = Captures.text("smtp-inbound-drifted.v4").replace(
                "-A INPUT -m comment --comment \"portcullis-shared:jump\"",
                "-A INPUT -p udp -m udp --dport 53 -j ACCEPT\n-A INPUT -m comment --comment \"portcullis-shared:jump\"");
        IptablesSnapshot snapshot = new IptablesSnapshot(IptablesSave.parse(text),
                Captures.save("smtp-inbound-drifted.v6"), java.util.Optional.empty());

        List<Drift> shadows = IptablesVerifier.drifts(Captures.SMTP_INBOUND, snapshot, IptablesPlannerTest.SETTINGS)
                .stream().filter(d -> d.subject().endsWith("is shadowed")).toList();

        assertThat(shadows).singleElement().satisfies(d -> {
            assertThat(d.subject()).isEqualTo("rule portcullis:smtp-inbound:4 is shadowed");
            assertThat(d.actual()).contains("-A INPUT -p udp -m udp --dport 53 -j ACCEPT");
        });
    }

    @Test
    void doesNotCallTheEstablishedRuleOrFail2banJumpShadowing() {
        assertThat(drifted()).noneMatch(d -> d.actual().contains("RELATED,ESTABLISHED") || d.actual().contains("f2b-sshd"));
    }

    private static List<Drift> drifted() {
        return IptablesVerifier.drifts(Captures.SMTP_INBOUND, IptablesPlannerTest.snapshot("smtp-inbound-drifted"),
                IptablesPlannerTest.SETTINGS);
    }
}
