package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoexistenceTest {

    static final IptablesSave.Table HOST = LivedIn.save("host.v4").filter();

    static Coexistence.Kind kind(String rule) {
        return Coexistence.kind(IptablesRuleLine.parseAppend(rule), HOST);
    }

    @Test
    void aRuleThatSinglesOutSourcesPortsOrSetsOrHandsTrafficToAForeignChainIsAGuard() {
        assertThat(kind(LivedIn.ADMIN_DROP)).isEqualTo(Coexistence.Kind.GUARD);
        assertThat(kind(LivedIn.FAIL2BAN_POSTFIX)).isEqualTo(Coexistence.Kind.GUARD);
        assertThat(kind("-A INPUT -p tcp -m multiport --dports 25 -m set --match-set f2b-postfix src -j REJECT"))
                .isEqualTo(Coexistence.Kind.GUARD);
        assertThat(kind("-A INPUT -p tcp -m tcp --dport 25 -j DROP")).isEqualTo(Coexistence.Kind.GUARD);
    }

    @Test
    void aDenyThatSinglesNothingOutIsTheHostsDefaultDenyNotAGuard() {
        assertThat(kind(LivedIn.DEFAULT_REJECT)).isEqualTo(Coexistence.Kind.DEFAULT_DENY);
        assertThat(kind("-A INPUT -p tcp -j REJECT --reject-with tcp-reset")).isEqualTo(Coexistence.Kind.DEFAULT_DENY);
        assertThat(kind("-A INPUT -m conntrack --ctstate INVALID -j DROP")).isEqualTo(Coexistence.Kind.DEFAULT_DENY);
        assertThat(kind("-A INPUT -i lo -j ACCEPT")).isEqualTo(Coexistence.Kind.ALLOW);
        assertThat(kind("-A INPUT -j LOG --log-prefix x")).isEqualTo(Coexistence.Kind.OTHER);
    }

    @Test
    void theJumpGoesBelowFail2banAndTheAdministratorsDropAndAboveTheDefaultReject() {
        int position = Coexistence.automaticPosition(HOST.rules("INPUT"), LivedIn.owned(LivedIn.SMTP), HOST);

        assertThat(position).isEqualTo(5);
        assertThat(HOST.rules("INPUT").get(position - 2).appendLine()).isEqualTo(LivedIn.ADMIN_DROP);
    }

    @Test
    void aPolicyOnAnotherProtocolStillGoesBelowTheBans() {
        PortPolicy dns = PortPolicy.named("dns").allow(Protocol.UDP, 53).build();

        // The owned established/related rule sees every protocol, so the bans stay in front of it too.
        assertThat(Coexistence.automaticPosition(HOST.rules("INPUT"), LivedIn.owned(dns), HOST)).isEqualTo(5);
    }

    @Test
    void namesEveryGuardAJumpAtTheTopPreEmptsAndTheDefaultDenyThePolicyOverrules() {
        IptablesSave.Table top = LivedIn.save("with-jump-at-top.v4").filter();

        List<Coexistence.Effect> effects = Coexistence.effects(top.rules("INPUT"), OwnedChains.INPUT_CHAIN,
                top.rules(OwnedChains.INPUT_CHAIN), top);

        assertThat(effects).filteredOn(e -> e.relation() == Coexistence.Relation.PRE_EMPTED)
                .extracting(e -> e.rule().appendLine())
                .containsExactly(LivedIn.FAIL2BAN_POSTFIX, LivedIn.FAIL2BAN_SSHD, LivedIn.ADMIN_DROP);
        assertThat(effects).filteredOn(e -> e.relation() == Coexistence.Relation.OVERRULED)
                .extracting(e -> e.rule().appendLine()).containsExactly(LivedIn.DEFAULT_REJECT);
    }

    @Test
    void guardsAboveTheJumpAreNamedAsKeptInFront() {
        List<IptablesRuleLine> input = new java.util.ArrayList<>(HOST.rules("INPUT"));
        input.add(4, OwnedChains.jumpRule(OwnedChains.INPUT_CHAIN));

        List<Coexistence.Effect> effects = Coexistence.effects(input, OwnedChains.INPUT_CHAIN,
                LivedIn.owned(LivedIn.SMTP), HOST);

        assertThat(effects).filteredOn(e -> e.relation() == Coexistence.Relation.KEPT_IN_FRONT)
                .extracting(e -> e.rule().appendLine())
                .containsExactly(LivedIn.FAIL2BAN_POSTFIX, LivedIn.FAIL2BAN_SSHD, LivedIn.ADMIN_DROP);
        assertThat(effects).noneMatch(e -> e.relation() == Coexistence.Relation.PRE_EMPTED);
    }
}
