package dev.portcullis.firewallaudit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.Direction;
import dev.portcullis.preflight.BlockingRule;
import dev.portcullis.preflight.Specs;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NftRulesetTest {

    @Test
    void listsTablesAndChainsWithHooks() {
        NftRuleset r = NftRuleset.parse(Fixtures.read("nft-mixed.txt"));

        assertThat(r.tableNames()).containsExactly("ip filter", "ip6 filter", "inet admin");
        assertThat(r.chains("inet admin").get("input").hook()).isEqualTo("input");
        assertThat(r.chains("inet admin").get("input").policy()).isEqualTo("accept");
        assertThat(r.chains("ip filter").get("admin-block").hook()).isNull();
    }

    @Test
    void findsSetRejectsAndOutboundDropsInANativeTable() {
        NftRuleset r = NftRuleset.parse(Fixtures.read("nft-mixed.txt"));

        List<BlockingRule> found = r.blocking(Specs.query(Specs.mailWithSubmission()), Set.of("ip filter", "ip6 filter"));

        assertThat(found).extracting(BlockingRule::location, BlockingRule::rule, BlockingRule::direction).containsExactly(
                org.assertj.core.groups.Tuple.tuple("table inet admin chain input", "tcp dport { 25, 587 } reject",
                        Direction.INBOUND),
                org.assertj.core.groups.Tuple.tuple("table inet admin chain out",
                        "ip daddr 192.0.2.1 tcp dport 25 drop", Direction.OUTBOUND));
    }

    @Test
    void skipsTablesIptablesAlreadyReported() {
        NftRuleset r = NftRuleset.parse(Fixtures.read("nft-iptables-nft.txt"));

        assertThat(r.blocking(Specs.query(Specs.mail()), Set.of("ip filter", "ip6 filter"))).isEmpty();
        assertThat(r.blocking(Specs.query(Specs.mail()), Set.of())).extracting(BlockingRule::location)
                .contains("table ip filter chain INPUT", "table ip filter chain OUTPUT", "table ip6 filter chain INPUT")
                .doesNotContain("table ip filter chain admin-block");
    }

    @Test
    void followsFirewalldsJumpsAndGotosIntoItsZoneChains() {
        NftRuleset r = NftRuleset.parse(Fixtures.read("nft-firewalld.txt"));

        List<BlockingRule> found = r.blocking(Specs.query(Specs.mailWithSubmission()), Set.of());

        assertThat(found).extracting(BlockingRule::rule).containsExactly(
                "tcp dport 25 reject with icmp port-unreachable", "ip saddr 203.0.113.0/24 tcp dport 587 drop");
        assertThat(found.get(0).location()).isEqualTo("table inet firewalld chain filter_IN_public_deny");
    }

    @Test
    void catchAllRejectsAreNotPortBlocks() {
        NftRuleset r = NftRuleset.parse(Fixtures.read("nft-firewalld.txt"));

        assertThat(r.blocking(Specs.query(Specs.webPolicy()), Set.of())).isEmpty();
    }
}
