package dev.portcullis.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and SIGINT during an apply, sent to a real child JVM while a step runs: the step
 * finishes, every step that ran is undone on the file system, and the process exits 130.
 */
class SignalCancellationTest {

    @TempDir
    Path dir;

    /**
     * Starts the child with SIGINT and SIGTERM at their defaults ({@code env --default-signal}):
     * a shell running this build in the background (nohup, {@code &}) ignores SIGINT, a child
     * inherits that, and a JVM started so never sees the signal an operator's Ctrl-C sends.
     */
    private Process start() throws Exception {
        return new ProcessBuilder(List.of("env", "--default-signal=INT,TERM",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", SignalledApply.class.getName(), dir.toString()))
                .redirectErrorStream(true).start();
    }

    private static String untilStarted(BufferedReader out, int step) throws Exception {
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.equals("STARTED " + step)) {
                return seen.toString();
            }
        }
        throw new AssertionError("the child ended before step " + step + ":\n" + seen);
    }

    private void assertRolledBackAndExited130(Process child, BufferedReader out) throws Exception {
        StringBuilder rest = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            rest.append(line).append('\n');
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(rest.toString()).isEqualTo(ExitCode.CANCELLED.code());
        assertThat(rest).contains("signal received: finishing the running step, then undoing every step that ran")
                .contains("CANCELLED");
        assertThat(dir.resolve("f0")).as("step 0 undone").doesNotExist();
        assertThat(dir.resolve("f1")).as("the step that was running finished, then was undone").doesNotExist();
        assertThat(dir.resolve("f2")).as("never ran").doesNotExist();
    }

    @Test
    void sigtermWhileAStepRunsLetsItFinishUndoesEveryStepThatRanAndExits130() throws Exception {
        Process child = start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        untilStarted(out, 1);
        assertThat(dir.resolve("f0")).exists();

        new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).start().waitFor(); // Process.destroy would close its output

        assertRolledBackAndExited130(child, out);
    }

    @Test
    void sigintWhileAStepRunsDoesTheSame() throws Exception {
        Process child = start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        untilStarted(out, 1);

        new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();

        assertRolledBackAndExited130(child, out);
    }
}
