package dev.portcullis.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/**
 * The assumed empty host answers as a fresh install does; on Windows, with what the Windows modules'
 * own recordings of a fresh host say, so that the two cannot drift apart.
 */
class EmptyHostRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode resultOf(String stdout) throws Exception {
        String line = stdout.lines().filter(l -> l.startsWith("PORTCULLIS-RESULT:")).findFirst().orElseThrow();
        return JSON.readTree(line.substring("PORTCULLIS-RESULT:".length()));
    }

    private static CommandResult ask(String script) {
        return new EmptyHostRunner().execute(Command.builder("powershell.exe").args("-NoLogo", "-Command", "-")
                .stdin(script).build());
    }

    private static void assertAnswersAsRecorded(Path fixture, String... except) throws Exception {
        JsonNode recorded = resultOf(Files.readString(fixture));
        StringBuilder script = new StringBuilder();
        recorded.fieldNames().forEachRemaining(k -> script.append("$portcullis['").append(k).append("'] = ...\n"));

        CommandResult answer = ask(script.toString());

        assertThat(answer.exitCode()).as(answer.stderr()).isZero();
        JsonNode given = resultOf(answer.stdout());
        for (Iterator<String> keys = recorded.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (!java.util.List.of(except).contains(key)) {
                assertThat(given.get(key)).as(key).isEqualTo(recorded.get(key));
            }
        }
    }

    @Test
    void answersTheExchangeInspectionAsTheRecordedFreshExchangeServer() throws Exception {
        // The certificate file is the spec's own, so its subject cannot be the recording's.
        assertAnswersAsRecorded(Path.of("../exchange/src/test/resources/fixtures/inspect-fresh-ps51.stdout"), "certificateFile");
    }

    @Test
    void answersTheFirewallInspectionWithNoRule() throws Exception {
        assertAnswersAsRecorded(Path.of("../windows-firewall/src/test/resources/fixtures/inspect-empty.stdout"));
    }

    @Test
    void aValueItDoesNotKnowFailsAsPowerShellWouldNamingIt() {
        CommandResult answer = ask("$portcullis['somethingNew'] = Get-Something\n");

        assertThat(answer.exitCode()).isEqualTo(1);
        assertThat(answer.stdout()).doesNotContain("PORTCULLIS-RESULT");
        assertThat(answer.stderr()).startsWith("PORTCULLIS-ERROR:").contains("'somethingNew'");
    }
}
