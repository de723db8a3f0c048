package dev.portcullis.examples.nftables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.PortPolicy;
import dev.portcullis.PortRule;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.RateLimit;
import dev.portcullis.examples.cli.AssumedHost;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandFailedException;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.Backends;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.Support;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example nftables backend, planned on (desired, snapshot) pairs. The snapshots under
 * src/test/resources/nftables are real {@code nft list table inet portcullis} outputs, captured
 * after loading this backend's own scripts into nft 1.0.6 (Debian 12) in a private network namespace.
 */
class NftablesBackendTest {

    /** The policy whose script and listing were captured (smtp-inbound.nft, list-table-smtp-inbound.txt). */
    static final PortPolicy SMTP = PortPolicy.named("smtp-inbound")
            .allow(Protocol.TCP, 25).from("203.0.113.0/24", "198.51.100.7", "2001:db8::/48").rateLimit(RateLimit.perMinute(60))
            .allow(Protocol.TCP, 587, 465)
            .deny(Protocol.UDP, 1000, 2000).logged()
            .build();
    static final PortPolicy OTHER = PortPolicy.named("other-policy").allow(Protocol.TCP, 25).from("192.0.2.0/24").build();

    private final NftablesBackend backend = new NftablesBackend();

    static String resource(String name) {
        try (InputStream in = NftablesBackendTest.class.getResourceAsStream("/nftables/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A host whose table listing is fixed; every other command succeeds silently. Records what ran. */
    static final class FixedHost implements CommandRunner {
        final List<Command> ran = new ArrayList<>();
        final int listExit;
        final String listOut;
        final String listErr;

        FixedHost(int listExit, String listOut, String listErr) {
            this.listExit = listExit;
            this.listOut = listOut;
            this.listErr = listErr;
        }

        static FixedHost listing(String resource) {
            return new FixedHost(0, resource(resource), "");
        }

        static FixedHost withoutTable() {
            return new FixedHost(1, "", resource("list-table-absent.stderr.txt"));
        }

        @Override
        public CommandResult execute(Command c) {
            ran.add(c);
            return c.argv().get(1).equals("list") ? new CommandResult(c, listExit, listOut, listErr, Duration.ZERO, false)
                    : CommandResult.of(c, 0, "");
        }
    }

    private static BackendContext on(CommandRunner runner) {
        return new BackendContext(runner, AssumedHost.DEBIAN.facts(), Map.of());
    }

    private static String stdin(Command c) {
        return new String(c.stdin().orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void emptyHostGetsEveryRuleInOneAtomicNftTransaction() {
        FixedHost host = FixedHost.withoutTable();

        Plan plan = backend.plan(SMTP, on(host));

        assertThat(host.ran).extracting(Command::argv).containsExactly(List.of("nft", "list", "table", "inet", "portcullis"));
        assertThat(plan.steps()).hasSize(1);
        assertThat(plan.commands()).singleElement().satisfies(c -> {
            assertThat(c.argv()).containsExactly("nft", "-f", "-");
            assertThat(stdin(c)).isEqualTo(resource("smtp-inbound.nft"));
        });
    }

    /** Port 25 from eight IPv4 networks (the default set threshold) and one IPv6 network. */
    static final PortPolicy BULK = PortPolicy.named("bulk").allow(Protocol.TCP, 25).from("192.0.2.0/25", "192.0.2.128/25",
            "198.51.100.0/24", "203.0.113.0/26", "203.0.113.64/26", "203.0.113.128/26", "203.0.113.192/26", "198.18.0.0/15",
            "2001:db8::/48").build();

    @Test
    void aRuleWithManySourcesOfAFamilyMatchesANamedSetCreatedFlushedAndFilledInTheSameOneLoad() {
        Plan plan = backend.plan(BULK, on(FixedHost.withoutTable()));

        assertThat(plan.commands()).singleElement().satisfies(c -> assertThat(stdin(c)).isEqualTo("add table inet portcullis\n"
                + "add set inet portcullis in_bulk_1_v4 { type ipv4_addr; flags interval; auto-merge; }\n"
                + "flush set inet portcullis in_bulk_1_v4\n"
                + "add element inet portcullis in_bulk_1_v4 { 192.0.2.0/25, 192.0.2.128/25, 198.51.100.0/24, 203.0.113.0/26,"
                + " 203.0.113.64/26, 203.0.113.128/26, 203.0.113.192/26, 198.18.0.0/15 }\n"
                + "add chain inet portcullis in_bulk { type filter hook input priority filter; policy accept;"
                + " comment \"portcullis bulk v1 " + commentOf(plan) + "\"; }\n"
                + "flush chain inet portcullis in_bulk\n"
                + "add rule inet portcullis in_bulk ip saddr @in_bulk_1_v4 tcp dport 25 accept comment \"bulk\"\n"
                + "add rule inet portcullis in_bulk ip6 saddr 2001:db8::/48 tcp dport 25 accept comment \"bulk\"\n"));
    }

    private static String commentOf(Plan plan) {
        String script = stdin(plan.commands().get(0));
        int at = script.indexOf("comment \"portcullis ");
        return script.substring(at, script.indexOf('"', at + 9)).replaceAll(".* ", "");
    }

    @Test
    void oneChangedMemberReloadsTheChainAndRefillsItsSetInOneLoadAndTheUndoPutsTheSetBackBeforeTheChain() {
        PortPolicy changed = PortPolicy.named("bulk").allow(Protocol.TCP, 25).from("192.0.2.0/25", "192.0.2.128/25",
                "198.51.100.0/24", "203.0.113.0/26", "203.0.113.64/26", "203.0.113.128/26", "203.0.113.192/26", "198.20.0.0/15",
                "2001:db8::/48").build();
        Map<String, String> before = NftablesBackend.parse(resource("list-table-bulk.txt"));

        Plan converged = backend.plan(BULK, on(FixedHost.listing("list-table-bulk.txt")));
        Plan plan = backend.plan(changed, on(FixedHost.listing("list-table-bulk.txt")));
        Plan removal = backend.planRemoval(BULK, on(FixedHost.listing("list-table-bulk.txt")));

        assertThat(converged.isEmpty()).isTrue();
        assertThat(before).containsKeys("in_bulk", "set in_bulk_1_v4");
        assertThat(plan.steps()).hasSize(1);
        assertThat(stdin(plan.commands().get(0))).contains("flush set inet portcullis in_bulk_1_v4\n",
                "198.20.0.0/15 }\n", "flush chain inet portcullis in_bulk\n");
        Command undo = plan.steps().get(0).undo().action().orElseThrow().commands().get(0);
        assertThat(stdin(undo)).isEqualTo("delete chain inet portcullis in_bulk\ndelete set inet portcullis in_bulk_1_v4\n"
                + "table inet portcullis {\n" + before.get("set in_bulk_1_v4") + "\n}\n"
                + "table inet portcullis {\n" + before.get("in_bulk") + "\n}\n");
        assertThat(stdin(removal.commands().get(0))).isEqualTo("add table inet portcullis\n"
                + "delete chain inet portcullis in_bulk\ndelete set inet portcullis in_bulk_1_v4\n");
    }

    @Test
    void refusesAZonedPolicyNamingTheZoneFieldBeforeReadingTheHost() {
        FixedHost host = FixedHost.withoutTable();
        PortPolicy zoned = PortPolicy.named("db").zone("internal").allow(Protocol.TCP, 5432).build();

        assertThatThrownBy(() -> backend.plan(zoned, on(host)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.field()).containsExactly("zone"))
                .hasMessageContaining("internal");
        assertThat(host.ran).isEmpty();
    }

    @Test
    void hostThatAlreadyHasThePolicyYieldsAnEmptyPlanAndVerifiesConverged() {
        Plan plan = backend.plan(SMTP, on(FixedHost.listing("list-table-smtp-inbound.txt")));
        VerifyReport verify = backend.verify(SMTP, on(FixedHost.listing("list-table-two-policies.txt")));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(verify.converged()).isTrue();
    }

    @Test
    void rulesKeepTheirWrittenOrderSoTheFirstMatchDecides() {
        // Before: every allow-with-sources also got a trailing drop of other sources, so a later
        // "allow tcp 25" from anywhere never reached them.
        PortPolicy office = PortPolicy.named("office").allow(Protocol.TCP, 25).from("192.0.2.0/24")
                .deny(Protocol.TCP, 25).from("198.51.100.0/24").allow(Protocol.TCP, 25).build();

        List<String> rules = NftablesBackend.chains(office).get("in_office");

        assertThat(rules).containsExactly(
                "ip saddr 192.0.2.0/24 tcp dport 25 accept comment \"office\"",
                "ip saddr 198.51.100.0/24 tcp dport 25 drop comment \"office\"",
                "tcp dport 25 accept comment \"office\"");
    }

    @Test
    void outboundRulesGoToAnOutputChainMatchingDestinations() {
        PortPolicy out = PortPolicy.named("relay-out").rule(PortRule.builder().action(dev.portcullis.RuleAction.ALLOW)
                .protocol(Protocol.TCP).port(25).direction(dev.portcullis.Direction.OUTBOUND).sources("192.0.2.25").build())
                .build();

        Plan plan = backend.plan(out, on(FixedHost.withoutTable()));

        assertThat(stdin(plan.commands().get(0)))
                .contains("add chain inet portcullis out_relay_out { type filter hook output priority filter;")
                .contains("add rule inet portcullis out_relay_out ip daddr 192.0.2.25/32 tcp dport 25 accept");
    }

    @Test
    void changedPolicyReloadsItsChainAndUndoRestoresTheChainAsListedBefore() {
        PortPolicy narrower = SMTP.toBuilder().allow(Protocol.TCP, 2525).build();
        String before = NftablesBackend.parse(resource("list-table-two-policies.txt")).get("in_smtp_inbound");

        Plan plan = backend.plan(narrower, on(FixedHost.listing("list-table-two-policies.txt")));

        assertThat(stdin(plan.commands().get(0))).contains("flush chain inet portcullis in_smtp_inbound")
                .contains("tcp dport 2525 accept").doesNotContain("in_other_policy");
        Command undo = plan.steps().get(0).undo().action().orElseThrow().commands().get(0);
        assertThat(stdin(undo)).isEqualTo("delete chain inet portcullis in_smtp_inbound\n"
                + "table inet portcullis {\n" + before + "\n}\n");
        assertThat(before).contains("comment \"portcullis smtp-inbound v1 5e9dd879e685\"");
    }

    @Test
    void removesOnlyTheChainsItsPolicyOwns() {
        Plan plan = backend.planRemoval(OTHER, on(FixedHost.listing("list-table-two-policies.txt")));
        Plan nothing = backend.planRemoval(OTHER, on(FixedHost.listing("list-table-smtp-inbound.txt")));

        assertThat(stdin(plan.commands().get(0))).isEqualTo("add table inet portcullis\ndelete chain inet portcullis in_other_policy\n");
        assertThat(nothing.isEmpty()).isTrue();
    }

    @Test
    void verifyReportsDriftWhenTheChainIsMissingOrDifferent() {
        VerifyReport missing = backend.verify(OTHER, on(FixedHost.withoutTable()));
        VerifyReport different = backend.verify(OTHER.toBuilder().allow(Protocol.TCP, 26).build(),
                on(FixedHost.listing("list-table-two-policies.txt")));

        assertThat(missing.converged()).isFalse();
        assertThat(different.converged()).isFalse();
        assertThat(different.drifts()).singleElement().satisfies(d -> assertThat(d.where()).isEqualTo("nftables"));
    }

    @Test
    void refusesToGuessWhenNftCannotReadTheTable() {
        FixedHost notRoot = new FixedHost(1, "", resource("list-table-not-root.stderr.txt"));

        assertThatThrownBy(() -> backend.plan(SMTP, on(notRoot))).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("Operation not permitted");
    }

    @Test
    void parsesEveryChainOfARealListingIntoBlocksThatLoadAgain() {
        Map<String, String> chains = NftablesBackend.parse(resource("list-table-two-policies.txt"));

        assertThat(chains).containsOnlyKeys("in_smtp_inbound", "in_other_policy");
        assertThat(chains.get("in_other_policy")).startsWith("\tchain in_other_policy {").endsWith("\t}")
                .contains("comment \"portcullis other-policy v1 3c8e6074857c\"");
    }

    @Test
    void failedProbeIsUndoneAndTheRollbackCheckProvesTheTableAsBefore() {
        FixedHost host = FixedHost.withoutTable(); // nft -f "succeeds", yet the listing never shows the chain

        ApplyReport report = PlanExecutor.on(host).execute(backend.plan(SMTP, on(host)));

        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.findings()).anySatisfy(f -> assertThat(f).startsWith("after rollback, host is as before"));
        assertThat(host.ran).filteredOn(c -> c.argv().contains("-f")).extracting(NftablesBackendTest::stdin)
                .last().isEqualTo("delete chain inet portcullis in_smtp_inbound\n");
    }

    @Test
    void isFoundByServiceLoaderAndSelectedById() {
        Provisioner p = Provisioner.on(FixedHost.withoutTable()).facts(AssumedHost.DEBIAN.facts()).firewall(NftablesBackend.ID);

        assertThat(Backends.firewalls()).anyMatch(b -> b instanceof NftablesBackend);
        assertThat(p.firewallBackend()).isInstanceOf(NftablesBackend.class);
        assertThat(p.plan(SMTP).backend()).isEqualTo("example-nftables");
    }

    @Test
    void leavesAutoDetectionToRealBackendsAndNeverClaimsWindowsOrAnOrdinaryUser() {
        FirewallBackend real = new FirewallBackend() {
            @Override
            public String id() {
                return "real";
            }

            @Override
            public Support supports(HostFacts facts) {
                return facts.hasTool("iptables") ? Support.yes("iptables") : Support.no("no iptables");
            }

            @Override
            public Plan plan(PortPolicy spec, BackendContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Plan planRemoval(PortPolicy spec, BackendContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public VerifyReport verify(PortPolicy spec, BackendContext context) {
                throw new UnsupportedOperationException();
            }
        };
        HostFacts nftOnly = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).tools("nft").effectiveUid(0).build();

        assertThat(Backends.choose("firewall", List.of(backend, real), null, AssumedHost.DEBIAN.facts())).isSameAs(real);
        assertThat(Backends.choose("firewall", List.of(backend, real), null, nftOnly)).isSameAs(backend);
        assertThat(backend.supports(AssumedHost.WINDOWS.facts()).supported()).isFalse();
        assertThat(backend.supports(nftOnly.toBuilder().effectiveUid(1000).build()).supported()).isFalse();
    }
}
