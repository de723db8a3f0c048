package dev.portcullis.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.exec.LocalCommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code portcullis events} and {@code report} on the Postfix 3.7 log captured in the test image. */
class MailLogCommandsTest {

    @TempDir
    Path dir;

    private Path log;
    private final CliEnvironment env = Cli.fakes(LocalCommandRunner.create());

    @BeforeEach
    void copyTheCapturedLog() throws IOException {
        log = dir.resolve("maillog");
        try (InputStream in = Files.newInputStream(Path.of("../mail-events/src/test/resources/postfix-3.7/maillog"))) {
            Files.copy(in, log);
        }
    }

    @Test
    void eventsPrintsAReadableTable() {
        Cli.Run run = Cli.run(env, "events", "--log", log.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("TIME").contains("ACTION", "CLIENT", "QUEUE ID");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("rejected", "172.20.0.3",
                "to=<someone@elsewhere.example>", "454 4.7.1 [relay-denied]"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("delivery", "7FC7E194220", "status=sent", "relay=local"));
    }

    @Test
    void eventsJsonWritesOneEcsObjectPerLine() throws IOException {
        Cli.Run run = Cli.run(env, "events", "--log", log.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = run.out().lines().map(l -> {
            try {
                return json.readTree(l);
            } catch (IOException e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertThat(events).anySatisfy(e -> {
            assertThat(e.at("/event/action").asText()).isEqualTo("authentication-failed");
            assertThat(e.at("/user/name").asText()).isEqualTo("alice");
            assertThat(e.at("/source/ip").asText()).isEqualTo("172.20.0.3");
        });
        assertThat(events).filteredOn(e -> e.at("/event/action").asText().equals("rejected")).hasSize(7);
    }

    @Test
    void eventsSinceAndUntilKeepOnlyTheWindow() {
        String year = String.valueOf(java.time.Year.now(java.time.ZoneOffset.UTC).getValue());
        Cli.Run run = Cli.run(env, "events", "--log", log.toString(), "--json",
                "--since", year + "-11-30T14:39:04Z", "--until", year + "-11-30T14:39:05Z");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).isNotEmpty().allSatisfy(l -> assertThat(l).contains("\"@timestamp\":\"" + year + "-11-30T14:39:04Z\""));
    }

    @Test
    void reportCountsOutcomesAndReasons() {
        Cli.Run run = Cli.run(env, "report", "--log", log.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode r = run.json();
        assertThat(r.at("/connections/total").asInt()).isEqualTo(27);
        assertThat(r.at("/outcomes/received").asInt()).isEqualTo(6);
        assertThat(r.at("/outcomes/bounced").asInt()).isEqualTo(1);
        assertThat(r.at("/rejectReasons/unknown-user").asInt()).isEqualTo(1);
        assertThat(r.at("/topRejectedClients/0/rejects").asInt()).isEqualTo(6);
        assertThat(r.at("/source").asText()).isEqualTo(log.toString());

        Cli.Run text = Cli.run(env, "report", "--log", log.toString());
        assertThat(text.out()).contains("connections            27   TLS 3 (11.1%)", "    tls-required          1");
    }

    @Test
    void refusesAWindowThatIsNotATime() {
        Cli.Run run = Cli.run(env, "report", "--log", log.toString(), "--since", "yesterday");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("--since: not an instant");
    }

    @Test
    void refusesAContainerNameThatIsNotOne() {
        Cli.Run run = Cli.run(env, "events", "--container", "-v /:/host");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("--container: not a container name");
        assertThat(Arrays.asList(run.out().split("\n"))).doesNotContain(EventTableHeaderHolder.HEADER);
    }

    @Test
    void refusesHostTogetherWithContainerBeforeConnectingAnywhere() {
        Cli.Run run = Cli.run(env, "events", "--host", "root@127.0.0.1:1", "--container", "mail");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("--host and --container exclude each other")
                .doesNotContain("Connection refused").doesNotContain("127.0.0.1:1");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void refusesAHostWithoutItsUserNamingTheOption() {
        Cli.Run run = Cli.run(env, "report", "--host", "mail.example.org");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("--host mail.example.org: host: must be user@host[:port], the user is missing");
    }

    @Test
    void withHostEventsAndReportReadOverSshFromThatHostAndNotFromThisMachine() throws IOException {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        for (String command : List.of("events", "report")) {
            // port 1 on loopback refuses at once: what matters is that the command went there over SSH
            Cli.Run run = Cli.run(env, command, "--log", log.toString(), "--host", "root@127.0.0.1:1",
                    "--known-hosts", knownHosts.toString());
            assertThat(run.exitCode()).as(command).isEqualTo(ExitCode.INTERNAL_ERROR.code());
            assertThat(run.err()).as(command).contains("127.0.0.1:1");
            assertThat(run.out()).as(command + " printed nothing read from the local file").doesNotContain("172.20.0.3");
        }
    }

    @Test
    void helpOffersTheSshLoginButNotTheInventory() {
        for (String command : List.of("events", "report")) {
            Cli.Run run = Cli.run(env, command, "--help");
            assertThat(run.out()).as(command).contains("--host=USER@HOST[:PORT]", "--identity=FILE", "--known-hosts=FILE",
                    "--trust-host-key", "--password").doesNotContain("--inventory");
        }
    }

    /** Keeps the import list honest. */
    private static final class EventTableHeaderHolder {
        static final String HEADER = dev.portcullis.mailevents.EventTable.HEADER;
    }
}
