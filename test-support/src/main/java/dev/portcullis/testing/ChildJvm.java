package dev.portcullis.testing;

import dev.portcullis.Spec;
import dev.portcullis.spec.Specs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link KillableApply} in a JVM of its own, on this test's class path, applying a spec to a test
 * host: the tests of crash safety kill it with {@code kill -9} where it halts, and the tests of the
 * host lock start two at the same instant.
 */
public final class ChildJvm {

    private final Process process;
    private final BufferedReader out;

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts a child JVM that applies the spec.
     *
     * @param host the test host
     * @param spec what to apply
     * @param backend the backend id
     * @param haltAt the step to halt at (-1: run to the end)
     * @param startAt epoch millisecond at which the apply starts (0: at once)
     * @param options backend options
     * @return the running child
     */
    public static ChildJvm apply(LinuxTestHost host, Spec spec, String backend, int haltAt, long startAt,
            Map<String, String> options) {
        try {
            Path file = Files.createTempFile("portcullis-child-", ".yaml");
            file.toFile().deleteOnExit();
            Specs.write(spec, file);
            List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                    KillableApply.class.getName(), host.containerId(), file.toString(), backend, Integer.toString(haltAt),
                    Long.toString(startAt)));
            options.forEach((k, v) -> argv.add(k + "=" + v));
            return new ChildJvm(new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the child's output until its verdict line: {@code HALTED}, {@code DONE} or {@code LOCKED}.
     *
     * @return that line
     * @throws IllegalStateException when the child ends without one
     */
    public String awaitVerdict() {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("HALTED ") || line.startsWith("DONE ") || line.startsWith("LOCKED ")) {
                    return line;
                }
            }
            process.waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("child JVM ended without a verdict, exit " + process.exitValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the child with SIGKILL ({@code kill -9}): no shutdown hook, no finally block runs. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the child's process id */
    public long pid() {
        return process.pid();
    }
}
