package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Drift;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A rule with many sources on firewalld: one owned ipset per family and one rich rule
 * {@code source ipset="NAME"}, planned in both configurations with exact undos. Live:
 * LivedInFirewalldIT and FirewalldBackendIT.
 */
class FirewalldSetsTest {

    private static final String SET_V4 = "portcullis-smtp_s1_4";
    private static final String SET_V6 = "portcullis-smtp_s1_6";

    /** Rule 1: port 25 from {@code count} IPv4 /32s and two IPv6 networks; rule 2: 587 from anywhere. */
    private static PortPolicy policy(int count) {
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sources.add("198.18." + (i / 256) + "." + (i % 256) + "/32");
        }
        sources.add("2001:db8:1::/48");
        sources.add("2001:db8:2::/48");
        return PortPolicy.named("smtp").allow(Protocol.TCP, 25).from(sources.toArray(String[]::new))
                .allow(Protocol.TCP, 587).build();
    }

    private static Plan plan(PortPolicy policy, FirewalldSnapshot snapshot) {
        return FirewalldPlanner.plan("linux-firewalld", "test", FirewalldRules.of(policy), snapshot);
    }

    private static FirewalldSnapshot fresh() {
        ZoneListing z = Snapshots.untouched();
        return Snapshots.running(z, z, Set.of("ssh", "smtp"), Set.of("ssh", "smtp"));
    }

    private static JsonNode request(Command command) {
        try {
            return new ObjectMapper().readTree(command.stdin().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode action(Step step) {
        return request(step.action().commands().get(0));
    }

    private static JsonNode undo(Step step) {
        return request(step.undo().action().orElseThrow().commands().get(0));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode set(JsonNode request, String name) {
        for (JsonNode s : request.path("setIPSets")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no set " + name + " in " + request);
    }

    @Test
    void aRuleWithAtLeastTheThresholdOfSourcesOfAFamilyMatchesThemThroughOneOwnedIpsetAndOneRichRule() {
        FirewalldRules rules = FirewalldRules.of(policy(8));

        assertThat(rules.ipsets()).containsOnlyKeys(SET_V4);
        assertThat(rules.ipsets().get(SET_V4).family()).isEqualTo("inet");
        assertThat(rules.ipsets().get(SET_V4).entries()).hasSize(8).contains("198.18.0.7/32");
        assertThat(rules.richRules()).contains(
                "rule priority=\"1\" family=\"ipv4\" source ipset=\"" + SET_V4 + "\" service name=\"portcullis-smtp_tcp_25\" accept",
                "rule priority=\"1\" family=\"ipv6\" source address=\"2001:db8:1::/48\" service name=\"portcullis-smtp_tcp_25\" accept")
                .noneMatch(r -> r.contains("198.18."));
    }

    @Test
    void belowTheThresholdOrWithoutSetsEachSourceIsItsOwnRichRule() {
        assertThat(FirewalldRules.of(policy(7)).ipsets()).isEmpty();
        assertThat(FirewalldRules.of(policy(7)).richRules()).hasSize(9);
        assertThat(FirewalldRules.of(policy(8), false).ipsets()).isEmpty();
        assertThat(FirewalldRules.of(policy(8), false).richRules()).hasSize(10);
        PortPolicy lower = policy(2).toBuilder().sourceSetThreshold(2).build();
        assertThat(FirewalldRules.of(lower).ipsets()).containsOnlyKeys(SET_V4, SET_V6);
    }

    @Test
    void networksInsideAnotherNetworkOfTheSetAreLeftOutBecauseFirewalldRefusesOverlappingEntries() {
        FirewalldIpset set = FirewalldIpset.of("smtp", 1, IpFamily.IPV4, List.of(dev.portcullis.Cidr.parse("10.1.2.0/24"),
                dev.portcullis.Cidr.parse("10.0.0.0/8"), dev.portcullis.Cidr.parse("10.200.0.1/32"),
                dev.portcullis.Cidr.parse("11.0.0.0/16"), dev.portcullis.Cidr.parse("11.0.0.0/24")));

        assertThat(set.entries()).containsExactly("10.0.0.0/8", "11.0.0.0/16");
    }

    @Test
    void aLongPolicyNameIsShortenedToFitFirewalldsThirtyTwoCharactersAndStaysItsOwn() {
        String name = FirewalldIpset.nameFor("a-very-long-policy-name-of-32-ch", 99999, IpFamily.IPV6);

        assertThat(name).hasSizeLessThanOrEqualTo(32).startsWith("portcullis-a-ver.").endsWith("_s99999_6");
        assertThat(FirewalldIpset.prefixOf("a-very-long-policy-name-of-32-ch"))
                .isNotEqualTo(FirewalldIpset.prefixOf("a-very-long-policy-name-of-32-cx"));
    }

    @Test
    void aNewSetIsCreatedInThePermanentStepBeforeTheRuntimeStepWhoseReloadLoadsIt() {
        Plan plan = plan(policy(5000), fresh());

        assertThat(plan.steps()).extracting(Step::description).satisfiesExactly(
                d -> assertThat(d).startsWith("permanent zone work: define 2 owned services, ipset " + SET_V4
                        + " created +5000 -0 entries"),
                d -> assertThat(d).startsWith("runtime zone work: one reload keeping the runtime (a new ipset), ipset "
                        + SET_V4 + " created +5000 -0 entries"));
        JsonNode permanent = action(plan.steps().get(0));
        assertThat(set(permanent, SET_V4).path("entries")).hasSize(5000);
        assertThat(set(permanent, SET_V4).path("family").asText()).isEqualTo("inet");
        assertThat(strings(permanent.path("addRichRules"))).hasSize(3).anyMatch(r -> r.contains("ipset=\"" + SET_V4 + "\""));
        assertThat(strings(undo(plan.steps().get(0)).path("deleteIPSets"))).containsExactly(SET_V4);
        JsonNode runtime = action(plan.steps().get(1));
        assertThat(set(runtime, SET_V4).path("entries")).hasSize(5000);
        assertThat(strings(runtime.path("addRichRules"))).as("the reload loads the owned services: no ports written out")
                .hasSize(3).allMatch(r -> r.contains("service name=\"portcullis-smtp_tcp_25\""));
        assertThat(strings(runtime.path("addServices"))).containsExactly("portcullis-smtp_tcp_587");
        assertThat(set(undo(plan.steps().get(1)), SET_V4).path("entries")).as("the runtime undo empties the set").isEmpty();
        assertThat(plan.notes()).anyMatch(n -> n.contains("reloads firewalld once"));
    }

    @Test
    void aConvergedHostWithSetsGetsAnEmptyPlanAndNoDrift() {
        FirewalldRules rules = FirewalldRules.of(policy(5000));
        FirewalldSnapshot converged = Snapshots.convergedWithSets(rules);

        assertThat(plan(policy(5000), converged).isEmpty()).isTrue();
        assertThat(FirewalldVerifier.drifts(rules, converged)).isEmpty();
    }

    @Test
    void oneChangedMemberOfA5000EntrySetChangesThatSetOnlyInBothConfigurationsWithoutAReload() {
        FirewalldRules before = FirewalldRules.of(policy(5000));
        FirewalldSnapshot converged = Snapshots.convergedWithSets(before);
        List<String> sources = new ArrayList<>(before.ipsets().get(SET_V4).entries());
        sources.set(0, "203.0.113.7/32");
        sources.add("2001:db8:1::/48");
        sources.add("2001:db8:2::/48");
        PortPolicy changed = PortPolicy.named("smtp").allow(Protocol.TCP, 25).from(sources.toArray(String[]::new))
                .allow(Protocol.TCP, 587).build();

        Plan plan = plan(changed, converged);

        assertThat(plan.steps()).extracting(Step::description).satisfiesExactly(
                d -> assertThat(d).startsWith("runtime zone work: ipset " + SET_V4 + " +1 -1 entries (policy smtp)"),
                d -> assertThat(d).startsWith("permanent zone work: ipset " + SET_V4 + " +1 -1 entries (policy smtp)"));
        JsonNode runtime = action(plan.steps().get(0));
        assertThat(runtime.has("addRichRules")).isFalse();
        assertThat(strings(set(runtime, SET_V4).path("entries"))).contains("203.0.113.7/32").doesNotContain("198.18.0.0/32");
        assertThat(strings(set(undo(plan.steps().get(0)), SET_V4).path("entries"))).contains("198.18.0.0/32")
                .doesNotContain("203.0.113.7/32");
        assertThat(plan.notes()).noneMatch(n -> n.contains("reloads"));
        List<Drift> drifts = FirewalldVerifier.drifts(FirewalldRules.of(changed), converged);
        assertThat(drifts).extracting(Drift::where).containsExactly("runtime", "permanent");
        assertThat(drifts.get(0).toString()).contains("missing [203.0.113.7/32]", "extra [198.18.0.0/32]");
    }

    @Test
    void removalEmptiesTheRuntimeSetAfterItsRuleGoesAndDeletesThePermanentSetAfterTheZoneIsWritten() {
        FirewalldRules rules = FirewalldRules.of(policy(5000));
        FirewalldSnapshot converged = Snapshots.convergedWithSets(rules);

        Plan removal = FirewalldPlanner.plan("linux-firewalld", "test", FirewalldRules.none("smtp"), converged);

        assertThat(removal.steps()).hasSize(2);
        JsonNode runtime = action(removal.steps().get(0));
        assertThat(runtime.path("configuration").asText()).isEqualTo("runtime");
        assertThat(set(runtime, SET_V4).path("entries")).isEmpty();
        assertThat(strings(runtime.path("removeRichRules"))).anyMatch(r -> r.contains("ipset=\"" + SET_V4 + "\""));
        assertThat(set(undo(removal.steps().get(0)), SET_V4).path("entries")).hasSize(5000);
        JsonNode permanent = action(removal.steps().get(1));
        assertThat(strings(permanent.path("deleteIPSets"))).containsExactly(SET_V4);
        assertThat(set(undo(removal.steps().get(1)), SET_V4).path("entries")).as("the undo re-creates it").hasSize(5000);
        FirewalldSnapshot removed = Snapshots.withIpsets(Snapshots.running(Snapshots.untouched(), Snapshots.untouched(),
                Set.of("ssh"), Set.of("ssh")), List.of(rules.ipsets().get(SET_V4).withEntries(Set.of())), List.of());
        assertThat(FirewalldVerifier.drifts(FirewalldRules.none("smtp"), removed))
                .as("an empty runtime set left for firewalld's next reload is no drift").isEmpty();
    }

    @Test
    void theRollbackCheckAcceptsOnlyAnEmptyRuntimeSetWhereThereWasNone() {
        FirewalldIpset full = FirewalldRules.of(policy(10)).ipsets().get(SET_V4);

        assertThat(FirewalldProbes.ipsetDifferences(java.util.Map.of(), java.util.Map.of(SET_V4,
                full.withEntries(Set.of())), true)).isEmpty();
        assertThat(FirewalldProbes.ipsetDifferences(java.util.Map.of(), java.util.Map.of(SET_V4, full), true))
                .containsExactly("ipset " + SET_V4 + " 0 -> 10 entries");
        assertThat(FirewalldProbes.ipsetDifferences(java.util.Map.of(), java.util.Map.of(SET_V4,
                full.withEntries(Set.of())), false)).containsExactly("ipset " + SET_V4 + " absent -> 0 entries");
    }

    private static FirewalldSnapshot withReloadRefusal(FirewalldSnapshot s, String why) {
        return new FirewalldSnapshot(s.running(), s.zone(), s.runtime(), s.permanent(), s.runtimeServices(),
                s.permanentServices(), s.runtimeRecord(), s.runtimeIpsets(), s.permanentIpsets(), java.util.Optional.of(why));
    }

    @Test
    void whereAReloadCouldNotKeepTheRuntimeANewSetIsNotPlannedEachSourceStaysItsOwnRuleAndThePlanSaysWhy() {
        FirewalldSnapshot docker = withReloadRefusal(fresh(), "the host's iptables tables hold 12 chains and rules");

        FirewalldRules rules = FirewalldBackend.desired(policy(8), docker);

        assertThat(rules.ipsets()).isEmpty();
        assertThat(rules.richRules()).hasSize(10).anyMatch(r -> r.contains("source address=\"198.18.0.7/32\""));
        assertThat(rules.notes()).anySatisfy(n -> assertThat(n).contains("not an ipset")
                .contains("the host's iptables tables hold 12 chains and rules"));
        assertThat(FirewalldBackend.desired(policy(8), fresh()).ipsets()).as("where a reload keeps the runtime")
                .containsOnlyKeys(SET_V4);
    }

    @Test
    void onlyTheSnapshotAsksWhetherAReloadCouldKeepTheRuntimeAndItsAnswerReachesTheSnapshot() throws IOException {
        assertThat(request(FirewalldClient.snapshotRead("public", "smtp")).path("reloadCheck").asBoolean()).isTrue();
        assertThat(request(FirewalldClient.read("public", true, false, null, "smtp")).has("reloadCheck"))
                .as("a probe's read runs no iptables-save").isFalse();

        JsonNode refused = new ObjectMapper().readTree("{\"running\": true, \"zone\": \"public\", \"errors\": [],"
                + " \"runtime\": {\"settings\": {\"services\": \"ssh\", \"ports\": \"\"}, \"richRules\": [], \"services\": [\"ssh\"], \"reloadRefusal\": \"panic mode is on\"},"
                + " \"permanent\": {\"settings\": {\"services\": \"ssh\", \"ports\": \"\"}, \"richRules\": [], \"services\": [\"ssh\"]}}");
        assertThat(FirewalldSnapshot.of(FirewalldClient.listings(refused)).reloadRefusal()).contains("panic mode is on");
        JsonNode kept = new ObjectMapper().readTree(refused.toString().replace("\"panic mode is on\"", "null"));
        assertThat(FirewalldSnapshot.of(FirewalldClient.listings(kept)).reloadRefusal()).isEmpty();
    }

    @Test
    void aSetTheRuntimeAlreadyHoldsStaysASetEvenWhereAReloadCouldNotKeepTheRuntime() {
        FirewalldSnapshot converged = withReloadRefusal(Snapshots.convergedWithSets(FirewalldRules.of(policy(5000))),
                "firewalld holds 1 runtime direct chains, rules or passthroughs");

        FirewalldRules rules = FirewalldBackend.desired(policy(5000), converged);

        assertThat(rules.ipsets()).containsOnlyKeys(SET_V4);
        assertThat(FirewalldPlanner.plan("linux-firewalld", "test", rules, converged).isEmpty()).isTrue();
    }

    @Test
    void aForeignIpsetIsNeverTheOwnersSet() {
        assertThat(FirewalldIpset.prefixOf("smtp")).isEqualTo("portcullis-smtp_s");
        assertThat("portcullis-smtp-eu_s1_4").doesNotStartWith(FirewalldIpset.prefixOf("smtp"));
        assertThat(new TreeSet<>(Set.of("fail2ban-postfix", "admin-allow"))).noneMatch(
                n -> n.startsWith(FirewalldIpset.prefixOf("smtp")));
    }
}
