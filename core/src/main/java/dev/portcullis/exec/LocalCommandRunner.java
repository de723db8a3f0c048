package dev.portcullis.exec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * exit codes). A timeout kills the whole process tree and is recorded in the result, whatever exit
 * code the killed process leaves; output a background child still holds open at the deadline is
 * given up, and that counts as a timeout too. Each output stream is kept up to a limit
 * ({@link #DEFAULT_OUTPUT_LIMIT} unless {@link #withOutputLimit(long)} says otherwise): a process
 * that prints more is killed at once and its result says so, rather than filling the heap. Output
 * is decoded as UTF-8; the locale defaults to {@code C.UTF-8} so that tool output parses the same
 * everywhere. Every command runs from the root folder {@code /}, whatever the JVM's working
 * directory, as it does over SSH and in a container.
 */
public final class LocalCommandRunner implements CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCommandRunner.class);

    /**
     * Bytes of standard output, and of standard error, kept by default: 32 MiB, hundreds of times
     * what a large firewall's {@code iptables-save} prints.
     */
    public static final long DEFAULT_OUTPUT_LIMIT = 32L * 1024 * 1024;

    /**
     * Every command runs from the root folder, as over SSH and in a container, never from wherever
     * the JVM was started: tools such as {@code cp --parents} (coreutils 9.1) fail on absolute
     * paths from any other folder, and a plan must not mean something else in another folder.
     */
    private static final java.io.File ROOT = new java.io.File("/");

    private final Map<String, String> baseEnvironment;
    private final long outputLimit;

    private LocalCommandRunner(Map<String, String> baseEnvironment, long outputLimit) {
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.outputLimit = outputLimit;
    }

    /** @return a runner that inherits this JVM's environment, with a UTF-8 C locale */
    public static LocalCommandRunner create() {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("LC_ALL", "C.UTF-8");
        env.put("LANG", "C.UTF-8");
        return new LocalCommandRunner(env, DEFAULT_OUTPUT_LIMIT);
    }

    /**
     * A runner whose processes see exactly this environment (plus each command's own variables).
     *
     * @param environment the complete environment, locale included
     * @return the runner, with the default output limit
     */
    public static LocalCommandRunner withEnvironment(Map<String, String> environment) {
        return new LocalCommandRunner(environment, DEFAULT_OUTPUT_LIMIT);
    }

    /**
     * A copy that keeps at most this many bytes of each output stream; a process that prints more
     * is killed, and its result reports {@link CommandResult#exceededOutputLimit()}.
     *
     * @param bytes the most bytes of standard output, and of standard error, to keep
     * @return the copy
     */
    public LocalCommandRunner withOutputLimit(long bytes) {
        if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output limit must be between 1 byte and 2 GiB: " + bytes);
        }
        return new LocalCommandRunner(baseEnvironment, bytes);
    }

    /** @return the most bytes of each output stream this runner keeps before it kills the process */
    public long outputLimit() {
        return outputLimit;
    }

    @Override
    public CommandResult execute(Command command) {
        refuseArgumentsTheJvmWouldMangle(command);
        CommandLine line = new CommandLine(command.program());
        for (String arg : command.argv().subList(1, command.argv().size())) {
            line.addArgument(arg, false);
        }
        ProcessTree tree = new ProcessTree();
        CappedOutput out = new CappedOutput(outputLimit, tree::kill);
        CappedOutput err = new CappedOutput(outputLimit, tree::kill);
        ByteArrayInputStream in = command.stdin().map(ByteArrayInputStream::new).orElse(null);
        TreeKillingWatchdog watchdog = new TreeKillingWatchdog(command.timeout(), tree);
        ArgvExecutor executor = new ArgvExecutor(command.argv(), tree);
        long start = System.nanoTime();
        DeadlineStreamHandler streams = new DeadlineStreamHandler(out, err, in, start + command.timeout().toNanos());
        executor.setStreamHandler(streams);
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        executor.setWorkingDirectory(ROOT);
        Map<String, String> env = new LinkedHashMap<>(baseEnvironment);
        env.putAll(command.environment());
        int exit;
        try {
            exit = executor.execute(line, env);
        } catch (ExecuteException e) {
            exit = e.getExitValue();
        } catch (IOException e) {
            throw new CommandRunnerException("could not start " + command.program() + ": " + e.getMessage(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        CommandResult result = new CommandResult(command, exit, out.text(), err.text(), took,
                watchdog.fired() || streams.cutOff());
        if (out.exceeded() || err.exceeded()) {
            result = result.killedForOutputOver(outputLimit);
        }
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

    /** @return the session named by {@code SSH_CONNECTION} in this runner's environment, if any */
    @Override
    public java.util.Optional<OperatorSession> operatorSession() {
        return OperatorSession.fromSshConnection(baseEnvironment.get("SSH_CONNECTION"));
    }

    /** Launches the exact argv; Commons Exec's CommandLine only serves as a label. */
    private static final class ArgvExecutor extends DefaultExecutor {
        private final List<String> argv;
        private final ProcessTree tree;

        @SuppressWarnings("deprecation")
        ArgvExecutor(List<String> argv, ProcessTree tree) {
            super();
            this.argv = argv;
            this.tree = tree;
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
            Process process = builder.start();
            tree.started(process);
            return process;
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> env, java.nio.file.Path workingDirectory)
                throws IOException {
            return launch(command, env, workingDirectory == null ? null : workingDirectory.toFile());
        }
    }

    /**
     * The launched process and its descendants, killed together. A kill asked for before the launch
     * is returned (output can arrive before Commons Exec starts its watchdog) happens at the launch.
     */
    private static final class ProcessTree {
        private final AtomicReference<Process> process = new AtomicReference<>();
        private final AtomicBoolean killRequested = new AtomicBoolean();

        void started(Process p) {
            process.set(p);
            if (killRequested.get()) {
                kill(p);
            }
        }

        void kill() {
            killRequested.set(true);
            Process p = process.get();
            if (p != null) {
                kill(p);
            }
        }

        /**
         * The descendants are listed first and the process killed before them: a wrapper that
         * outlived its killed children could otherwise go on and exit 0, and children of a dead
         * process can no longer be found.
         */
        private static void kill(Process p) {
            List<ProcessHandle> descendants = p.toHandle().descendants().toList();
            p.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Kills the process tree when the timeout passes, and remembers that it did. */
    private static final class TreeKillingWatchdog extends ExecuteWatchdog {
        private final ProcessTree tree;
        private final AtomicBoolean fired = new AtomicBoolean();
        private final AtomicReference<Process> watched = new AtomicReference<>();

        @SuppressWarnings("deprecation")
        TreeKillingWatchdog(Duration timeout, ProcessTree tree) {
            super(timeout.toMillis());
            this.tree = tree;
        }

        @Override
        public synchronized void start(Process p) {
            watched.set(p);
            super.start(p);
        }

        @Override
        public synchronized void timeoutOccured(Watchdog w) {
            Process p = watched.get();
            // Commons Exec's own flag is set only if the process is still alive after the kill; a
            // wrapper may exit by itself in between, with any exit code. The timeout counts anyway.
            if (p != null && p.isAlive()) {
                fired.set(true);
                tree.kill();
            }
            super.timeoutOccured(w);
        }

        /** @return whether the timeout passed while the process was running */
        boolean fired() {
            return fired.get() || killedProcess();
        }
    }

    /**
     * Stops reading output at the command's deadline. A process may exit while a child it left in
     * the background still holds its output open; Commons Exec's watchdog has stopped by then, and
     * its stream handler would wait for the child however long it runs. This one waits until the
     * deadline only, then gives up the output that has not come yet and says so: the command did not
     * finish within its timeout. (The child itself is no longer a descendant and cannot be found.)
     * Each output stream is waited for until the deadline plus Commons Exec's two seconds, so such a
     * command returns within about twice its timeout at worst.
     */
    private static final class DeadlineStreamHandler extends PumpStreamHandler {
        private final long deadlineNanos;
        private volatile boolean cutOff;

        DeadlineStreamHandler(OutputStream out, OutputStream err, ByteArrayInputStream in, long deadlineNanos) {
            super(out, err, in);
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public void stop() throws IOException {
            // Commons Exec reads a zero stop timeout as "wait for ever": wait one millisecond at least.
            setStopTimeout(Duration.ofNanos(Math.max(deadlineNanos - System.nanoTime(), 1_000_000)));
            try {
                super.stop();
            } catch (ExecuteException stopTimeoutExceeded) {
                cutOff = true;
            }
            // Commons Exec notices an exceeded stop timeout only if the join returned late enough by
            // its clock: the deadline is what counts.
            cutOff |= System.nanoTime() - deadlineNanos >= 0;
        }

        /** @return whether output was still open at the deadline and reading it was given up */
        boolean cutOff() {
            return cutOff;
        }
    }

    /**
     * Keeps the first {@code limit} bytes written and discards the rest; the first byte too many
     * runs {@code onExceeded} (which kills the process). Written by Commons Exec's pump thread,
     * read after the process ended.
     */
    private static final class CappedOutput extends OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final long limit;
        private final Runnable onExceeded;
        private boolean exceeded;

        CappedOutput(long limit, Runnable onExceeded) {
            this.limit = limit;
            this.onExceeded = onExceeded;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            int room = (int) Math.min(length, limit - kept.size());
            kept.write(bytes, offset, room);
            if (room < length && !exceeded) {
                exceeded = true;
                onExceeded.run();
            }
        }

        synchronized boolean exceeded() {
            return exceeded;
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
