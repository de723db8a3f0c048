package dev.portcullis.iptables;

import static dev.portcullis.iptables.IptablesPlannerTest.SETTINGS;
import static dev.portcullis.iptables.IptablesPlannerTest.stdin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
import dev.portcullis.testing.SyntheticNetworks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A rule with many sources is one ipset per family plus one rule; the sets are owned like the chains. */
class IptablesSetsTest {

    static final IptablesSettings WITH_IPSET = SETTINGS.ipset(true);

    /** @return {@code count} IPv4 networks 10.x.y.0/24 */
    static List<String> networks(int count) {
        return SyntheticNetworks.networks(0, count);
    }

    static PortPolicy relays(List<String> sources) {
        return PortPolicy.named("relays").allow(Protocol.TCP, 25).from(sources.toArray(new String[0])).build();
    }

    /** The tables of a host where {@code policy} is applied (jump at position 1), as iptables-save prints them. */
    static IptablesSave applied(PortPolicy policy, IpFamily family) {
        String capture = Captures.text(family == IpFamily.IPV4 ? "foreign-only.v4" : "foreign-only.v6");
        IptablesSave empty = IptablesSave.parse(capture);
        OwnedState state = IptablesPlanner.desired(OwnedState.of(empty), empty.filter(), policy.name(),
                IptablesRuleRenderer.render(policy, family, List.of(), true), OptionalInt.of(1));
        StringBuilder text = new StringBuilder();
        boolean inFilter = false;
        boolean jumped = false;
        for (String line : capture.split("\n")) {
            if (line.equals("*filter")) {
                inFilter = true;
            } else if (inFilter && !jumped && (line.startsWith("-A") || line.equals("COMMIT"))) {
                state.jumps().values().forEach(js -> js.forEach(j -> text.append(j.rule().appendLine()).append('\n')));
                jumped = true;
            }
            if (inFilter && line.equals("COMMIT")) {
                state.chains().values().forEach(rules -> rules.forEach(r -> text.append(r.appendLine()).append('\n')));
                inFilter = false;
            }
            text.append(line).append('\n');
            if (line.equals("*filter")) {
                state.chains().keySet().forEach(c -> text.append(':').append(c).append(" - [0:0]\n"));
            }
        }
        IptablesSave tables = IptablesSave.parse(text.toString());
        assertThat(OwnedState.of(tables)).isEqualTo(state);
        return tables;
    }

    static String ipsetSave(Map<String, OwnedIpset> sets) {
        StringBuilder sb = new StringBuilder(Captures.text("ipset-save.txt").replaceAll("(?m)^(create|add) pc-relays.*\n", ""));
        sets.values().forEach(s -> {
            sb.append(s.createLine()).append(" hashsize 1024 bucketsize 12 initval 0x6ea39660\n");
            s.members().forEach(m -> sb.append("add ").append(s.name()).append(' ')
                    .append(m.isHost() ? m.address() : m.toCidrString()).append('\n'));
        });
        return sb.toString();
    }

    static IptablesSnapshot convergedOn(PortPolicy policy) {
        return new IptablesSnapshot(applied(policy, IpFamily.IPV4), applied(policy, IpFamily.IPV6), Optional.empty(),
                IpsetSave.parse(ipsetSave(IpsetSteps.wanted(policy, WITH_IPSET))));
    }

    static List<String> lines(Command c) {
        return stdin(c).lines().toList();
    }

    @Test
    void writesARuleWithManySourcesAsOneSetPlusOneRuleMatchingIt() {
        Plan plan = IptablesPlanner.planApply(relays(networks(10)), IptablesPlannerTest.snapshot("foreign-only"),
                WITH_IPSET, "t");

        assertThat(plan.commands()).extracting(Command::argv).containsExactly(
                List.of("ipset", "restore"), List.of("iptables-nft-restore", "--noflush"));
        assertThat(lines(plan.commands().get(0))).containsExactlyElementsOf(concat(
                List.of("create pc-relays-1-v4 hash:net family inet"),
                networks(10).stream().sorted().map(n -> "add pc-relays-1-v4 " + n).toList()));
        assertThat(lines(plan.commands().get(1)).stream().filter(l -> l.contains("portcullis:relays")))
                .containsExactly("-A PORTCULLIS-INPUT -p tcp -m set --match-set pc-relays-1-v4 src -m tcp --dport 25"
                        + " -m comment --comment portcullis:relays:1 -j ACCEPT");
    }

    @Test
    void aRuleBelowTheThresholdOrWithoutTheIpsetToolKeepsOneRulePerSource() {
        Plan seven = IptablesPlanner.planApply(relays(networks(7)), IptablesPlannerTest.snapshot("foreign-only"),
                WITH_IPSET, "t");
        assertThat(seven.commands()).extracting(c -> c.argv().get(0)).containsExactly("iptables-nft-restore");
        assertThat(lines(seven.commands().get(0))).filteredOn(l -> l.contains("portcullis:relays")).hasSize(7);

        PortPolicy twoAreASet = relays(networks(2)).toBuilder().sourceSetThreshold(2).build();
        assertThat(IptablesPlanner.planApply(twoAreASet, IptablesPlannerTest.snapshot("foreign-only"), WITH_IPSET, "t")
                .commands()).extracting(c -> c.argv().get(0)).containsExactly("ipset", "iptables-nft-restore");

        Plan noTool = IptablesPlanner.planApply(relays(networks(10)), IptablesPlannerTest.snapshot("foreign-only"),
                SETTINGS, "t");
        assertThat(noTool.commands()).extracting(c -> c.argv().get(0)).containsExactly("iptables-nft-restore");
        assertThat(lines(noTool.commands().get(0))).filteredOn(l -> l.contains("portcullis:relays")).hasSize(10);
    }

    @Test
    void persistedRulesKeepOneRulePerSourceWhenTheBootHasNoIpsetLoaderAndThePlanSaysWhy() {
        IptablesSettings persisting = new IptablesSettings(IptablesPlannerTest.V4, Optional.of(IptablesPlannerTest.V6),
                OptionalInt.of(1), Optional.of(PersistenceTarget.DEBIAN), List.of()).ipset(true);
        IptablesSnapshot host = IptablesPlannerTest.snapshot("foreign-only");
        host = new IptablesSnapshot(host.v4(), host.v6(), Optional.of(new PersistenceTarget.PersistedFiles(
                Optional.empty(), Optional.empty())));

        Plan plan = IptablesPlanner.planApply(relays(networks(10)), host, persisting, "t");

        assertThat(plan.commands()).extracting(c -> c.argv().get(0)).doesNotContain("ipset");
        assertThat(lines(plan.commands().get(0))).filteredOn(l -> l.contains("portcullis:relays")).hasSize(10);
        assertThat(plan.notes()).anyMatch(n -> n.contains("/usr/share/netfilter-persistent/plugins.d/10-ipset is missing"));
    }

    static final String FOREIGN_SAVED_SET = "create admin-blocklist hash:net family inet\nadd admin-blocklist 192.0.2.0/24\n";

    @Test
    void persistedRulesWithTheBootsIpsetLoaderSaveThePolicysSetsBesideTheForeignOnesBeforeTheRulesLoad() {
        IptablesSettings persisting = new IptablesSettings(IptablesPlannerTest.V4, Optional.of(IptablesPlannerTest.V6),
                OptionalInt.of(1), Optional.of(PersistenceTarget.DEBIAN), List.of()).ipset(true);
        IptablesSnapshot host = IptablesPlannerTest.snapshot("foreign-only");
        String oldOwnSet = "create pc-relays-1-v4 hash:net family inet\nadd pc-relays-1-v4 10.99.0.0/24\n";
        host = new IptablesSnapshot(host.v4(), host.v6(), Optional.of(new PersistenceTarget.PersistedFiles(
                Optional.empty(), Optional.empty(), Optional.of(FOREIGN_SAVED_SET + oldOwnSet), true)));

        Plan plan = IptablesPlanner.planApply(relays(networks(10)), host, persisting, "t");

        assertThat(plan.commands()).extracting(c -> c.argv().get(0)).startsWith("ipset", "iptables-nft-restore");
        Step persist = plan.steps().get(plan.steps().size() - 1);
        assertThat(persist.description()).contains("and the policy's 1 ipsets to /etc/iptables/ipsets");
        Command saveSets = persist.action().commands().stream().filter(c -> c.argv().contains("of=/etc/iptables/ipsets"))
                .findFirst().orElseThrow();
        assertThat(stdin(saveSets)).startsWith(FOREIGN_SAVED_SET).doesNotContain("10.99.0.0/24")
                .contains("create pc-relays-1-v4 hash:net family inet\nadd pc-relays-1-v4 10.0.0.0/24\n");
        assertThat(lines(saveSets)).hasSize(2 + 1 + 10);
        assertThat(persist.undo().action().orElseThrow().commands()).anySatisfy(c -> {
            assertThat(c.argv()).contains("of=/etc/iptables/ipsets");
            assertThat(stdin(c)).isEqualTo(FOREIGN_SAVED_SET + oldOwnSet);
        });
        assertThat(PersistenceTarget.DEBIAN.readCommand().argv()).contains("/etc/iptables/ipsets",
                "/usr/share/netfilter-persistent/plugins.d/10-ipset");
    }

    @Test
    void removalTakesOnlyThePolicysSetsOutOfTheSavedIpsetsFile() {
        String saved = FOREIGN_SAVED_SET + "create pc-relays-1-v4 hash:net family inet\nadd pc-relays-1-v4 10.99.0.0/24\n"
                + "create pc-relays-eu-1-v4 hash:net family inet\nadd pc-relays-eu-1-v4 10.98.0.0/24\n";

        assertThat(PersistenceTarget.ipsetFileWith(Optional.of(saved), "relays", List.of())).isEqualTo(FOREIGN_SAVED_SET
                + "create pc-relays-eu-1-v4 hash:net family inet\nadd pc-relays-eu-1-v4 10.98.0.0/24\n");
        assertThat(PersistenceTarget.DEBIAN.parse("/etc/iptables/ipsets:" + FOREIGN_SAVED_SET.replace("\nadd",
                "\n/etc/iptables/ipsets:add"), "grep: /usr/share/netfilter-persistent/plugins.d/10-ipset: No such file or directory\n"))
                .satisfies(f -> {
                    assertThat(f.ipsets()).contains(FOREIGN_SAVED_SET);
                    assertThat(f.ipsetLoader()).isFalse();
                });
    }

    @Test
    void eachFamilyCountsItsOwnSources() {
        List<String> sources = new ArrayList<>(networks(8));
        IntStream.range(0, 3).forEach(i -> sources.add("2001:db8:" + i + "::/48"));
        Plan plan = IptablesPlanner.planApply(relays(sources), IptablesPlannerTest.snapshot("foreign-only"), WITH_IPSET, "t");

        assertThat(lines(plan.commands().get(0))).first().isEqualTo("create pc-relays-1-v4 hash:net family inet");
        assertThat(lines(plan.commands().get(0))).noneMatch(l -> l.contains("v6"));
        assertThat(lines(plan.commands().get(2))).filteredOn(l -> l.contains("portcullis:relays")).hasSize(3)
                .allMatch(l -> l.startsWith("-A PORTCULLIS-INPUT -s 2001:db8:"));
    }

    @Test
    void aConvergedHostWithSetsYieldsAnEmptyPlan() {
        PortPolicy policy = relays(networks(1000));
        assertThat(IptablesPlanner.planApply(policy, convergedOn(policy), WITH_IPSET, "t").isEmpty()).isTrue();
        assertThat(IptablesVerifier.drifts(policy, convergedOn(policy), WITH_IPSET)).isEmpty();
    }

    @Test
    void changingOneMemberOfATenThousandEntrySetWritesOneAddAndOneDelete() {
        List<String> before = networks(10_000);
        List<String> after = new ArrayList<>(before);
        after.set(1234, "192.0.2.0/24");
        Plan plan = IptablesPlanner.planApply(relays(after), convergedOn(relays(before)), WITH_IPSET, "t");

        assertThat(plan.steps()).hasSize(1);
        assertThat(plan.commands()).extracting(Command::argv).containsExactly(List.of("ipset", "restore"));
        assertThat(lines(plan.commands().get(0))).containsExactly("add pc-relays-1-v4 192.0.2.0/24",
                "del pc-relays-1-v4 " + before.get(1234));
        List<Command> undo = plan.steps().get(0).undo().action().orElseThrow().commands();
        assertThat(undo).hasSize(1);
        assertThat(lines(undo.get(0))).containsExactly("add pc-relays-1-v4 " + before.get(1234),
                "del pc-relays-1-v4 192.0.2.0/24");
        assertThat(IptablesVerifier.drifts(relays(after), convergedOn(relays(before)), WITH_IPSET))
                .singleElement().satisfies(d -> assertThat(d.actual()).contains("lacks 1 and has 1"));
    }

    @Test
    void replacingMostMembersFillsATemporarySetAndSwapsItInAtomically() {
        List<String> before = networks(100);
        List<String> after = networks(300).subList(150, 300);
        Plan plan = IptablesPlanner.planApply(relays(after), convergedOn(relays(before)), WITH_IPSET, "t");

        List<String> script = lines(plan.commands().get(0));
        assertThat(plan.commands()).hasSize(1);
        assertThat(script.get(0)).isEqualTo("create pc-relays-1-v4-t hash:net family inet");
        assertThat(script.subList(1, 151)).allMatch(l -> l.startsWith("add pc-relays-1-v4-t "));
        assertThat(script.subList(151, script.size()))
                .containsExactly("swap pc-relays-1-v4-t pc-relays-1-v4", "destroy pc-relays-1-v4-t");
        List<String> undo = lines(plan.steps().get(0).undo().action().orElseThrow().commands().get(0));
        assertThat(undo).hasSize(103).endsWith("swap pc-relays-1-v4-t pc-relays-1-v4", "destroy pc-relays-1-v4-t");
    }

    @Test
    void setsAreFilledBeforeTheRulesThatMatchThemAndDestroyedAfterTheRulesAreGone() {
        PortPolicy policy = relays(networks(20));
        Plan removal = IptablesPlanner.planRemoval(policy, convergedOn(policy), WITH_IPSET, "t");
        assertThat(removal.steps()).extracting(Step::description).satisfiesExactly(
                d -> assertThat(d).startsWith("iptables"),
                d -> assertThat(d).startsWith("ipset: retire destroy pc-relays-1-v4"));
        assertThat(lines(removal.commands().get(1))).containsExactly("destroy pc-relays-1-v4");
        assertThat(removal.steps().get(1).undo().action().orElseThrow().commands()).singleElement()
                .satisfies(c -> assertThat(lines(c)).hasSize(21).first().isEqualTo("create pc-relays-1-v4 hash:net family inet"));
        assertThat(removal.rollbackCheck().orElseThrow().commands()).extracting(c -> c.argv().get(0)).contains("ipset");

        // Fewer sources than the threshold now: the new rules go in, then the set goes.
        Plan shrink = IptablesPlanner.planApply(relays(networks(3)), convergedOn(policy), WITH_IPSET, "t");
        assertThat(shrink.commands()).extracting(c -> c.argv().get(0)).containsExactly("iptables-nft-restore", "ipset");
    }

    @Test
    void neverTouchesForeignSetsNorAnotherPolicysSets() {
        IptablesSnapshot host = IptablesPlannerTest.snapshot("foreign-only");
        host = new IptablesSnapshot(host.v4(), host.v6(), Optional.empty(), IpsetSave.parse(Captures.text("ipset-save.txt")));
        assertThat(host.sets().sets()).containsKeys("f2b-postfix", "admin-blocklist", "a", "b");

        Plan removal = IptablesPlanner.planRemoval(relays(networks(20)), host, WITH_IPSET, "t");
        String script = stdin(removal.commands().get(0));
        assertThat(script).isEqualTo("destroy pc-relays-1-v4\ndestroy pc-relays-1-v6\n");
        Plan other = IptablesPlanner.planRemoval(PortPolicy.named("relay").build(), host, WITH_IPSET, "t");
        assertThat(other.isEmpty()).isTrue();
    }

    @Test
    void readsTheSetsAsTheLiveHostPrintedThem() {
        Map<String, OwnedIpset> owned = IpsetSave.parse(Captures.text("ipset-save.txt")).owned("relays");
        assertThat(owned).containsOnlyKeys("pc-relays-1-v4", "pc-relays-1-v6");
        assertThat(owned.get("pc-relays-1-v4").members()).extracting(c -> c.toCidrString())
                .containsExactly("10.0.0.0/24", "10.0.1.7/32", "172.16.0.0/12");
        assertThat(owned.get("pc-relays-1-v6").family()).isEqualTo(IpFamily.IPV6);
        assertThat(owned.get("pc-relays-1-v6").maxelem()).isEqualTo(100_000);
        assertThat(owned.get("pc-relays-1-v6").members()).hasSize(2);
    }

    @Test
    void setNamesAreDeterministicFitIpsetsLimitAndNameTheirPolicy() {
        assertThat(OwnedIpset.nameFor("relays", 3, IpFamily.IPV6)).isEqualTo("pc-relays-3-v6");
        String longName = "a".repeat(32);
        String name = OwnedIpset.nameFor(longName, 99_999, IpFamily.IPV4);
        assertThat(OwnedIpset.temporaryFor(name)).hasSizeLessThanOrEqualTo(31);
        assertThat(name).isEqualTo(OwnedIpset.nameFor(longName, 99_999, IpFamily.IPV4))
                .isNotEqualTo(OwnedIpset.nameFor("a".repeat(31) + "b", 99_999, IpFamily.IPV4));
        assertThat(OwnedIpset.ownedBy(name, longName)).isTrue();
        assertThat(OwnedIpset.ownedBy("pc-a-1-2-v4", "a")).isFalse();
        assertThat(OwnedIpset.ownedBy("pc-a-1-2-v4", "a-1")).isTrue();
        assertThat(OwnedIpset.ownedBy("pc-a-1-v4-t", "a")).isTrue();
        assertThat(OwnedIpset.ownedBy("f2b-postfix", "a")).isFalse();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
