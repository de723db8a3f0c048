package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FirewalldPlannerTest {

    private static final PortPolicy SMTP = PortPolicy.named("smtp")
            .allow(Protocol.TCP, 587, 465)
            .allow(Protocol.TCP, 25).from("203.0.113.0/24", "2001:db8::/48")
            .build();

    private static Plan plan(PortPolicy policy, FirewalldSnapshot snapshot) {
        return FirewalldPlanner.plan("linux-firewalld", "test", FirewalldRules.of(policy), snapshot);
    }

    private static FirewalldSnapshot fresh() {
        ZoneListing z = Snapshots.untouched();
        return Snapshots.running(z, z, Set.of("ssh", "smtp"), Set.of("ssh", "smtp"));
    }

    @Test
    void aConvergedHostGetsAnEmptyPlan() {
        assertThat(plan(SMTP, Snapshots.converged(FirewalldRules.of(SMTP))).isEmpty()).isTrue();
    }

    /** The JSON request a client command carries. */
    private static JsonNode request(Command command) {
        try {
            return new ObjectMapper().readTree(command.stdin().orElseThrow());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode action(Step step) {
        assertThat(step.action().commands()).hasSize(1);
        return request(step.action().commands().get(0));
    }

    private static JsonNode undo(Step step) {
        return request(step.undo().action().orElseThrow().commands().get(0));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aFreshHostGetsOneRuntimeCallWithThePortsWrittenOutAndOnePermanentCallWithTheServices() {
        Plan plan = plan(SMTP, fresh());

        assertThat(plan.steps()).extracting(Step::description).satisfiesExactly(
                d -> assertThat(d).startsWith("runtime zone work: +4 rich rules, record of 4 untagged rules"),
                d -> assertThat(d).startsWith("permanent zone work: define 2 owned services, +1 service, +2 rich rules"));
        JsonNode runtime = action(plan.steps().get(0));
        assertThat(runtime.path("configuration").asText()).isEqualTo("runtime");
        assertThat(strings(runtime.path("addRichRules"))).contains("rule port port=\"465\" protocol=\"tcp\" accept",
                "rule port port=\"587\" protocol=\"tcp\" accept")
                .anyMatch(r -> r.contains("source address=\"203.0.113.0/24\" port port=\"25\" protocol=\"tcp\" accept"));
        assertThat(runtime.path("record").path("file").asText()).isEqualTo("smtp.rules");
        assertThat(strings(runtime.path("record").path("rules"))).hasSize(4);
        JsonNode permanent = action(plan.steps().get(1));
        assertThat(permanent.path("configuration").asText()).isEqualTo("permanent");
        assertThat(permanent.path("defineServices").toString()).contains(
                "{\"name\":\"portcullis-smtp_tcp_25\",\"ports\":[\"25/tcp\"]}",
                "{\"name\":\"portcullis-smtp_tcp_465_587\",\"ports\":[\"465/tcp\",\"587/tcp\"]}");
        assertThat(strings(permanent.path("addServices"))).containsExactly("portcullis-smtp_tcp_465_587");
        assertThat(plan.render()).doesNotContain("--reload", "import json").contains(FirewalldClient.SHOWN_PROGRAM);
        assertThat(plan.rollbackCheck()).isPresent();
    }

    @Test
    void everyRichRuleOfAConfigurationGoesInOneCall() {
        PortPolicy.Builder b = PortPolicy.named("many");
        for (int i = 0; i < 500; i++) {
            b.allow(Protocol.TCP, 25).from("10.0." + (i / 250) + "." + (i % 250) + "/32");
        }
        Plan plan = plan(b.build(), fresh());

        assertThat(plan.commands()).hasSize(2).allSatisfy(c -> assertThat(c.program()).isEqualTo("python3"));
        assertThat(action(plan.steps().get(0)).path("addRichRules")).hasSize(500);
        assertThat(action(plan.steps().get(1)).path("addRichRules")).hasSize(500);
    }

    @Test
    void aNewSourceOnAConvergedHostIsOneRuleInEachConfiguration() {
        FirewalldRules before = FirewalldRules.of(SMTP);
        PortPolicy moved = SMTP.toBuilder().allow(Protocol.TCP, 25).from("198.51.100.0/24").build();

        Plan plan = plan(moved, Snapshots.converged(before));

        assertThat(plan.steps()).hasSize(2);
        String rule = "rule priority=\"3\" family=\"ipv4\" source address=\"198.51.100.0/24\""
                + " service name=\"portcullis-smtp_tcp_25\" accept";
        for (Step step : plan.steps()) {
            assertThat(action(step).fieldNames()).toIterable().containsExactlyInAnyOrder("operation", "configuration",
                    "zone", "addRichRules");
            assertThat(strings(action(step).path("addRichRules"))).containsExactly(rule);
        }
    }

    @Test
    void everyStepIsUndoneByItsExactInverse() {
        Plan plan = plan(SMTP, fresh());

        Step runtime = plan.steps().get(0);
        assertThat(undo(runtime).path("removeRichRules")).isEqualTo(action(runtime).path("addRichRules"));
        assertThat(undo(runtime).has("addRichRules")).isFalse();
        assertThat(undo(runtime).path("record").path("rules")).isEmpty();
        Step permanent = plan.steps().get(1);
        assertThat(undo(permanent).path("removeRichRules")).isEqualTo(action(permanent).path("addRichRules"));
        assertThat(undo(permanent).path("removeServices")).isEqualTo(action(permanent).path("addServices"));
        assertThat(strings(undo(permanent).path("deleteServices"))).containsExactly("portcullis-smtp_tcp_25",
                "portcullis-smtp_tcp_465_587");
        assertThat(undo(permanent).has("defineServices")).isFalse();
    }

    @Test
    void everyUndoCanBeReplayedFromTheHostsJournalAsTheOneClientCallItIs() {
        Plan plan = plan(SMTP, fresh());

        for (Step step : plan.steps()) {
            StepAction undo = step.undo().action().orElseThrow();
            assertThat(undo.replayable()).as(step.description()).hasValueSatisfying(commands -> {
                assertThat(commands).hasSize(1);
                assertThat(commands.get(0).program()).isEqualTo("python3");
                assertThat(request(commands.get(0))).isEqualTo(request(undo.commands().get(0)));
            });
        }
    }

    @Test
    void removesOnlyWhatThePolicyOwns() {
        FirewalldRules smtp = FirewalldRules.of(SMTP);
        FirewalldRules other = FirewalldRules.of(PortPolicy.named("smtp-2").allow(Protocol.TCP, 25).from("10.0.0.0/8").build());
        ZoneListing z = Snapshots.with(Snapshots.with(Snapshots.untouched(), smtp.zoneServices(), smtp.richRules()),
                other.zoneServices(), other.richRules());
        Set<String> services = new java.util.TreeSet<>(smtp.services().keySet());
        services.addAll(other.services().keySet());
        services.add("ssh");

        Plan removal = FirewalldPlanner.plan("linux-firewalld", "test", FirewalldRules.none("smtp"),
                Snapshots.running(z, z, services, services));

        String all = String.join("\n", removal.commands().stream().map(c -> request(c).toString()).toList());
        assertThat(all).contains("\"removeServices\":[\"portcullis-smtp_tcp_465_587\"]",
                "\"deleteServices\":[\"portcullis-smtp_tcp_25\",\"portcullis-smtp_tcp_465_587\"]",
                "source address=\\\"2001:db8::/48\\\" service name=\\\"portcullis-smtp_tcp_25\\\"");
        assertThat(all).doesNotContain("portcullis-smtp-2_", "ssh", "dhcpv6-client", "reload");
    }

    @Test
    void deletedServicesAreRecreatedFromTheirNamesOnUndo() {
        FirewalldRules smtp = FirewalldRules.of(SMTP);
        Plan removal = FirewalldPlanner.plan("linux-firewalld", "test", FirewalldRules.none("smtp"),
                Snapshots.converged(smtp));

        Step permanent = removal.steps().get(removal.steps().size() - 1);
        assertThat(permanent.description()).startsWith("permanent zone work:").contains("delete 2 owned services");
        assertThat(undo(permanent).path("defineServices").toString()).contains(
                "{\"name\":\"portcullis-smtp_tcp_465_587\",\"ports\":[\"465/tcp\",\"587/tcp\"]}");
    }

    @Test
    void whenFirewalldIsStoppedChangesThePermanentConfigurationOfflineAndSaysRuntimeIsUnchanged() {
        Plan plan = plan(SMTP, Snapshots.stopped(Snapshots.untouched(), Set.of("ssh")));

        assertThat(plan.commands()).allMatch(c -> c.program().equals("firewall-offline-cmd"));
        assertThat(plan.commands()).extracting(c -> c.argv().get(1)).doesNotContain("--reload", "--permanent");
        assertThat(plan.steps()).extracting(Step::description).noneMatch(d -> d.startsWith("runtime"));
        assertThat(plan.notes()).anyMatch(n -> n.contains("not running") && n.contains("runtime is unchanged"));
    }

    @Test
    void neverReloadsSoRuntimeOnlyStateElsewhereInTheZoneSurvives() {
        ZoneListing permanent = Snapshots.untouched();
        ZoneListing runtime = Snapshots.with(permanent, Set.of("http"),
                Set.of("rule family=\"ipv4\" source address=\"198.51.100.9\" port port=\"25\" protocol=\"tcp\" reject"));

        Plan apply = plan(SMTP, Snapshots.running(runtime, permanent, Set.of("http"), Set.of("http")));

        String all = String.join("\n", apply.commands().stream().map(c -> request(c).toString()).toList());
        assertThat(all).doesNotContain("reload", "http", "198.51.100.9");
        assertThat(apply.notes()).noneMatch(n -> n.contains("lost"));
    }

    @Test
    void aServiceDefinedButNotLoadedAtRuntimeNeedsNoReload() {
        FirewalldRules rules = FirewalldRules.of(SMTP);
        ZoneListing z = Snapshots.untouched();
        Plan plan = plan(SMTP, Snapshots.running(z, z, Set.of(), rules.services().keySet()));

        assertThat(plan.steps()).extracting(Step::description).satisfiesExactly(
                d -> assertThat(d).startsWith("runtime zone work: +4 rich rules"),
                d -> assertThat(d).startsWith("permanent zone work: +1 service, +2 rich rules"));
        assertThat(action(plan.steps().get(1)).has("defineServices")).isFalse();
    }

    @Test
    void aRuntimeRuleAnAdministratorWroteIdenticallyIsNeitherAddedNorRecordedNorEverRemoved() {
        PortPolicy open = PortPolicy.named("smtp").allow(Protocol.TCP, 25).from("203.0.113.0/24").build();
        String adminRule = "rule priority=\"1\" family=\"ipv4\" source address=\"203.0.113.0/24\" port port=\"25\" protocol=\"tcp\" accept";
        ZoneListing permanent = Snapshots.untouched();
        ZoneListing runtime = Snapshots.with(permanent, Set.of(), Set.of(adminRule));
        FirewalldSnapshot snapshot = Snapshots.running(runtime, permanent, Set.of(), Set.of());

        Plan apply = plan(open, snapshot);
        Plan removal = FirewalldPlanner.plan("linux-firewalld", "test", FirewalldRules.none("smtp"), snapshot);

        assertThat(apply.steps()).extracting(Step::description).noneMatch(d -> d.startsWith("runtime"));
        assertThat(String.join("\n", apply.commands().stream().map(c -> request(c).toString()).toList()))
                .doesNotContain("smtp.rules");
        assertThat(removal.isEmpty()).isTrue();
    }

    @Test
    void aRecordedRuntimeRuleIsThePoliciesAndGoesWithItsRecordOnRemoval() {
        String recorded = "rule priority=\"1\" family=\"ipv4\" source address=\"203.0.113.0/24\" port port=\"25\" protocol=\"tcp\" accept";
        ZoneListing permanent = Snapshots.untouched();
        ZoneListing runtime = Snapshots.with(permanent, Set.of(), Set.of(recorded));
        FirewalldSnapshot snapshot = new FirewalldSnapshot(true, "work", java.util.Optional.of(runtime), permanent,
                Set.of(), Set.of(), Set.of(recorded));

        Plan removal = FirewalldPlanner.plan("linux-firewalld", "test", FirewalldRules.none("smtp"), snapshot);

        assertThat(removal.steps()).singleElement().satisfies(step -> {
            assertThat(strings(action(step).path("removeRichRules"))).containsExactly(recorded);
            assertThat(action(step).path("record").path("rules")).isEmpty();
            assertThat(strings(undo(step).path("addRichRules"))).containsExactly(recorded);
            assertThat(strings(undo(step).path("record").path("rules"))).containsExactly(recorded);
        });
    }
}
