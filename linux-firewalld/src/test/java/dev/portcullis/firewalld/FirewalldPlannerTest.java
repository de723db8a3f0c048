package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
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

    @Test
    void aFreshHostGetsServicesThenRuntimeRulesWithThePortsWrittenOutAndNeverAReload() {
        Plan plan = plan(SMTP, fresh());

        assertThat(plan.steps()).extracting(Step::description).satisfiesExactly(
                d -> assertThat(d).startsWith("define 2 owned services").contains("no reload"),
                d -> assertThat(d).startsWith("runtime zone work: +4 rich rules"),
                d -> assertThat(d).startsWith("permanent zone work: +1 service, +2 rich rules"));
        List<String> argv = plan.commands().stream().map(c -> String.join(" ", c.argv())).toList();
        assertThat(argv).contains(
                "firewall-cmd --permanent --new-service=portcullis-smtp_tcp_25",
                "firewall-cmd --permanent --service=portcullis-smtp_tcp_465_587 --add-port=465/tcp --add-port=587/tcp",
                "firewall-cmd --permanent --zone=work --add-service=portcullis-smtp_tcp_465_587",
                "dd of=/run/portcullis/firewalld/work/smtp.rules status=none");
        assertThat(argv).anySatisfy(a -> assertThat(a).startsWith("firewall-cmd --zone=work --add-rich-rule=")
                .contains("--add-rich-rule=rule port port=\"465\" protocol=\"tcp\" accept",
                        "--add-rich-rule=rule port port=\"587\" protocol=\"tcp\" accept",
                        "source address=\"203.0.113.0/24\" port port=\"25\" protocol=\"tcp\" accept"));
        assertThat(argv).noneMatch(a -> a.contains("--reload"));
        assertThat(plan.rollbackCheck()).isPresent();
    }

    @Test
    void batchesEveryRichRuleOfAConfigurationIntoOneCall() {
        PortPolicy.Builder b = PortPolicy.named("many");
        for (int i = 0; i < 500; i++) {
            b.allow(Protocol.TCP, 25).from("10.0." + (i / 250) + "." + (i % 250) + "/32");
        }
        Plan plan = plan(b.build(), fresh());

        List<Command> commands = plan.commands();
        // new-service + its ports, one runtime --add-rich-rule call + the record (mkdir, dd),
        // one permanent --add-rich-rule call
        assertThat(commands).hasSize(6);
        assertThat(commands.get(2).argv()).hasSize(2 + 500);
        assertThat(commands.get(5).argv()).hasSize(3 + 500);
    }

    @Test
    void noReloadWhenTheServicesAreAlreadyLoaded() {
        FirewalldRules before = FirewalldRules.of(SMTP);
        PortPolicy moved = SMTP.toBuilder().allow(Protocol.TCP, 25).from("198.51.100.0/24").build();

        Plan plan = plan(moved, Snapshots.converged(before));

        assertThat(plan.commands()).extracting(c -> c.argv().get(1)).doesNotContain("--reload");
        assertThat(plan.steps()).hasSize(2);
        assertThat(plan.commands()).extracting(c -> String.join(" ", c.argv())).containsExactly(
                "firewall-cmd --zone=work --add-rich-rule=rule priority=\"3\" family=\"ipv4\" source address=\"198.51.100.0/24\""
                        + " service name=\"portcullis-smtp_tcp_25\" accept",
                "firewall-cmd --permanent --zone=work --add-rich-rule=rule priority=\"3\" family=\"ipv4\""
                        + " source address=\"198.51.100.0/24\" service name=\"portcullis-smtp_tcp_25\" accept");
    }

    @Test
    void everyStepIsUndoneByItsExactInverse() {
        Plan plan = plan(SMTP, fresh());

        Step runtime = plan.steps().get(1);
        List<String> undo = runtime.undo().action().orElseThrow().commands().stream()
                .map(c -> String.join(" ", c.argv())).toList();
        assertThat(undo).hasSize(2);
        assertThat(undo.get(0)).startsWith("firewall-cmd --zone=work --remove-rich-rule=")
                .contains("--remove-rich-rule=rule port port=\"465\" protocol=\"tcp\" accept",
                        "source address=\"2001:db8::/48\" port port=\"25\" protocol=\"tcp\" accept");
        assertThat(undo.get(1)).isEqualTo("rm -f -- /run/portcullis/firewalld/work/smtp.rules");
        assertThat(plan.steps().get(0).undo().action().orElseThrow().commands())
                .extracting(c -> String.join(" ", c.argv())).containsExactly(
                        "firewall-cmd --permanent --delete-service=portcullis-smtp_tcp_465_587",
                        "firewall-cmd --permanent --delete-service=portcullis-smtp_tcp_25");
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

        String all = String.join("\n", removal.commands().stream().map(c -> String.join(" ", c.argv())).toList());
        assertThat(all).contains("--remove-service=portcullis-smtp_tcp_465_587", "--delete-service=portcullis-smtp_tcp_25",
                "source address=\"2001:db8::/48\" service name=\"portcullis-smtp_tcp_25\"");
        assertThat(all).doesNotContain("portcullis-smtp-2_", "ssh", "dhcpv6-client", "--reload");
    }

    @Test
    void deletedServicesAreRecreatedFromTheirNamesOnUndo() {
        FirewalldRules smtp = FirewalldRules.of(SMTP);
        Plan removal = FirewalldPlanner.plan("linux-firewalld", "test", FirewalldRules.none("smtp"),
                Snapshots.converged(smtp));

        Step delete = removal.steps().get(removal.steps().size() - 1);
        assertThat(delete.description()).startsWith("delete 2 owned services");
        assertThat(delete.undo().action().orElseThrow().commands()).extracting(c -> String.join(" ", c.argv()))
                .contains("firewall-cmd --permanent --service=portcullis-smtp_tcp_465_587 --add-port=465/tcp"
                        + " --add-port=587/tcp");
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

        String all = String.join("\n", apply.commands().stream().map(c -> String.join(" ", c.argv())).toList());
        assertThat(all).doesNotContain("--reload", "http", "198.51.100.9");
        assertThat(apply.notes()).noneMatch(n -> n.contains("lost"));
    }

    @Test
    void aServiceDefinedButNotLoadedAtRuntimeNeedsNoReload() {
        FirewalldRules rules = FirewalldRules.of(SMTP);
        ZoneListing z = Snapshots.untouched();
        Plan plan = plan(SMTP, Snapshots.running(z, z, Set.of(), rules.services().keySet()));

        assertThat(plan.steps()).extracting(Step::description).satisfiesExactly(
                d -> assertThat(d).startsWith("runtime zone work: +4 rich rules"),
                d -> assertThat(d).startsWith("permanent zone work"));
        assertThat(plan.commands()).extracting(c -> c.argv().get(1)).doesNotContain("--reload");
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
        assertThat(String.join("\n", apply.commands().stream().map(c -> String.join(" ", c.argv())).toList()))
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
            assertThat(step.action().commands()).extracting(c -> String.join(" ", c.argv())).containsExactly(
                    "firewall-cmd --zone=work --remove-rich-rule=" + recorded,
                    "rm -f -- /run/portcullis/firewalld/work/smtp.rules");
            assertThat(step.undo().action().orElseThrow().commands()).extracting(c -> String.join(" ", c.argv()))
                    .containsExactly("firewall-cmd --zone=work --add-rich-rule=" + recorded,
                            "mkdir -p -- /run/portcullis/firewalld/work",
                            "dd of=/run/portcullis/firewalld/work/smtp.rules status=none");
        });
    }
}
