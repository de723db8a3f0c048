package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.RateLimit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IptablesRuleRendererTest {

    @Test
    void rendersEveryRuleWordForWordAsIptablesSavePrintsItBack() {
        for (IpFamily family : IpFamily.values()) {
            OwnedState applied = OwnedState.of(Captures.save("smtp-inbound-applied." + (family == IpFamily.IPV4 ? "v4" : "v6")));
            List<IptablesRuleLine> live = OwnedChains.CHAINS.stream().flatMap(c -> applied.rules(c).stream())
                    .filter(r -> OwnedChains.ownedBy(r, "smtp-inbound")).toList();

            assertThat(IptablesRuleRenderer.render(Captures.SMTP_INBOUND, family)).as(family.name()).isEqualTo(live);
        }
    }

    @Test
    void writesIpv4SourcesToIptablesAndIpv6SourcesToIp6tables() {
        PortPolicy p = PortPolicy.named("dual").allow(Protocol.TCP, 25).from("203.0.113.0/24", "2001:db8::/48").build();

        assertThat(IptablesRuleRenderer.render(p, IpFamily.IPV4)).singleElement()
                .satisfies(r -> assertThat(r.value("-s")).contains("203.0.113.0/24"));
        assertThat(IptablesRuleRenderer.render(p, IpFamily.IPV6)).singleElement()
                .satisfies(r -> assertThat(r.value("-s")).contains("2001:db8::/48"));
        PortPolicy v4only = PortPolicy.named("v4").allow(Protocol.TCP, 25).from("203.0.113.0/24").build();
        assertThat(IptablesRuleRenderer.render(v4only, IpFamily.IPV6)).isEmpty();
    }

    @Test
    void keepsTheWrittenOrderSoTheFirstMatchingRuleDecides() {
        PortPolicy office = PortPolicy.named("office").allow(Protocol.TCP, 25).from("192.0.2.0/24")
                .reject(Protocol.UDP, 26).deny(Protocol.TCP, 25).build();

        assertThat(IptablesRuleRenderer.render(office, IpFamily.IPV4)).extracting(IptablesRuleLine::toString)
                .containsExactly(
                        "-A PORTCULLIS-INPUT -s 192.0.2.0/24 -p tcp -m tcp --dport 25 -m comment --comment portcullis:office:1 -j ACCEPT",
                        "-A PORTCULLIS-INPUT -p udp -m udp --dport 26 -m comment --comment portcullis:office:2"
                                + " -j REJECT --reject-with icmp-port-unreachable",
                        "-A PORTCULLIS-INPUT -p tcp -m tcp --dport 25 -m comment --comment portcullis:office:3 -j DROP");
    }

    @Test
    void leavesOutAMatchOnEveryAddressAsIptablesSaveDoes() {
        PortPolicy p = PortPolicy.named("any").allow(Protocol.TCP, 25).from("0.0.0.0/0").build();

        assertThat(IptablesRuleRenderer.render(p, IpFamily.IPV4).get(0).value("-s")).isEmpty();
    }

    @Test
    void rejectsTcpWithAResetAndUdpWithPortUnreachableOfTheFamily() {
        PortPolicy p = PortPolicy.named("r").reject(Protocol.TCP, 26).reject(Protocol.UDP, 27).build();

        assertThat(IptablesRuleRenderer.render(p, IpFamily.IPV4)).extracting(r -> r.value("--reject-with").orElseThrow())
                .containsExactly("tcp-reset", "icmp-port-unreachable");
        assertThat(IptablesRuleRenderer.render(p, IpFamily.IPV6)).extracting(r -> r.value("--reject-with").orElseThrow())
                .containsExactly("tcp-reset", "icmp6-port-unreachable");
    }

    @Test
    void logPrefixNamesThePolicyAndFitsIptablesLimit() {
        PortPolicy p = PortPolicy.named("a-very-long-policy-name-of-32-ch").allow(Protocol.TCP, 25).logged().build();

        String prefix = IptablesRuleRenderer.render(p, IpFamily.IPV4).get(0).value("--log-prefix").orElseThrow();

        assertThat(prefix).startsWith("portcullis:a-very").endsWith(" ").hasSize(IptablesRuleRenderer.LOG_PREFIX_MAX + 1);
    }

    @Test
    void tagsEveryLineWithThePolicyAndRuleNumber() {
        assertThat(IptablesRuleRenderer.render(Captures.SMTP_INBOUND, IpFamily.IPV4))
                .allSatisfy(r -> assertThat(r.comment().orElseThrow()).matches("portcullis:smtp-inbound:[0-9]+(:log|:limit)?"));
    }

    @Test
    void writesRatesInTheUnitsIptablesPrintsThemIn() {
        // comment = the rate as written on the command line; the rest = what iptables-save printed
        Map<String, RateLimit> asWritten = Map.of("60/min", RateLimit.perMinute(60), "1/sec", RateLimit.perSecond(1),
                "7/min", RateLimit.perMinute(7), "100/day", RateLimit.perDay(100), "60/hour", RateLimit.perHour(60),
                "3/hour", RateLimit.perHour(3), "1000/sec", RateLimit.perSecond(1000), "30/min", RateLimit.perMinute(30),
                "90/min", RateLimit.perMinute(90));
        List<IptablesRuleLine> captured = Captures.save("hashlimit-rates.v4").filter().rules("RATES");

        assertThat(captured).hasSize(asWritten.size());
        for (IptablesRuleLine line : captured) {
            List<String> words = line.args();
            int from = words.indexOf("--hashlimit-above");
            int to = words.subList(from, words.size()).indexOf("-m") + from;
            RateLimit limit = asWritten.get(line.comment().orElseThrow());
            assertThat(HashlimitRate.words(limit, "srcip", "rate")).as(limit.toString()).isEqualTo(words.subList(from, to));
        }
    }
}
