package dev.portcullis.model;

import static dev.portcullis.model.Refusals.fields;
import static dev.portcullis.model.Refusals.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.Cidr;
import dev.portcullis.Connection;
import dev.portcullis.Decision;
import dev.portcullis.Direction;
import dev.portcullis.IpFamily;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.RateLimit;
import dev.portcullis.Verdict;
import org.junit.jupiter.api.Test;

/** The reference semantics of a policy: written order, first match wins, unmatched is not decided. */
class PolicyDecisionTest {

    private static final PortPolicy OFFICE_ONLY = PortPolicy.named("office-only")
            .allow(Protocol.TCP, 25).from("192.0.2.0/24")
            .deny(Protocol.TCP, 25)
            .build();

    private static Decision decide(PortPolicy policy, String source, Protocol protocol, int port) {
        return policy.decide(Connection.inbound(source, protocol, port));
    }

    @Test
    void allowlistThenDenyAcceptsTheOfficeAndDropsEveryoneElse() {
        Decision office = decide(OFFICE_ONLY, "192.0.2.7", Protocol.TCP, 25);
        Decision stranger = decide(OFFICE_ONLY, "198.51.100.7", Protocol.TCP, 25);

        assertThat(office.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(office.rule()).contains(0);
        assertThat(stranger.verdict()).isEqualTo(Verdict.DROP);
        assertThat(stranger.rule()).contains(1);
        assertThat(stranger.skipped()).containsExactly(
                "rules[0] (allow tcp [25] from [192.0.2.0/24] [IPV4]) does not match: 198.51.100.7 is not in its sources [192.0.2.0/24]");
    }

    @Test
    void anEarlierDenyWinsOverALaterAllowForTheSameSource() {
        PortPolicy policy = PortPolicy.named("p")
                .reject(Protocol.TCP, 25).from("192.0.2.7")
                .allow(Protocol.TCP, 25)
                .build();

        assertThat(decide(policy, "192.0.2.7", Protocol.TCP, 25).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decide(policy, "192.0.2.8", Protocol.TCP, 25).verdict()).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void aConnectionNoRuleMatchesIsNotDecided() {
        Decision otherPort = decide(OFFICE_ONLY, "192.0.2.7", Protocol.TCP, 587);
        Decision otherProtocol = decide(OFFICE_ONLY, "192.0.2.7", Protocol.UDP, 25);

        assertThat(otherPort.verdict()).isEqualTo(Verdict.NOT_DECIDED);
        assertThat(otherPort.rule()).isEmpty();
        assertThat(otherPort.skipped()).hasSize(2).allSatisfy(s -> assertThat(s).contains("port 587 is not among"));
        assertThat(otherProtocol.verdict()).isEqualTo(Verdict.NOT_DECIDED);
        assertThat(otherProtocol.skipped().get(0)).endsWith("it is for tcp, not udp");
    }

    @Test
    void sourcesOfOneFamilyDoNotMatchTheOther() {
        PortPolicy policy = PortPolicy.named("p").deny(Protocol.TCP, 25).from("192.0.2.0/24").build();

        assertThat(decide(policy, "2001:db8::7", Protocol.TCP, 25).verdict()).isEqualTo(Verdict.NOT_DECIDED);
        assertThat(decide(policy, "2001:db8::7", Protocol.TCP, 25).skipped().get(0))
                .endsWith("it is limited to [IPV4], the connection is IPV6");
    }

    @Test
    void aRuleLimitedToOneFamilyLeavesTheOtherUndecided() {
        PortPolicy policy = PortPolicy.named("p").reject(Protocol.UDP, 26).families(IpFamily.IPV6).build();

        assertThat(decide(policy, "2001:db8::7", Protocol.UDP, 26).verdict()).isEqualTo(Verdict.REJECT);
        assertThat(decide(policy, "192.0.2.7", Protocol.UDP, 26).verdict()).isEqualTo(Verdict.NOT_DECIDED);
    }

    @Test
    void portRangesMatchEveryPortInside() {
        PortPolicy policy = PortPolicy.named("p").rule(r -> r.protocol(Protocol.TCP).range(1000, 2000)).build();

        assertThat(decide(policy, "192.0.2.7", Protocol.TCP, 1000).verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(decide(policy, "192.0.2.7", Protocol.TCP, 2000).verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(decide(policy, "192.0.2.7", Protocol.TCP, 2001).verdict()).isEqualTo(Verdict.NOT_DECIDED);
    }

    @Test
    void outboundRulesDoNotDecideInboundConnections() {
        PortPolicy policy = PortPolicy.named("p").deny(Protocol.TCP, 25).outbound().build();

        assertThat(decide(policy, "192.0.2.7", Protocol.TCP, 25).verdict()).isEqualTo(Verdict.NOT_DECIDED);
        assertThat(policy.decide(Connection.of(Direction.OUTBOUND, "192.0.2.7", Protocol.TCP, 25)).verdict())
                .isEqualTo(Verdict.DROP);
    }

    @Test
    void aRateLimitedAllowAcceptsAndSaysThatTheRateIsCountedDifferently() {
        PortPolicy policy = PortPolicy.named("p").allow(Protocol.TCP, 25).rateLimit(RateLimit.perMinute(60)).build();

        Decision d = decide(policy, "192.0.2.7", Protocol.TCP, 25);

        assertThat(d.verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(d.caveats()).singleElement().asString()
                .contains("within the rate limit 60/minute", "per source address", "for the whole rule");
    }

    @Test
    void anAllowFollowedByAMatchingBlockWarnsThatWindowsBlocksIt() {
        PortPolicy policy = PortPolicy.named("p").allow(Protocol.TCP, 25).deny(Protocol.TCP, 25).from("192.0.2.0/24")
                .build();

        assertThat(decide(policy, "192.0.2.7", Protocol.TCP, 25).caveats()).singleElement().asString()
                .contains("windows-firewall blocks it", "rules[1]");
        assertThat(decide(policy, "198.51.100.7", Protocol.TCP, 25).caveats()).isEmpty();
        assertThat(OFFICE_ONLY.decide(Connection.inbound("192.0.2.7", Protocol.TCP, 25)).caveats())
                .as("the allowlist pattern").singleElement().asString().contains("windows-firewall");
    }

    @Test
    void loggingDoesNotChangeTheVerdict() {
        PortPolicy policy = PortPolicy.named("p").reject(Protocol.TCP, 25).logged().build();

        assertThat(decide(policy, "192.0.2.7", Protocol.TCP, 25).verdict()).isEqualTo(Verdict.REJECT);
    }

    @Test
    void refusesAnIpv4MappedSourceInAPolicyNamingTheFieldAndTheIpv4Form() {
        assertThat(problems(() -> PortPolicy.named("p").deny(Protocol.TCP, 25).from("::ffff:198.51.100.7").build()))
                .singleElement().asString()
                .startsWith("rules[0].sources[0]: ")
                .contains("IPv4-mapped", "write the IPv4 form 198.51.100.7 instead");
        assertThat(problems(() -> PortPolicy.named("p").deny(Protocol.TCP, 25).from("::ffff:198.51.100.0/120").build()))
                .singleElement().asString()
                .isEqualTo("rules[0].sources[0]: '::ffff:198.51.100.0/120' is an IPv4-mapped IPv6 address, which no IPv6"
                        + " packet carries, so no firewall rule or server can match it; write the IPv4 form 198.51.100.0/24 instead");
        assertThat(Cidr.parse("::ffff:198.51.100.7").ipv4MappedProblem()).as("still a CIDR")
                .isPresent();
        assertThat(Cidr.parse("::/0").ipv4MappedProblem()).isEmpty();
    }

    @Test
    void refusesAnIpv4MappedTrustedNetworkNamingTheField() {
        assertThat(problems(() -> MailServerSpec.forHost("mail.example.com").trustNetworks("192.168.1.0/24",
                "::ffff:10.0.0.0/104").build())).singleElement().asString()
                .startsWith("trustedNetworks[1]: ").contains("write the IPv4 form 10.0.0.0/8 instead");
    }

    @Test
    void acceptsIpv6NetworksThatMerelyContainTheMappedRange() {
        PortPolicy policy = PortPolicy.named("p").deny(Protocol.TCP, 25).from("::/0").build();

        assertThat(decide(policy, "2001:db8::7", Protocol.TCP, 25).verdict()).isEqualTo(Verdict.DROP);
    }

    @Test
    void refusesAConnectionFromAnIpv4MappedAddressOrANetworkOrABadPort() {
        assertThat(problems(() -> Connection.inbound("::ffff:198.51.100.7", Protocol.TCP, 25)))
                .singleElement().asString().startsWith("source: ").contains("198.51.100.7 instead");
        assertThat(fields(() -> Connection.inbound("192.0.2.0/24", Protocol.TCP, 25))).containsExactly("source");
        assertThat(fields(() -> Connection.inbound("mail.example.com", Protocol.TCP, 25))).containsExactly("source");
        assertThat(fields(() -> Connection.inbound("192.0.2.7", Protocol.TCP, 0))).containsExactly("port");
        assertThat(fields(() -> Connection.of(Direction.OUTBOUND, "10.0.0.0/8", Protocol.TCP, 25)))
                .containsExactly("destination");
    }

    @Test
    void aSingleAddressWithAFullPrefixIsOneConnectionPeer() {
        assertThat(Connection.inbound("192.0.2.7/32", Protocol.TCP, 25))
                .isEqualTo(Connection.inbound("192.0.2.7", Protocol.TCP, 25));
        assertThat(Connection.inbound("2001:db8::7", Protocol.UDP, 26)).hasToString("inbound udp port 26 from 2001:db8::7");
    }
}
