package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.Direction;
import dev.portcullis.preflight.BlockingRule;
import dev.portcullis.preflight.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit's reading of iptables-save: which rules block what a spec needs, on outputs captured from the test host. */
class IptablesBlockingRulesTest {

    private static final IptablesSave BLOCKING = IptablesSave.parse(Captures.text("iptables-save-blocking.txt"));

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
        IptablesSave ufw = IptablesSave.parse(Captures.text("iptables-save-ufw.txt"));

        List<BlockingRule> found = ufw.blocking("iptables", Specs.query(Specs.mailWithSubmission()));

        assertThat(found).extracting(BlockingRule::location, BlockingRule::port).contains(
                org.assertj.core.groups.Tuple.tuple("filter ufw-user-input", 25),
                org.assertj.core.groups.Tuple.tuple("filter ufw-user-input", 587),
                org.assertj.core.groups.Tuple.tuple("filter ufw-user-output", 25));
        assertThat(ufw.filterPolicy("INPUT")).contains("DROP");
        assertThat(ufw.filtersAnything()).isTrue();
    }

    @Test
    void anEmptyRulesetIsNotActive() {
        assertThat(IptablesSave.parse(Captures.text("iptables-save-empty.txt")).filtersAnything()).isFalse();
        assertThat(IptablesSave.parse(Captures.text("iptables-save-blocking.txt")).filtersAnything()).isTrue();
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
}
