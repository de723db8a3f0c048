package dev.portcullis.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.examples.cli.Cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's contract: what each subcommand prints and, above all, the exit codes scripts
 * rely on. Runs in-process against fake hosts, with the example nftables backend and a fake Postfix.
 */
class PortcullisCommandTest {

    static final String GATEWAY = "specs/smtp-gateway.yaml";
    static final String MAIL = "specs/mail-server.yaml";

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void planWithoutRootFallsBackToEveryAssumedHostAndSaysWhy() {
        FakeHosts user = FakeHosts.user();

        Run run = Cli.run(Cli.fakes(user), "plan", "--spec", GATEWAY);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("# planned offline because this machine is not root")
                .contains("######## an assumed empty debian host", "######## an assumed empty rhel host",
                        "######## an assumed empty windows host")
                .contains("# plan by example-nftables for policy smtp-gateway")
                .contains("nft -f - <<'EOF'")
                .contains("# no backend applies there"); // windows: the example backend needs Linux
        assertThat(user.changes()).isEmpty();
    }

    @Test
    void planAsRootWithABackendReadsThisMachineAndChangesNothing() {
        FakeHosts root = FakeHosts.root();

        Run run = Cli.run(Cli.fakes(root), "plan", "--spec", GATEWAY);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("######## this machine (read-only snapshot; nothing was changed)")
                .doesNotContain("assumed");
        assertThat(root.ran).extracting(c -> String.join(" ", c.argv())).contains("nft list table inet portcullis");
        assertThat(root.changes()).isEmpty();
    }

    @Test
    void planLiveInsistsOnThisMachine() {
        Run run = Cli.run(Cli.fakes(FakeHosts.user()), "plan", "--live", "--spec", GATEWAY);

        assertThat(run.exitCode()).isEqualTo(ExitCode.NO_BACKEND.code());
        assertThat(run.err()).contains("needs Linux, nft on PATH and root").doesNotContain("Exception");
    }

    @Test
    void planJsonGivesEveryStepsArgvStdinCheckAndUndo() {
        Run run = Cli.run(Cli.fakes(FakeHosts.user()), "plan", "--spec", GATEWAY, "--host-facts", "debian", "--json");

        JsonNode json = run.json();
        assertThat(run.exitCode()).isZero();
        assertThat(json.path("mode").asText()).isEqualTo("offline");
        JsonNode host = json.path("hosts").get(0);
        assertThat(host.path("backends").get(0).asText()).isEqualTo("example-nftables");
        assertThat(host.path("snapshotReads").get(0).asText()).isEqualTo("nft list table inet portcullis");
        JsonNode step = host.path("plans").get(0).path("steps").get(0);
        assertThat(step.path("commands").get(0).path("argv")).extracting(JsonNode::asText).containsExactly("nft", "-f", "-");
        assertThat(step.path("commands").get(0).path("stdin").asText()).contains("tcp dport 25");
        assertThat(step.path("check").path("commands").get(0).path("argv").size()).isEqualTo(5);
        assertThat(step.path("undo").path("commands").get(0).path("stdin").asText())
                .isEqualTo("delete chain inet portcullis in_smtp_gateway\n");
    }

    @Test
    void invalidSpecExitsTwoNamingEveryProblemWithItsLine() throws IOException {
        Path bad = file("bad.yaml", "kind: port-policy\nname: Bad_Name\nrules:\n  - action: allow\n    protocol: tcp\n"
                + "    ports: [\"70000\"]\n    sources: [\"10.0.0.300/8\"]\n");

        Run text = Cli.run(Cli.fakes(FakeHosts.user()), "plan", "--spec", bad.toString());
        Run json = Cli.run(Cli.fakes(FakeHosts.user()), "plan", "--spec", bad.toString(), "--json");

        assertThat(text.exitCode()).isEqualTo(2);
        assertThat(text.err()).contains("invalid spec in " + bad).contains("line 2").contains("line 6").contains("line 7");
        assertThat(json.exitCode()).isEqualTo(2);
        JsonNode error = json.json().path("error");
        assertThat(error.path("kind").asText()).isEqualTo("invalid-spec");
        assertThat(error.path("problems")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(error.path("problems")).allSatisfy(p -> assertThat(p.path("line").asInt()).isPositive());
    }

    @Test
    void unreadableSpecExitsTwo() throws IOException {
        Path text = file("spec.txt", "kind: port-policy\n");

        Run missing = Cli.run(Cli.fakes(FakeHosts.user()), "plan", "--spec", dir.resolve("missing.yaml").toString());
        Run wrongKind = Cli.run(Cli.fakes(FakeHosts.user()), "plan", "--spec", text.toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read spec").contains("missing.yaml");
        assertThat(wrongKind.exitCode()).isEqualTo(2);
        assertThat(wrongKind.err()).contains(".json, .yaml or .yml");
    }

    @Test
    void unknownBackendExitsFourListingTheInstalledOnes() {
        Run run = Cli.run(Cli.fakes(FakeHosts.root()), "plan", "--spec", GATEWAY, "--backend", "ufw");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("no backend 'ufw' is installed").contains("example-nftables", "fake-postfix");
    }

    @Test
    void hostWithoutAnyFittingBackendExitsFour() {
        Run run = Cli.run(Cli.fakes(FakeHosts.user()), "plan", "--spec", GATEWAY, "--host-facts", "windows");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("no firewall backend applies");
    }

    @Test
    void wrongCommandLinesExitSixtyFour() {
        assertThat(Cli.run(Cli.fakes(FakeHosts.user()), "plan").exitCode()).isEqualTo(64);
        assertThat(Cli.run(Cli.fakes(FakeHosts.user()), "plan", "--spec", GATEWAY, "--live", "--offline").exitCode())
                .isEqualTo(64);
        assertThat(Cli.run(Cli.fakes(FakeHosts.user()), "plan", "--spec", GATEWAY, "--host-facts", "solaris").exitCode())
                .isEqualTo(64);
        assertThat(Cli.run(Cli.fakes(FakeHosts.user()), "frobnicate").exitCode()).isEqualTo(64);
        assertThat(Cli.run(Cli.fakes(FakeHosts.user())).exitCode()).isEqualTo(64);
    }

    @Test
    void withoutASubcommandItNamesEveryRegisteredOne() {
        Run run = Cli.run(Cli.fakes(FakeHosts.user()));

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("name a subcommand: plan, apply, confirm, verify, remove, preflight, script, explain");
    }

    @Test
    void applyShowsEachStepAsItRunsAndExitsZeroWhenEveryStepIsProven() {
        FakeHosts root = FakeHosts.root();

        Run run = Cli.run(Cli.fakes(root), "apply", "--spec", MAIL, "--no-firewall", "--progress");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("  [1/3] back up main.cf ... ok", "  [3/3] reload postfix ... ok",
                "  done: mail server mail.example.com");
        assertThat(run.out()).contains("APPLIED mail server mail.example.com").endsWith("apply: done, every step checked live\n");
        assertThat(root.changes()).extracting(c -> c.program()).contains("cp", "postconf", "postfix");
    }

    @Test
    void applyThatFailsIsRolledBackAndExitsOne() {
        FakeHosts root = FakeHosts.root().failing("postfix", "reload");

        Run run = Cli.run(Cli.fakes(root), "apply", "--spec", MAIL, "--progress");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("  [3/3] reload postfix ... FAILED: failed: exit 1 from postfix reload",
                "  undo [2/3] set 5 keys in main.cf ... undone", "  undo [1/3] back up main.cf ... undone");
        assertThat(run.out()).contains("ROLLED_BACK mail server mail.example.com")
                .endsWith("apply: failed; every change of the failed part was undone\n");
        assertThat(root.ran).noneMatch(c -> c.program().equals("nft") && c.argv().contains("-f")); // firewall never opened
    }

    @Test
    void applyWhoseRollbackFailsExitsFive() {
        FakeHosts root = FakeHosts.root().failing("postfix", "reload")
                .failing("cp", "/etc/postfix/main.cf.portcullis", "/etc/postfix/main.cf");

        Run run = Cli.run(Cli.fakes(root), "apply", "--spec", MAIL, "--no-firewall", "--json");

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.json().path("reports").get(0).path("outcome").asText()).isEqualTo("ROLLBACK_INCOMPLETE");
        assertThat(run.json().path("exitCode").asInt()).isEqualTo(5);
        assertThat(run.err()).isEmpty(); // --json and no terminal: no progress lines
    }

    @Test
    void verifyExitsThreeOnDriftAndZeroWhenConverged() throws IOException {
        String listing = Files.readString(Path.of("src/test/resources/nftables/list-table-two-policies.txt"));
        Path converged = Path.of("src/test/resources/nftables/other-policy.yaml");

        Run drift = Cli.run(Cli.fakes(FakeHosts.root()), "verify", "--spec", GATEWAY);
        Run same = Cli.run(Cli.fakes(FakeHosts.rootWithTable(listing)), "verify", "--spec", converged.toString());

        assertThat(drift.exitCode()).isEqualTo(3);
        assertThat(drift.out()).contains("DRIFTED policy smtp-gateway").endsWith("verify: DRIFT found\n");
        assertThat(same.exitCode()).isZero();
        assertThat(same.out()).endsWith("verify: converged\n");
    }

    @Test
    void removeDryRunShowsWhatWouldGoAndChangesNothing() throws IOException {
        String listing = Files.readString(Path.of("src/test/resources/nftables/list-table-two-policies.txt"));
        FakeHosts root = FakeHosts.rootWithTable(listing);

        Run run = Cli.run(Cli.fakes(root), "remove", "--spec", "src/test/resources/nftables/other-policy.yaml", "--dry-run");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("delete chain inet portcullis in_other_policy").doesNotContain("delete chain inet portcullis in_smtp");
        assertThat(root.changes()).isEmpty();
    }

    @Test
    void preflightReportsEveryCheckAndExitsSixOnlyWhenOneFails() {
        Run run = Cli.run(Cli.fakes(FakeHosts.user()), "preflight", "--spec", MAIL, "--json");

        JsonNode report = run.json().path("report");
        List<String> ids = new ArrayList<>();
        report.path("checks").forEach(c -> ids.add(c.path("id").asText()));
        assertThat(ids).isNotEmpty();
        assertThat(run.exitCode()).isEqualTo(report.path("status").asText().equals("FAIL") ? 6 : 0);
        assertThat(run.json().path("exitCode").asInt()).isEqualTo(run.exitCode());
    }

    @Test
    void helpListsEveryExitCode() {
        Run run = Cli.run(Cli.fakes(FakeHosts.user()), "--help");

        assertThat(run.exitCode()).isZero();
        for (ExitCode c : ExitCode.values()) {
            assertThat(run.out()).contains(String.format("  %-5s %s", c.code(), c.meaning()).stripTrailing());
        }
    }
}
