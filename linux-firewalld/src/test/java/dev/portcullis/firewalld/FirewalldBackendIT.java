package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.RateLimit;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.hoststate.SingleWriter;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Drift;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.testing.ConnectionLoop;
import dev.portcullis.testing.FirewalldListing;
import dev.portcullis.testing.InjectedFailure;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.SyntheticNetworks;
import dev.portcullis.testing.TestClient;
import dev.portcullis.testing.TestNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backend against firewalld 1.3.3 running in a test host, proven over the wire from a client
 * container. An administrator's port and rich rule (runtime and permanent) are there from the
 * start. Each firewall-cmd call costs about a second here, so the tests follow whole policy
 * lifecycles rather than one call each.
 */
class FirewalldBackendIT {

    private static final Duration QUICK = Duration.ofSeconds(2);
    private static final String ZONE = "public";

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;
    static TestNetwork net;
    static String adminRichRule;

    @BeforeAll
    static void startFirewalldWithAdminRulesAndListeners() {
        host = LinuxTestHost.start().startFirewalld();
        net = host.network();
        for (int port : new int[] {25, 26, 465, 587, 8080, 8081}) {
            host.listenOn(port);
        }
        client = host.newClient();
        adminRichRule = "rule family=\"ipv4\" source address=\"" + net.address(200)
                + "/32\" port port=\"8081\" protocol=\"tcp\" accept";
        host.run("firewall-cmd", "--permanent", "--zone=" + ZONE, "--add-port=8080/tcp");
        host.run("firewall-cmd", "--permanent", "--zone=" + ZONE, "--add-rich-rule=" + adminRichRule);
        host.run("firewall-cmd", "--zone=" + ZONE, "--add-port=8080/tcp");
        host.run("firewall-cmd", "--zone=" + ZONE, "--add-rich-rule=" + adminRichRule);
    }

    private static ZoneListing list(String... config) {
        Command.Builder b = Command.builder("firewall-cmd").args(config).arg("--zone=" + ZONE).arg("--list-all");
        return ZoneListing.parse(host.runner().run(b.build()).stdout());
    }

    /** The untagged runtime rules the policy recorded as its own. */
    private static java.util.Set<String> record(String policy) {
        return RuntimeRecord.parse(host.runner().run(RuntimeRecord.read(ZONE, policy)).stdout());
    }

    private static boolean connects(int sourceNumber, int port) {
        return client.canConnect(net.address(sourceNumber), host.address(), port, QUICK);
    }

    @Test
    void appliesEveryKindOfRuleProvesItOverTheWireAndRemovesExactlyWhatItAdded() {
        ZoneListing runtimeBefore = list();
        ZoneListing permanentBefore = list("--permanent");
        String hostV6 = host.ipv6Address().orElseThrow(() -> new AssertionError("the test network has no IPv6"));
        PortPolicy policy = PortPolicy.named("smtp-wire").zone(ZONE)
                .allow(Protocol.TCP, 25).from(net.address(128) + "/25", net.ipv6Address(130).orElseThrow() + "/128")
                .allow(Protocol.TCP, 587, 465)
                .allow(Protocol.TCP, 2525).from("203.0.113.0/24").rateLimit(RateLimit.perMinute(60)).logged()
                .deny(Protocol.TCP, 23)
                .reject(Protocol.UDP, 161).from("198.51.100.0/24")
                .build();
        Provisioner p = Provisioner.on(host.runner()).firewall(FirewalldBackend.ID);

        ApplyReport applied = p.apply(policy);

        assertThat(applied.outcome()).as(applied.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        // No reload: the runtime holds the rules with the ports written out, recorded as the policy's.
        assertThat(record("smtp-wire")).hasSize(7).anyMatch(r -> r.contains("family=\"ipv6\""));
        assertThat(list().richRules()).containsAll(record("smtp-wire"));
        assertThat(list("--permanent").ownedRichRules("smtp-wire")).hasSize(5);
        assertThat(connects(130, 25)).as("allowed source").isTrue();
        assertThat(connects(100, 25)).as("other source").isFalse();
        // ansible.posix#451 opened all of TCP for a single port: port 26 must stay closed
        assertThat(connects(130, 26)).as("port 26").isFalse();
        assertThat(connects(100, 587)).as("plain port, any source").isTrue();
        assertThat(client.canConnect(net.ipv6Address(130).orElseThrow(), hostV6, 25, QUICK)).as("allowed v6").isTrue();
        assertThat(client.canConnect(net.ipv6Address(100).orElseThrow(), hostV6, 25, QUICK)).as("other v6").isFalse();
        assertThat(list().withoutOwnedBy("smtp-wire", record("smtp-wire"))).isEqualTo(runtimeBefore);
        assertThat(list("--permanent").withoutOwnedBy("smtp-wire")).isEqualTo(permanentBefore);

        // Someone else's reload gives the runtime the tagged form: that is just as converged.
        host.run("firewall-cmd", "--reload");
        assertThat(p.verify(policy).converged()).as("after --reload").isTrue();
        assertThat(connects(130, 25)).as("allowed source after --reload").isTrue();
        ApplyReport again = p.apply(policy);
        assertThat(again.outcome()).as(again.toString()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        assertThat(list().withoutOwnedBy("smtp-wire")).isEqualTo(runtimeBefore);
        assertThat(list("--permanent").withoutOwnedBy("smtp-wire")).isEqualTo(permanentBefore);

        ApplyReport removed = p.remove(policy);

        assertThat(removed.outcome()).as(removed.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(list()).isEqualTo(runtimeBefore);
        assertThat(list("--permanent")).isEqualTo(permanentBefore);
        assertThat(host.run("firewall-cmd", "--permanent", "--get-services").stdout()).doesNotContain("portcullis-");
        assertThat(connects(130, 25)).as("after remove").isFalse();
        assertThat(connects(100, 8080)).as("admin port").isTrue();
        assertThat(connects(200, 8081)).as("admin rich rule").isTrue();
    }

    /**
     * @param first the first synthetic network
     * @param count how many sources: the client's source .130 and {@code count - 1} networks 10.x.y.0/24
     * @return a policy whose sources make one firewalld ipset (the default threshold)
     */
    private static PortPolicy relays(int first, int count) {
        List<String> sources = new ArrayList<>();
        sources.add(net.address(130) + "/32");
        sources.addAll(SyntheticNetworks.networks(first, count - 1));
        return PortPolicy.named("relays").zone(ZONE).allow(Protocol.TCP, 25).from(sources.toArray(new String[0])).build();
    }

    /** firewalld's whole state, less what it keeps at runtime until its next reload; no owned set may keep an entry. */
    private static List<String> listingLessEmptiedSets() {
        List<String> lines = FirewalldListing.read(host);
        assertThat(lines.stream().filter(l -> l.matches("runtime ipset portcullis-\\S+ entries: .*")))
                .as("a set Portcullis no longer owns is left empty at runtime").allMatch(l -> l.endsWith("entries: "));
        return FirewalldListing.lessRuntimeLeftovers(lines);
    }

    @Test
    void aFiveThousandNetworkSetLetsItsClientInAndNoOtherAndAReplacementNeverLosesTheClientsAttempts() {
        // A foreign firewalld ipset with a permanent entry and a runtime-only one: the set's reload must keep both.
        host.run("firewall-cmd", "--permanent", "--new-ipset=admin-relays", "--type=hash:net");
        host.run("firewall-cmd", "--permanent", "--ipset=admin-relays", "--add-entry=192.0.2.0/24");
        host.run("firewall-cmd", "--reload");
        host.run("firewall-cmd", "--ipset=admin-relays", "--add-entry=198.51.100.0/24");
        List<String> before = listingLessEmptiedSets();
        assertThat(before).contains("runtime ipset admin-relays entries: 192.0.2.0/24 198.51.100.0/24");
        Provisioner p = Provisioner.on(host.runner()).firewall(FirewalldBackend.ID);
        InjectedFailure.failAtEveryStep(host.runner(), p.plan(relays(0, 10)), (report, step) -> {
            assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
            assertThat(listingLessEmptiedSets()).as("after a rollback at step " + step).isEqualTo(before);
        });

        ApplyReport applied = p.apply(relays(0, 5000));

        assertThat(applied.outcome()).as(applied.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(FirewalldListing.read(host)).as("5,000 members read back at runtime and in the permanent set")
                .filteredOn(l -> l.matches("(runtime|permanent) ipset portcullis-relays\\S* entries: .*"))
                .hasSize(2).allSatisfy(l -> assertThat(l.split(" ")).hasSize(4 + 5000));
        assertThat(connects(130, 25)).as("the client, inside the set").isTrue();
        assertThat(connects(131, 25)).as("a source outside the set").isFalse();

        // 500 networks out, 500 in, the client in both: firewalld's runtime takes one D-Bus call and one
        // nftables transaction per changed member (its one bulk call flushes the set first), about 14 ms
        // each here, so all 4,999 would take about 144 s (measured) for no more proof
        ConnectionLoop loop = ConnectionLoop.start(client, net.address(130), host.address(), 25);
        ApplyReport replaced = p.apply(relays(500, 5000));
        String attempts = loop.stop();

        assertThat(replaced.outcome()).as(replaced.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(replaced.steps()).extracting(dev.portcullis.plan.StepReport::description).as(replaced.toString())
                .noneMatch(d -> d.contains("reload"));
        // what no rule accepts, zone public rejects: a lost attempt would be refused at once
        assertThat(attempts).as("connection attempts while 500 members were replaced").matches("ok [1-9][0-9]* failed 0");
        assertThat(connects(131, 25)).as("a source outside the new set").isFalse();

        ApplyReport removed = p.remove(relays(500, 5000));

        assertThat(removed.outcome()).as(removed.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(listingLessEmptiedSets()).as("firewalld as before, the foreign set's runtime entry kept").isEqualTo(before);
        assertThat(connects(130, 25)).as("after remove").isFalse();
        System.out.printf("firewalld, 5,000-network set: apply %d ms, replace 500 members %d ms, remove %d ms%n",
                applied.duration().toMillis(), replaced.duration().toMillis(), removed.duration().toMillis());
        host.run("firewall-cmd", "--permanent", "--delete-ipset=admin-relays");
        host.run("firewall-cmd", "--reload");
    }

    @Test
    void reappliesWithOnlyTheSnapshotReadsAndReportsRuntimeAndPermanentDriftSeparately() {
        PortPolicy policy = PortPolicy.named("smtp-drift").zone(ZONE).allow(Protocol.TCP, 25).from("203.0.113.0/24")
                .build();
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());
        Provisioner p = Provisioner.on(counting).firewall(FirewalldBackend.ID);
        p.facts();
        counting.reset();
        ApplyReport applied = p.apply(policy);
        assertThat(applied.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        // one read, then per configuration one change and one probe: five python3 processes in all;
        // beside them only the host's lock and journal
        assertThat(counting.commands()).as("apply").hasSize(5 + SingleWriter.LOCK_AND_JOURNAL_READ_SPAWNS
                + SingleWriter.journalSpawns(applied.steps().size()))
                .filteredOn(c -> c.program().equals("python3")).hasSize(5);
        counting.reset();

        ApplyReport again = p.apply(policy);

        assertThat(again.outcome()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        assertThat(counting.commands()).as("converged re-apply").hasSize(1 + SingleWriter.LOCK_AND_JOURNAL_READ_SPAWNS)
                .filteredOn(c -> c.program().equals("python3")).singleElement()
                .satisfies(c -> assertThat(c.argv()).containsExactly("python3", "-c", FirewalldClient.program()));

        // The runtime holds the rule with its port written out (recorded); the permanent one names the service.
        String rule = record("smtp-drift").iterator().next();
        String permanentRule = list("--permanent").ownedRichRules("smtp-drift").iterator().next();
        host.run("firewall-cmd", "--zone=" + ZONE, "--remove-rich-rule=" + rule);
        VerifyReport runtimeDrift = p.verify(policy);
        host.run("firewall-cmd", "--zone=" + ZONE, "--add-rich-rule=" + rule);
        host.run("firewall-cmd", "--permanent", "--zone=" + ZONE, "--remove-rich-rule=" + permanentRule);
        VerifyReport permanentDrift = p.verify(policy);

        assertThat(runtimeDrift.drifts()).extracting(Drift::where).containsExactly("runtime");
        assertThat(runtimeDrift.drifts().get(0).subject()).contains(rule);
        assertThat(permanentDrift.drifts()).extracting(Drift::where).containsExactly("permanent");
        assertThat(permanentDrift.drifts().get(0).subject()).contains(permanentRule);
        assertThat(p.apply(policy).outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(p.verify(policy).converged()).isTrue();
        counting.reset();
        ApplyReport removed = p.remove(policy);
        assertThat(removed.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(counting.commands()).as("remove").hasSize(5 + SingleWriter.LOCK_AND_JOURNAL_READ_SPAWNS
                + SingleWriter.journalSpawns(removed.steps().size()))
                .filteredOn(c -> c.program().equals("python3")).hasSize(5);
        assertThat(list().ownedRichRules("smtp-drift")).isEmpty();
        assertThat(list().richRules()).doesNotContain(rule);
        assertThat(record("smtp-drift")).isEmpty();
        assertThat(list().richRules()).contains(adminRichRule);
    }
}
