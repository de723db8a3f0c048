package dev.portcullis.model;

import static dev.portcullis.model.Refusals.fields;
import static dev.portcullis.model.Refusals.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.Cidr;
import dev.portcullis.Direction;
import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRange;
import dev.portcullis.PortRule;
import dev.portcullis.Protocol;
import dev.portcullis.RateLimit;
import dev.portcullis.RuleAction;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PortPolicyTest {

    private static PortPolicy rich() {
        return PortPolicy.named("smtp-inbound").zone("public").description("SMTP in")
                .allow(Protocol.TCP, 25).from("203.0.113.0/24", "2001:db8::/48").rateLimit(RateLimit.perMinute(60).burst(5))
                .logged("SMTP-IN").describedAs("MX")
                .allow(Protocol.TCP, 587, 465)
                .reject(Protocol.UDP, 53).families(IpFamily.IPV6).logged()
                .deny(Protocol.TCP, 25).outbound().from(Cidr.parse("198.51.100.0/24"))
                .allow(Protocol.UDP, PortRange.of(60000, 61000))
                .build();
    }

    @Test
    void reportsEveryProblemAtOnceEachWithItsFieldPath() {
        assertThat(problems(() -> PortPolicy.named("Smtp Inbound").zone("pub;lic").description("it's")
                .allow(Protocol.TCP, 0, 25).from("10.0.0.0/8")
                .allow(Protocol.TCP, 587).from("192.0.2.0/24", "10.0.0.0/33").logged("bad prefix!")
                .deny(Protocol.TCP, 70000).rateLimit(RateLimit.perSecond(1)).describedAs("a\nb")
                .build()))
                .containsExactly(
                        "name: 'Smtp Inbound' is not a valid name (1-32 characters of a-z, 0-9 and inner '-')",
                        "zone: 'pub;lic' is not a valid name (1-32 characters of a-z, 0-9 and inner '-')",
                        "description: 'it's' is not a valid description (at most 128 characters of letters, digits,"
                                + " space and . , : / _ + @ = -)",
                        "rules[0].ports[0]: 0 is not a port (1-65535)",
                        "rules[1].sources[1]: '10.0.0.0/33' is not a CIDR",
                        "rules[1].logPrefix: 'bad prefix!' is not a log prefix (1-20 characters of letters, digits and . _ : -)",
                        "rules[2].ports[0]: 70000 is not a port (1-65535)",
                        "rules[2].description: 'a\\u000ab' is not a valid description: control character U+000A at"
                                + " position 1 (at most 128 characters of letters, digits, space and . , : / _ + @ = -)",
                        "rules[2].rateLimit: only allow rules can be rate-limited");
    }

    @Test
    void refusesNamesOutsideTheStrictAlphabet() {
        for (String name : new String[] {"", "-smtp", "smtp-", "SMTP", "smtp_in", "a".repeat(33), "smtp\n", "smtp$(id)"}) {
            assertThat(fields(() -> PortPolicy.named(name).build())).containsExactly("name");
        }
        assertThat(fields(() -> PortPolicy.named(null).build())).containsExactly("name");
        assertThat(PortPolicy.named("a".repeat(32)).build().name()).hasSize(32);
    }

    @Test
    void aRuleNeedsAPortAndAtMost15MultiportSlots() {
        assertThat(problems(() -> PortPolicy.named("p").allow(Protocol.TCP).build()))
                .containsExactly("rules[0].ports: a rule needs at least one port");
        int[] sixteen = new int[16];
        for (int i = 0; i < 16; i++) {
            sixteen[i] = 100 + i;
        }
        assertThat(fields(() -> PortPolicy.named("p").allow(Protocol.TCP, sixteen).build()))
                .containsExactly("rules[0].ports");
        int[] fifteen = java.util.Arrays.copyOf(sixteen, 15);
        assertThat(PortPolicy.named("p").allow(Protocol.TCP, fifteen).build().rules().get(0).ports()).hasSize(15);
    }

    @Test
    void familiesFollowTheSourcesUnlessSet() {
        PortPolicy p = PortPolicy.named("p")
                .allow(Protocol.TCP, 25)
                .allow(Protocol.TCP, 25).from("192.0.2.0/24")
                .allow(Protocol.TCP, 25).from("2001:db8::/32").families(IpFamily.IPV6)
                .build();
        assertThat(p.rules().get(0).families()).isEqualTo(EnumSet.allOf(IpFamily.class));
        assertThat(p.rules().get(0).familiesExplicit()).isFalse();
        assertThat(p.rules().get(1).families()).containsExactly(IpFamily.IPV4);
        assertThat(p.rules().get(2).familiesExplicit()).isTrue();
        assertThat(problems(() -> PortPolicy.named("p").allow(Protocol.TCP, 25).from("192.0.2.0/24")
                .families(IpFamily.IPV6).build()))
                .containsExactly("rules[0].families: source 192.0.2.0/24 is IPV4 but the rule is limited to [IPV6]");
    }

    @Test
    void normalisesPortsAndSources() {
        PortRule r = PortPolicy.named("p").allow(Protocol.TCP, 587, 25, 465, 25)
                .from("2001:DB8::/32", "2001:db8::/32").build().rules().get(0);
        assertThat(r.ports()).containsExactly(PortRange.of(25), PortRange.of(465), PortRange.of(587));
        assertThat(r.sources()).extracting(Cidr::toString).containsExactly("2001:db8::/32");
        assertThat(r.sources(IpFamily.IPV4)).isEmpty();
        assertThat(r.fromAnywhere()).isFalse();
    }

    @Test
    void aRuleBecomesASetFromEightSourcesUnlessThePolicySaysOtherwise() {
        PortPolicy plain = PortPolicy.named("relays").allow(Protocol.TCP, 25).build();
        assertThat(plain.sourceSetThreshold()).isEqualTo(8).isEqualTo(PortPolicy.DEFAULT_SOURCE_SET_THRESHOLD);
        PortPolicy two = plain.toBuilder().sourceSetThreshold(2).build();
        assertThat(two.sourceSetThreshold()).isEqualTo(2);
        assertThat(two.toBuilder().build()).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(two).isNotEqualTo(plain);
        assertThat(plain.toBuilder().sourceSetThreshold(100_000).build().sourceSetThreshold()).isEqualTo(100_000);
    }

    @Test
    void refusesASourceSetThresholdBelowTwoNamingTheField() {
        for (int tooSmall : new int[] {1, 0, -5, Integer.MIN_VALUE}) {
            assertThat(problems(() -> PortPolicy.named("relays").sourceSetThreshold(tooSmall)
                    .allow(Protocol.TCP, 25).build()))
                    .containsExactly("sourceSetThreshold: " + tooSmall
                            + " is too small: a set needs at least 2 sources");
        }
    }

    @Test
    void buildsAnAllowlistOfTenThousandNetworksInLinearTimeDroppingRepeats() {
        String[] networks = java.util.stream.IntStream.range(0, 10_000)
                .mapToObj(i -> "10." + (i / 256) + "." + (i % 256) + ".0/24").toArray(String[]::new);
        // The old list search took minutes here (50 million comparisons); a set takes well under a second.
        PortPolicy p = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> PortPolicy.named("relays").allow(Protocol.TCP, 25).from(networks).from("10.0.0.0/24").build());
        assertThat(p.rules().get(0).sources()).hasSize(10_000).first().hasToString("10.0.0.0/24");
    }

    @Test
    void toBuilderRoundTripsAndEqualsComparesEveryField() {
        PortPolicy p = rich();
        assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(p.toBuilder().zone("dmz").build()).isNotEqualTo(p);
        assertThat(p.toBuilder().description("other").build()).isNotEqualTo(p);
        assertThat(p.toBuilder().allow(Protocol.TCP, 80).build()).isNotEqualTo(p);
        assertThat(p.toBuilder().sourceSetThreshold(9).build()).isNotEqualTo(p);
        for (PortRule r : p.rules()) {
            assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
        }
        PortRule first = p.rules().get(0);
        assertThat(first.toBuilder().logPrefix("OTHER").build()).isNotEqualTo(first);
        assertThat(first.toBuilder().rateLimit(null).build()).isNotEqualTo(first);
        assertThat(first.toBuilder().direction(Direction.OUTBOUND).build()).isNotEqualTo(first);
        assertThat(first.toBuilder().action(RuleAction.ALLOW).protocol(Protocol.UDP).build()).isNotEqualTo(first);
        assertThat(first.toBuilder().families(IpFamily.IPV4, IpFamily.IPV6).build()).isNotEqualTo(first);
    }

    @Test
    void theBuiltPolicyIsImmutable() {
        PortPolicy p = rich();
        assertThatThrownBy(() -> p.rules().add(p.rules().get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.rules().get(0).families().clear()).isInstanceOf(UnsupportedOperationException.class);
        PortPolicy.Builder b = p.toBuilder();
        b.allow(Protocol.TCP, 8080);
        assertThat(p).isEqualTo(rich());
    }

    @Test
    void refiningBeforeAnyRuleIsAProgrammingError() {
        assertThatThrownBy(() -> PortPolicy.named("p").from("10.0.0.0/8")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allow()");
    }

    @Test
    void rateLimitsNeedAPositiveCountAndNoNegativeBurst() {
        assertThat(Refusals.refusal(() -> RateLimit.perMinute(0)).problems().get(0).field()).isEqualTo("count");
        assertThat(Refusals.refusal(() -> RateLimit.perMinute(1).burst(-1)).problems().get(0).field()).isEqualTo("burst");
        assertThat(RateLimit.perHour(10).burst(3)).hasToString("10/hour burst 3");
    }

    @Test
    void refusesRatesFasterThanTheFirewallsCanCount() {
        assertThat(Refusals.problems(() -> RateLimit.perSecond(2_000_000))).containsExactly("count: 2000000 per second"
                + " is faster than firewalld can count (at most 10000 per second, 10000 per second)");
        assertThat(Refusals.fields(() -> RateLimit.perMinute(600_001))).containsExactly("count");
        assertThat(RateLimit.perSecond(10_000).count()).isEqualTo(10_000);
        assertThat(RateLimit.perMinute(600_000).count()).isEqualTo(600_000);
    }

    @Test
    void refusesBurstsHashlimitCannotTake() {
        assertThat(Refusals.problems(() -> RateLimit.perSecond(100).burst(2_000_000_000))).containsExactly(
                "burst: 2000000000 is larger than iptables' hashlimit takes (at most 1000000)");
        assertThat(RateLimit.perSecond(100).burst(1_000_000).burst()).isEqualTo(1_000_000);
    }

    @Test
    void refusesRatesSoSlowThatTheKernelOrFirewalldRefusesThem() {
        assertThat(Refusals.fields(() -> RateLimit.perDay(1))).containsExactly("count");
        // 2/day with a burst of 5 is 2.5 days of connections: the kernel's hashlimit overflows.
        assertThat(Refusals.problems(() -> RateLimit.perDay(2).burst(5))).singleElement().asString()
                .startsWith("burst: a burst of 5 at 2 per day").endsWith("give a burst of at most 2 or a faster rate");
        assertThat(RateLimit.perDay(2).burst(2).burst()).isEqualTo(2);
        // Without a burst, hashlimit's default of 5 is lowered to what the kernel takes.
        assertThat(RateLimit.perDay(2).burstOrDefault()).isEqualTo(2);
        assertThat(RateLimit.perDay(5).burstOrDefault()).isEqualTo(5);
        assertThat(RateLimit.perMinute(60).burstOrDefault()).isEqualTo(5);
        assertThat(Refusals.fields(() -> RateLimit.perHour(1).burst(25))).containsExactly("burst");
        assertThat(RateLimit.perHour(1).burst(24).burst()).isEqualTo(24);
    }

    @Test
    void aSpecFileNamesTheRateLimitFieldsItRefuses() {
        String yaml = "kind: port-policy\nname: p\nrules:\n  - action: allow\n    protocol: tcp\n    ports: [\"25\"]\n"
                + "    rateLimit: {count: 2000000, per: second, burst: 2000000000}\n";
        assertThat(Refusals.fields(() -> dev.portcullis.spec.Specs.readString(yaml, dev.portcullis.spec.SpecFormat.YAML)))
                .containsExactly("rules[0].rateLimit.count", "rules[0].rateLimit.burst");
    }
}
