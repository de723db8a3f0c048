package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

class IptablesSaveTest {

    private static final IptablesSave BLOCKING = IptablesSave.parse(Fixtures.read("iptables-save-blocking.txt"));

    @Test
    void findsTheDropOfPort25InInput() {
        List<BlockingRule> found = BLOCKING.blocking("iptables", Specs.query(Specs.mail()));

        assertThat(found).filteredOn(b -> b.direction() == Direction.INBOUND)
                .extracting(BlockingRule::rule)
                .containsExactly("-A INPUT -p tcp -m tcp --dport 25 -j DROP",
                        "-A INPUT -p tcp -m tcp --dport 20:30 -m comment --comment \"admin range\" -j DROP");
        assertThat(found.get(0).location()).isEqualTo("filter INPUT");
    }

    @Test
    void findsMultiportRejectsOnlyWhenTheSpecUsesThosePorts() {
        assertThat(BLOCKING.blocking("iptables", Specs.query(Specs.mailWithSubmission())))
                .anyMatch(b -> b.rule().contains("--dports 465,587") && b.port() == 465);
        assertThat(BLOCKING.blocking("iptables", Specs.query(Specs.mail())))
                .noneMatch(b -> b.rule().contains("--dports"));
    }

    @Test
    void namesTheOutboundDropOfSmtpForMailSpecsOnly() {
        assertThat(BLOCKING.blocking("iptables", Specs.query(Specs.mail())))
                .filteredOn(b -> b.direction() == Direction.OUTBOUND)
                .singleElement().satisfies(b -> assertThat(b.location()).isEqualTo("filter OUTPUT"));
        assertThat(BLOCKING.blocking("iptables", Specs.query(Specs.webPolicy()))).isEmpty();
    }

    @Test
    void ignoresNegatedPortsAndAcceptRules() {
        assertThat(BLOCKING.blocking("iptables", Specs.query(Specs.mail())))
                .noneMatch(b -> b.rule().contains("! --dport") || b.rule().contains("ACCEPT"));
    }

    @Test
    void reportsNothingForAPolicyOnPortsNobodyBlocks() {
        assertThat(BLOCKING.blocking("iptables", Specs.query(Specs.webPolicy()))).isEmpty();
    }

    @Test
    void followsJumpsIntoUserChainsSuchAsUfws() {
        IptablesSave ufw = IptablesSave.parse(Fixtures.read("iptables-save-ufw.txt"));

        List<BlockingRule> found = ufw.blocking("iptables", Specs.query(Specs.mailWithSubmission()));

        assertThat(found).extracting(BlockingRule::location, BlockingRule::port).contains(
                org.assertj.core.groups.Tuple.tuple("filter ufw-user-input", 25),
                org.assertj.core.groups.Tuple.tuple("filter ufw-user-input", 587),
                org.assertj.core.groups.Tuple.tuple("filter ufw-user-output", 25));
        assertThat(ufw.policies()).containsEntry("filter INPUT", "DROP");
        assertThat(ufw.active()).isTrue();
    }

    @Test
    void anEmptyRulesetIsNotActive() {
        assertThat(IptablesSave.parse(Fixtures.read("iptables-save-empty.txt")).active()).isFalse();
        assertThat(IptablesSave.parse(Fixtures.read("iptables-legacy-save.txt")).active()).isTrue();
    }

    @Test
    void rulesTaggedWithTheSpecsNameAreItsOwn() {
        IptablesSave own = IptablesSave.parse(String.join("\n", "*filter", ":INPUT ACCEPT [0:0]",
                ":PORTCULLIS-smtp-inbound - [0:0]", "-A INPUT -j PORTCULLIS-smtp-inbound",
                "-A PORTCULLIS-smtp-inbound -p tcp -m tcp --dport 25 -m comment --comment \"portcullis:smtp-inbound\" -j DROP",
                "COMMIT"));

        assertThat(own.blocking("iptables", Specs.query(Specs.smtpPolicy()))).isEmpty();
        assertThat(own.blocking("iptables", Specs.query(Specs.mail()))).hasSize(1);
    }

    @Test
    void keepsQuotedCommentsAsOneWord() {
        assertThat(IptablesSave.tokens("-A INPUT -m comment --comment \"admin range\" -j DROP"))
                .containsExactly("-A", "INPUT", "-m", "comment", "--comment", "admin range", "-j", "DROP");
    }
}
