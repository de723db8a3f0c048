package dev.portcullis.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.examples.cli.Cli.Run;
import dev.portcullis.examples.testing.FakeNftHost;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code portcullis ansible ARGS_FILE}, Ansible's module protocol: the arguments file in, exactly
 * one JSON result out ({@code changed}, {@code failed}, {@code msg}, {@code diff}), check mode
 * plans only, bad arguments fail naming the field and change nothing. In-process against a fake
 * nftables host that keeps its chains, so a second run sees the first one's work.
 */
class AnsibleCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String POLICY = """
            {"kind": "port-policy", "name": "ansible-smtp",
             "rules": [{"action": "allow", "protocol": "tcp", "ports": ["25"]}]}""";

    @TempDir
    Path dir;

    final FakeNftHost host = new FakeNftHost();

    /** Arguments as Ansible writes them for a task {@code portcullis_policy: {spec: ..., backends: [example-nftables]}}. */
    ObjectNode args() throws IOException {
        ObjectNode args = JSON.createObjectNode();
        args.set("spec", JSON.readTree(POLICY));
        args.putArray("backends").add("example-nftables");
        args.put("_ansible_check_mode", false);
        args.put("_ansible_diff", false);
        args.put("_ansible_verbosity", 0);
        args.put("_ansible_module_name", "portcullis_policy");
        return args;
    }

    Run module(CommandRunner runner, JsonNode args) throws IOException {
        Path file = Files.writeString(Files.createTempFile(dir, "args", ".json"), JSON.writeValueAsString(args));
        return Cli.run(Cli.fakes(runner), "ansible", file.toString());
    }

    /** The one JSON document standard output must hold, and nothing else. */
    static JsonNode result(Run run) throws IOException {
        try (MappingIterator<JsonNode> docs = JSON.readerFor(JsonNode.class).readValues(run.out())) {
            List<JsonNode> all = docs.readAll();
            assertThat(all).as("documents on standard output: " + run.out()).hasSize(1);
            assertThat(all.get(0).isObject()).isTrue();
            return all.get(0);
        }
    }

    List<Command> changes() {
        return host.ran().stream().filter(c -> c.program().equals("nft") && c.argv().contains("-f")).toList();
    }

    @Test
    void appliesAnInlineSpecThenReportsUnchangedOnTheSecondRun() throws IOException {
        Run first = module(host, args());
        JsonNode r1 = result(first);
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(r1.path("changed").asBoolean()).isTrue();
        assertThat(r1.path("failed").asBoolean()).isFalse();
        assertThat(r1.path("msg").asText()).isEqualTo("apply: done, every step checked live");
        assertThat(r1.path("reports").get(0).path("outcome").asText()).isEqualTo("APPLIED");
        assertThat(changes()).hasSize(1);

        Run second = module(host, args());
        JsonNode r2 = result(second);
        assertThat(second.exitCode()).isZero();
        assertThat(r2.path("changed").asBoolean()).isFalse();
        assertThat(r2.path("failed").asBoolean()).isFalse();
        assertThat(r2.path("msg").asText()).isEqualTo("apply: nothing to do, the host already matches");
        assertThat(changes()).as("the second run changed nothing").hasSize(1);
    }

    @Test
    void checkModeOnlyPlansAndChangesNothing() throws IOException {
        ObjectNode args = args();
        args.put("_ansible_check_mode", true);

        Run run = module(host, args);
        JsonNode r = result(run);

        assertThat(run.exitCode()).isZero();
        assertThat(r.path("changed").asBoolean()).as("check mode says what would change").isTrue();
        assertThat(r.path("failed").asBoolean()).isFalse();
        assertThat(r.path("msg").asText()).startsWith("check mode: apply would run 1 step(s)").endsWith("nothing was changed");
        assertThat(r.path("plan").asText()).contains("add chain inet portcullis");
        assertThat(r.has("reports")).isFalse();
        assertThat(changes()).isEmpty();

        module(host, args());
        JsonNode converged = result(module(host, args));
        assertThat(converged.path("changed").asBoolean()).isFalse();
        assertThat(converged.path("msg").asText()).isEqualTo("check mode: nothing to do, the host already matches");
    }

    @Test
    void diffShowsBeforeAndAfterOnlyWhenAnsibleAsksForIt() throws IOException {
        assertThat(result(module(host, withCheckMode(args()))).has("diff")).as("without --diff").isFalse();

        ObjectNode asked = withCheckMode(args());
        asked.put("_ansible_diff", true);
        JsonNode diff = result(module(host, asked)).path("diff");

        assertThat(diff.path("before").isTextual()).isTrue();
        assertThat(diff.path("after").isTextual()).isTrue();
        assertThat(diff.path("after").asText()).contains("ansible-smtp").isNotEqualTo(diff.path("before").asText());

        module(host, args());
        JsonNode converged = result(module(host, asked)).path("diff");
        assertThat(converged.path("before").asText()).as("a converged host has no difference").isEmpty();
        assertThat(converged.path("after").asText()).isEmpty();
    }

    @Test
    void stateAbsentRemovesWhatTheSpecOwnsOnce() throws IOException {
        module(host, args());
        ObjectNode absent = args();
        absent.put("state", "absent");

        JsonNode removed = result(module(host, absent));
        JsonNode again = result(module(host, absent));

        assertThat(removed.path("changed").asBoolean()).isTrue();
        assertThat(removed.path("msg").asText()).isEqualTo("remove: done, every step checked live");
        assertThat(host.ran().stream().map(c -> new String(c.stdin().orElse(new byte[0]), StandardCharsets.UTF_8)))
                .anyMatch(script -> script.contains("delete chain inet portcullis"));
        assertThat(again.path("changed").asBoolean()).isFalse();
    }

    @Test
    void aFailedApplyIsReportedFailedRolledBackAndUnchanged() throws IOException {
        FakeNftHost failing = new FakeNftHost().failing("nft", "-f");

        Run run = module(failing, args());
        JsonNode r = result(run);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(r.path("failed").asBoolean()).isTrue();
        assertThat(r.path("changed").asBoolean()).isFalse();
        assertThat(r.path("msg").asText()).startsWith("apply: failed; every change of the failed part was undone; failed step:");
        assertThat(r.path("reports").get(0).path("outcome").asText()).isEqualTo("ROLLED_BACK");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field       | {"sepc": {}, "backends": ["example-nftables"]}                 | sepc: unsupported parameter(s); supported: backends, firewall, options, spec, spec_file, state
            no spec             | {"backends": ["example-nftables"]}                              | spec: give exactly one of spec (the spec inline) and spec_file (a path on the host)
            both specs          | {"spec": {}, "spec_file": "/etc/p.yaml"}                       | spec: give exactly one of spec
            spec a number       | {"spec": 25}                                                    | spec: must be a mapping (the spec inline) or its YAML/JSON text, was number
            relative spec_file  | {"spec_file": "p.yaml"}                                         | spec_file: must be an absolute path without control characters
            missing spec_file   | {"spec_file": "/nonexistent/p.yaml"}                            | spec_file: no file at /nonexistent/p.yaml on this host
            invalid spec        | {"spec": {"kind": "port-policy", "name": "x", "rules": [{"action": "allow", "protocol": "tcp", "ports": ["70000"]}]}} | spec: invalid: rules[0].ports[0]: 70000 is not a port (1-65535)
            spec text invalid   | {"spec": "kind: port-policy\\nname: Bad Name\\n"}                | spec: invalid: line 2: name: 'Bad Name' is not a valid name
            state               | {"spec": POLICY, "state": "gone"}                               | state: must be present or absent, was "gone"
            backends not a list | {"spec": POLICY, "backends": 5}                                 | backends: must be a list of backend ids
            backend id          | {"spec": POLICY, "backends": ["a b"]}                           | backends: 'a b' is not a backend id
            unknown backend     | {"spec": POLICY, "backends": ["ufw"]}                           | backends: no backend 'ufw' is installed
            options             | {"spec": POLICY, "options": ["x"]}                              | options: must be a mapping
            option value        | {"spec": POLICY, "options": {"k": {"a": 1}}}                    | options.k: must be a string, number or boolean
            firewall            | {"spec": POLICY, "firewall": "maybe"}                           | firewall: must be a boolean, was "maybe"
            check mode          | {"spec": POLICY, "_ansible_check_mode": "perhaps"}              | _ansible_check_mode: must be a boolean
            not an object       | ["spec"]                                                        | ARGS_FILE: must hold a JSON object of module arguments
            """)
    void badArgumentsFailNamingTheFieldAndChangeNothing(String name, String args, String message) throws IOException {
        Run run = module(host, JSON.readTree(args.replace("POLICY", POLICY)));
        JsonNode r = result(run);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(r.path("failed").asBoolean()).isTrue();
        assertThat(r.path("changed").asBoolean()).isFalse();
        assertThat(r.path("msg").asText()).startsWith(message).endsWith("(nothing was changed)");
        assertThat(host.ran()).as("no command ran on the host").isEmpty();
    }

    @Test
    void anInvalidSpecListsEveryProblemWithItsField() throws IOException {
        JsonNode r = result(module(host, JSON.readTree("""
                {"spec": {"kind": "port-policy", "name": "Bad Name",
                          "rules": [{"action": "allow", "protocol": "tcp", "ports": ["70000"]}]}}""")));

        assertThat(r.path("problems")).hasSize(2);
        assertThat(r.path("problems").findValuesAsText("field")).containsExactlyInAnyOrder("name", "rules[0].ports[0]");
    }

    @Test
    void anArgumentsFileThatIsMissingOrNotJsonIsAFailedResult() throws IOException {
        Path notJson = Files.writeString(dir.resolve("args"), "spec=/etc/p.yaml state=present");
        Run garbled = Cli.run(Cli.fakes(host), "ansible", notJson.toString());
        Run missing = Cli.run(Cli.fakes(host), "ansible", dir.resolve("nothing-here").toString());
        Run none = Cli.run(Cli.fakes(host), "ansible");

        for (Run run : List.of(garbled, missing, none)) {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(result(run).path("failed").asBoolean()).isTrue();
            assertThat(result(run).path("msg").asText()).startsWith("ARGS_FILE: ");
        }
        assertThat(host.ran()).isEmpty();
    }

    @Test
    void aSpecFileOnTheHostIsReadAsWell() throws IOException {
        Path spec = Files.writeString(dir.resolve("policy.json"), POLICY);
        ObjectNode args = args();
        args.remove("spec");
        args.put("spec_file", spec.toString());

        JsonNode r = result(module(host, args));

        assertThat(r.path("changed").asBoolean()).isTrue();
        assertThat(r.path("reports").get(0).path("target").asText()).contains("ansible-smtp");
    }

    @Test
    void standardOutputHoldsOnlyTheResultWhateverElsePrints() throws IOException {
        CommandRunner chatty = new CommandRunner() {
            @Override
            public CommandResult execute(Command command) {
                System.out.println("chatter from " + command.program());
                return host.execute(command);
            }

            @Override
            public String target() {
                return host.target();
            }
        };
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Run run;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            run = module(chatty, args());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }

        assertThat(result(run).path("changed").asBoolean()).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("chatter from nft");
        assertThat(System.out).as("System.out is given back").isSameAs(stdout);
    }

    private static ObjectNode withCheckMode(ObjectNode args) {
        args.put("_ansible_check_mode", true);
        return args;
    }
}
