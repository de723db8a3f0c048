package dev.portcullis.exec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.Watchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands on this machine through Apache Commons Exec, argv only.
 *
 * <p>Commons Exec is fenced off where it would change arguments: it re-quotes, trims and
 * substitutes {@code ${var}} in arguments, so the process is launched from the exact argv with a
 * {@link ProcessBuilder} and Commons Exec only does what it is good at (stream pumping, watchdog,
 * exit codes). A timeout kills the whole process tree. Output is decoded as UTF-8;
 * the locale defaults to {@code C.UTF-8} so that tool output parses the same everywhere.
 */
public final class LocalCommandRunner implements CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCommandRunner.class);

    private final Map<String, String> baseEnvironment;

    private LocalCommandRunner(Map<String, String> baseEnvironment) {
        this.baseEnvironment = Map.copyOf(baseEnvironment);
    }

    /** @return a runner that inherits this JVM's environment, with a UTF-8 C locale */
    public static LocalCommandRunner create() {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("LC_ALL", "C.UTF-8");
        env.put("LANG", "C.UTF-8");
        return new LocalCommandRunner(env);
    }

    /**
     * A runner whose processes see exactly this environment (plus each command's own variables).
     *
     * @param environment the complete environment
     * @return the runner
     */
    public static LocalCommandRunner withEnvironment(Map<String, String> environment) {
        return new LocalCommandRunner(environment);
    }

    @Override
    public CommandResult execute(Command command) {
        refuseArgumentsTheJvmWouldMangle(command);
        CommandLine line = new CommandLine(command.program());
        for (String arg : command.argv().subList(1, command.argv().size())) {
            line.addArgument(arg, false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayInputStream in = command.stdin().map(ByteArrayInputStream::new).orElse(null);
        TreeKillingWatchdog watchdog = new TreeKillingWatchdog(command.timeout());
        ArgvExecutor executor = new ArgvExecutor(command.argv());
        executor.setStreamHandler(new PumpStreamHandler(out, err, in));
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        Map<String, String> env = new LinkedHashMap<>(baseEnvironment);
        env.putAll(command.environment());
        long start = System.nanoTime();
        int exit;
        try {
            exit = executor.execute(line, env);
        } catch (ExecuteException e) {
            exit = e.getExitValue();
        } catch (IOException e) {
            throw new CommandRunnerException("could not start " + command.program() + ": " + e.getMessage(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        boolean killed = watchdog.killedProcess();
        CommandResult result = new CommandResult(command, exit,
                out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), took, killed);
        LOG.debug("{} -> exit {} in {} ms", command.render(), exit, took.toMillis());
        return result;
    }

    /**
     * The JVM encodes argv with sun.jnu.encoding; under a POSIX locale that is ASCII and every other
     * character silently becomes '?'. Refuse rather than run a different command.
     */
    private static void refuseArgumentsTheJvmWouldMangle(Command command) {
        String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
        java.nio.charset.Charset cs;
        try {
            cs = java.nio.charset.Charset.forName(encoding);
        } catch (RuntimeException e) {
            return;
        }
        for (String arg : command.argv()) {
            if (!cs.newEncoder().canEncode(arg)) {
                throw new CommandRunnerException("argument of " + command.program() + " cannot be passed intact: this JVM"
                        + " encodes process arguments as " + encoding + "; start it with LC_ALL=C.UTF-8", null);
            }
        }
    }

    @Override
    public String target() {
        return "local";
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    /** Launches the exact argv; Commons Exec's CommandLine only serves as a label. */
    private static final class ArgvExecutor extends DefaultExecutor {
        private final java.util.List<String> argv;

        @SuppressWarnings("deprecation")
        ArgvExecutor(java.util.List<String> argv) {
            super();
            this.argv = argv;
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> env, java.io.File workingDirectory)
                throws IOException {
            ProcessBuilder builder = new ProcessBuilder(argv);
            builder.environment().clear();
            builder.environment().putAll(env);
            if (workingDirectory != null) {
                builder.directory(workingDirectory);
            }
            return builder.start();
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> env, java.nio.file.Path workingDirectory)
                throws IOException {
            return launch(command, env, workingDirectory == null ? null : workingDirectory.toFile());
        }
    }

    /** Kills the descendants of a timed-out process before the process itself. */
    private static final class TreeKillingWatchdog extends ExecuteWatchdog {
        private final AtomicReference<Process> process = new AtomicReference<>();

        @SuppressWarnings("deprecation")
        TreeKillingWatchdog(Duration timeout) {
            super(timeout.toMillis());
        }

        @Override
        public synchronized void start(Process p) {
            process.set(p);
            super.start(p);
        }

        @Override
        public synchronized void timeoutOccured(Watchdog w) {
            Process p = process.get();
            if (p != null) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            }
            super.timeoutOccured(w);
        }
    }
}
