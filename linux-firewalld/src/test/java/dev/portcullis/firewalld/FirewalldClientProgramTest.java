package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.LocalCommandRunner;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON contract of {@code firewalld-client.py}, run by the local {@code python3} against a
 * stand-in {@code firewall.client} (test resources {@code standin/}) that records every call it
 * gets. What firewalld itself does with those calls is proven live (FirewalldBackendIT,
 * FirewalldRollbackIT, LivedInFirewalldIT).
 */
class FirewalldClientProgramTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPTED = "rule family=\"ipv4\" source address=\"10.0.0.0/8\" port port=\"25\" protocol=\"tcp\" accept";
    private static final String ADMIN = "rule family=\"ipv4\" source address=\"192.0.2.0/24\" service name=\"ssh\" accept";
    private static final String TOO_SLOW = "rule family=\"ipv4\" source address=\"10.0.0.0/8\" port port=\"25\" protocol=\"tcp\""
            + " limit value=\"1/d\" accept";

    @TempDir
    Path dir;
    private Path state;

    @BeforeEach
    void aRunningFirewalldWithAnAdministratorsRule() throws IOException {
        state = dir.resolve("state.json");
        ObjectNode s = JSON.createObjectNode().put("running", true).put("defaultZone", "public");
        s.putArray("calls");
        for (String where : List.of("runtime", "permanent")) {
            ObjectNode zone = s.putObject(where).putObject("zones").putObject("public");
            zone.put("target", "default").put("masquerade", false);
            zone.putArray("services").add("ssh");
            zone.putArray("ports").addArray().add("8080").add("tcp");
            zone.putArray("rules_str").add(ADMIN);
            s.with(where).putArray("services").add("ssh").add("smtp");
        }
        s.with("permanent").remove("services");
        s.with("permanent").putObject("services").putArray("ssh");
        Files.writeString(state, JSON.writeValueAsString(s));
    }

    private CommandResult run(Command command) {
        return run(command, standin());
    }

    private CommandResult run(Command command, Path pythonPath) {
        // The record lives in /run on a host; here in the test's directory.
        String request = new String(command.stdin().orElseThrow(), StandardCharsets.UTF_8)
                .replace(RuntimeRecord.DIRECTORY, dir.resolve("records").toString());
        return LocalCommandRunner.create().execute(command.toBuilder().stdin(request)
                .env("PYTHONPATH", pythonPath.toString()).env("STANDIN_STATE", state.toString()).build());
    }

    private static Path standin() {
        try {
            return Path.of(FirewalldClientProgramTest.class.getResource("standin").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode state() throws IOException {
        return JSON.readTree(state.toFile());
    }

    private List<String> calls() throws IOException {
        List<String> out = new ArrayList<>();
        state().path("calls").forEach(c -> out.add(c.get(0).asText()));
        return out;
    }

    private static ZoneChange adding(String... rules) {
        return new ZoneChange(Set.of(), Set.of(), Set.of(), Set.of(rules));
    }

    private static Command runtimeChange(ZoneChange change, Optional<FirewalldClient.RecordWrite> record) {
        return FirewalldClient.change(FirewallCmd.Config.RUNTIME, "public", change, List.of(), List.of(), record);
    }

    @Test
    void readsBothConfigurationsTheirServicesAndTheRecordInOneProcess() throws IOException {
        Files.createDirectories(dir.resolve("records/public"));
        Files.writeString(dir.resolve("records/public/smtp.rules"), ACCEPTED + "\n");

        CommandResult r = run(FirewalldClient.read(null, true, true, "smtp"));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        FirewalldSnapshot snapshot = FirewalldSnapshot.of(FirewalldClient.listings(FirewalldClient.reply(r, "read")));
        assertThat(snapshot.zone()).isEqualTo("public");
        assertThat(snapshot.runtime().orElseThrow().services()).containsExactly("ssh");
        assertThat(snapshot.runtime().orElseThrow().ports()).containsExactly("8080/tcp");
        assertThat(snapshot.runtime().orElseThrow().settings()).containsEntry("masquerade", "no");
        assertThat(snapshot.permanent().richRules()).containsExactly(ADMIN);
        assertThat(snapshot.runtimeServices()).containsExactly("smtp", "ssh");
        assertThat(snapshot.permanentServices()).containsExactly("ssh");
        assertThat(snapshot.runtimeRecord()).containsExactly(ACCEPTED);
        assertThat(calls()).containsExactly("getDefaultZone", "getZoneSettings", "listServices", "getZoneByName",
                "getServiceNames");
    }

    @Test
    void aReadWhileFirewalldDoesNotAnswerSaysNotRunning() throws IOException {
        Files.writeString(state, JSON.writeValueAsString(((ObjectNode) state()).put("running", false)));

        CommandResult r = run(FirewalldClient.read("public", true, true, "smtp"));

        assertThat(FirewalldClient.listings(FirewalldClient.reply(r, "read")).running()).isFalse();
        assertThat(calls()).isEmpty();
    }

    @Test
    void aRuntimeChangeRemovesThenAddsItemByItemAndThenWritesTheRecord() throws IOException {
        ZoneChange change = new ZoneChange(Set.of(ADMIN), Set.of("ssh"), Set.of("smtp"), Set.of(ACCEPTED));

        CommandResult r = run(runtimeChange(change, Optional.of(new FirewalldClient.RecordWrite("smtp", Set.of(ACCEPTED)))));

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(calls()).containsExactly("removeRichRule", "removeService", "addService", "addRichRule");
        assertThat(state().at("/runtime/zones/public/rules_str").toString()).contains("10.0.0.0/8").doesNotContain("192.0.2.0");
        assertThat(Files.readString(dir.resolve("records/public/smtp.rules"))).isEqualTo(ACCEPTED + "\n");
        assertThat(state().at("/permanent/zones/public/rules_str").toString()).contains("192.0.2.0");

        run(runtimeChange(new ZoneChange(Set.of(ACCEPTED), Set.of(), Set.of(), Set.of()),
                Optional.of(new FirewalldClient.RecordWrite("smtp", Set.of()))));

        assertThat(dir.resolve("records/public/smtp.rules")).doesNotExist();
    }

    @Test
    void aPermanentChangeDefinesServicesWritesTheZoneOnceAndDeletesServicesLast() throws IOException {
        OwnedService smtp = new OwnedService("smtp", dev.portcullis.Protocol.TCP,
                List.of(dev.portcullis.PortRange.parse("465"), dev.portcullis.PortRange.parse("587")));
        ZoneChange change = new ZoneChange(Set.of(), Set.of(), Set.of(smtp.name()), Set.of(ACCEPTED, ACCEPTED.replace("10.", "11.")));

        CommandResult r = run(FirewalldClient.change(FirewallCmd.Config.PERMANENT, "public", change, List.of(smtp),
                List.of("ssh"), Optional.empty()));

        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(calls()).containsExactly("getZoneByName", "getServiceNames", "addService", "updateZone", "removeService");
        assertThat(state().at("/permanent/services/portcullis-smtp_tcp_465_587").toString()).isEqualTo("[[\"465\",\"tcp\"],[\"587\",\"tcp\"]]");
        assertThat(state().at("/permanent/zones/public/rules_str")).hasSize(3);
        assertThat(state().at("/permanent/services").has("ssh")).isFalse();
        assertThat(state().at("/runtime/zones/public/rules_str")).hasSize(1);
    }

    @Test
    void aNewOwnedIpsetIsCreatedWithAllItsEntriesInOneCallBeforeTheZoneIsWritten() throws IOException {
        Set<String> entries = new java.util.TreeSet<>();
        for (int i = 0; i < 5000; i++) {
            entries.add("198.18." + (i / 256) + "." + (i % 256) + "/32");
        }
        String rule = "rule family=\"ipv4\" source ipset=\"portcullis-smtp_s1_4\" service name=\"ssh\" accept";

        CommandResult result = run(FirewalldClient.change(FirewallCmd.Config.PERMANENT, "public", adding(rule), List.of(),
                List.of(), Optional.empty(), List.of(new FirewalldIpset("portcullis-smtp_s1_4", "inet", entries)), List.of()));

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(calls()).containsExactly("getZoneByName", "getIPSetNames", "addIPSet", "getServiceNames", "updateZone");
        assertThat(state().path("calls").get(2).get(2).asInt()).as("entries in the one addIPSet call").isEqualTo(5000);
        assertThat(state().path("permanent").path("ipsets").path("portcullis-smtp_s1_4").path("options").path("family")
                .asText()).isEqualTo("inet");
    }

    @Test
    void aSetTheRuntimeLacksUnderPanicModeIsRefusedBeforeAnyReloadOrChange() throws IOException {
        ObjectNode s = (ObjectNode) state();
        s.put("panic", true);
        Files.writeString(state, JSON.writeValueAsString(s));

        CommandResult result = run(setsAtRuntime(adding(ACCEPTED), Set.of("10.0.0.0/8")));

        assertThat(result.exitCode()).isEqualTo(FirewalldClient.EXIT_REFUSED);
        assertThat(result.stdout()).contains("refusing to reload firewalld: panic mode is on (nothing was changed)");
        assertThat(calls()).containsExactly("getIPSets", "queryPanicMode");
        assertThat(state().path("runtime").path("zones").path("public").path("rules_str").toString()).doesNotContain(ACCEPTED);
    }

    private static Command setsAtRuntime(ZoneChange change, Set<String> entries) {
        return FirewalldClient.change(FirewallCmd.Config.RUNTIME, "public", change, List.of(), List.of(), Optional.empty(),
                List.of(new FirewalldIpset("portcullis-smtp_s1_4", "inet", entries)), List.of());
    }

    /** A runtime ipset portcullis-smtp_s1_4 with these entries. */
    private void aRuntimeSet(Set<String> entries) throws IOException {
        ObjectNode s = (ObjectNode) state();
        ObjectNode set = s.with("runtime").putObject("ipsets").putObject("portcullis-smtp_s1_4");
        set.putObject("options").put("family", "inet");
        entries.forEach(set.putArray("entries")::add);
        Files.writeString(state, JSON.writeValueAsString(s));
    }

    private static Set<String> hosts(int count) {
        Set<String> entries = new java.util.TreeSet<>();
        for (int i = 0; i < count; i++) {
            entries.add("198.18." + (i / 256) + "." + (i % 256) + "/32");
        }
        return entries;
    }

    @Test
    void oneChangedMemberOfALargeRuntimeSetIsOneRemovalAndOneAdditionNeverAFlushAndRefill() throws IOException {
        aRuntimeSet(hosts(5000));
        Set<String> wanted = new java.util.TreeSet<>(hosts(5000));
        wanted.remove("198.18.0.0/32");
        wanted.add("203.0.113.7/32");

        CommandResult result = run(setsAtRuntime(adding(), wanted));

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(state().path("calls").toString()).contains("[\"removeEntry\",\"portcullis-smtp_s1_4\",\"198.18.0.0/32\"]",
                "[\"addEntry\",\"portcullis-smtp_s1_4\",\"203.0.113.7/32\"]");
        assertThat(calls()).containsExactly("getIPSets", "getEntries", "removeEntry", "addEntry");
        assertThat(state().at("/runtime/ipsets/portcullis-smtp_s1_4/entries")).hasSize(5000);
    }

    @Test
    void anEmptyRuntimeSetIsFilledAndASetNoLongerWantedIsEmptiedInOneCallEach() throws IOException {
        aRuntimeSet(Set.of());
        assertThat(run(setsAtRuntime(adding(), hosts(5000))).exitCode()).isZero();
        assertThat(calls()).containsExactly("getIPSets", "getEntries", "setEntries");
        assertThat(state().at("/runtime/ipsets/portcullis-smtp_s1_4/entries")).hasSize(5000);

        assertThat(run(setsAtRuntime(adding(), Set.of())).exitCode()).isZero();
        assertThat(calls()).endsWith("getIPSets", "getEntries", "setEntries");
        assertThat(state().at("/runtime/ipsets/portcullis-smtp_s1_4/entries")).isEmpty();
    }

    @Test
    void aSetToHoldNothingThatTheRuntimeDoesNotKnowNeedsNoReload() throws IOException {
        CommandResult result = run(setsAtRuntime(adding(), Set.of()));

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(calls()).containsExactly("getIPSets");
    }

    @Test
    void aRuleFirewalldRefusesLeavesEverythingUntouchedAndIsNamedWithItsReason() throws IOException {
        Command command = runtimeChange(adding(ACCEPTED, TOO_SLOW, "nonsense"), Optional.empty());

        CommandResult r = run(command);

        assertThat(r.exitCode()).isEqualTo(FirewalldClient.EXIT_REFUSED);
        assertThat(calls()).isEmpty();
        assertThatThrownBy(() -> FirewalldClient.reply(r, "change the runtime zone public"))
                .isInstanceOf(FirewalldRefusedException.class)
                .hasMessage("firewalld refused to change the runtime zone public: parseRichRule 'nonsense': INVALID_RULE:"
                        + " nonsense; parseRichRule '" + TOO_SLOW + "': INVALID_LIMIT: 1/d too slow");
    }

    @Test
    void aRefusalHalfWayStopsThereAndTheInverseRequestUndoesWhatWasDone() throws IOException {
        String second = ACCEPTED.replace("10.", "11.");
        String third = ACCEPTED.replace("10.", "12.");
        Files.writeString(state, JSON.writeValueAsString(((ObjectNode) state()).set("refuse", JSON.createArrayNode().add(second))));
        ZoneChange change = adding(ACCEPTED, second, third);

        CommandResult r = run(runtimeChange(change, Optional.of(new FirewalldClient.RecordWrite("smtp", Set.of(ACCEPTED)))));

        assertThat(r.exitCode()).isEqualTo(FirewalldClient.EXIT_REFUSED);
        assertThat(JSON.readTree(r.stdout()).path("errors").get(0).path("item").asText()).isEqualTo(second);
        assertThat(dir.resolve("records/public/smtp.rules")).as("no record for a change that failed").doesNotExist();

        CommandResult undo = run(runtimeChange(change.inverse(), Optional.empty()));

        assertThat(undo.exitCode()).as(undo.stdout()).isZero();
        assertThat(state().at("/runtime/zones/public/rules_str").toString()).isEqualTo(JSON.createArrayNode().add(ADMIN).toString());
    }

    @Test
    void addingWhatIsThereAndRemovingWhatIsNotAreSkippedLikeFirewallCmdDoes() throws IOException {
        CommandResult r = run(runtimeChange(new ZoneChange(Set.of(ACCEPTED), Set.of(), Set.of("ssh"), Set.of(ADMIN)),
                Optional.empty()));

        assertThat(r.exitCode()).as(r.stdout()).isZero();
        assertThat(JSON.readTree(r.stdout()).path("done")).isEmpty();
    }

    @Test
    void aMalformedRequestIsRefusedBeforeAnyCall() throws IOException {
        Command servicesAtRuntime = runtimeChange(adding(ACCEPTED), Optional.empty()).toBuilder()
                .stdin("{\"operation\": \"change\", \"configuration\": \"runtime\", \"zone\": \"public\","
                        + " \"deleteServices\": [\"ssh\"]}").build();

        CommandResult notJson = run(servicesAtRuntime.toBuilder().stdin("not json").build());
        CommandResult r = run(servicesAtRuntime);

        assertThat(notJson.exitCode()).isEqualTo(FirewalldClient.EXIT_BAD_REQUEST);
        assertThat(r.exitCode()).isEqualTo(FirewalldClient.EXIT_BAD_REQUEST);
        assertThatThrownBy(() -> FirewalldClient.reply(r, "change")).hasMessageContaining("malformed request")
                .hasMessageContaining("permanent configuration only");
        assertThat(calls()).isEmpty();
    }

    @Test
    void aHostWithoutFirewalldsClientModuleGetsAClearMessage() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("no-client/firewall"));
        Files.writeString(empty.resolve("__init__.py"), "");

        CommandResult r = run(FirewalldClient.read("public", true, true, null), dir.resolve("no-client"));

        assertThat(r.exitCode()).isEqualTo(FirewalldClient.EXIT_NO_CLIENT);
        assertThatThrownBy(() -> FirewalldClient.reply(r, "read zone public"))
                .hasMessageStartingWith("cannot read zone public: python3 on the host cannot use firewalld's client module");
    }

    @Test
    void plansShowTheProgramByNameAndDigestAndTheRequestInFull() {
        Command command = runtimeChange(adding(ACCEPTED), Optional.empty());

        String shown = FirewalldClient.shown(command).render();

        assertThat(shown).startsWith("python3 -c '<firewalld-client.py sha256:").contains("\"addRichRules\" : [",
                "10.0.0.0/8").doesNotContain("import json");
        assertThat(command.argv().get(2)).isEqualTo(FirewalldClient.program()).contains("import json");
    }
}
