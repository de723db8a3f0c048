package dev.portcullis.exec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One process to run: an argv list (never a shell string), optional standard input, a timeout,
 * extra environment variables and the exit codes that count as success.
 *
 * <p>Immutable. Standard input may be marked sensitive (it carries a secret): {@link #render()}
 * and {@link #toString()} then show neither it nor its length.
 */
public final class Command {

    /** The timeout used when a command does not set its own. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final List<String> argv;
    private final byte[] stdin;
    private final boolean stdinSensitive;
    private final Duration timeout;
    private final Map<String, String> environment;
    private final Set<Integer> successExitCodes;

    private Command(Builder b) {
        this.argv = List.copyOf(b.argv);
        this.stdin = b.stdin == null ? null : b.stdin.clone();
        this.stdinSensitive = b.stdinSensitive;
        this.timeout = b.timeout;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.successExitCodes = Collections.unmodifiableSet(new TreeSet<>(b.successExitCodes));
    }

    /**
     * A command from its program and arguments.
     *
     * @param program the executable, looked up on PATH when it has no slash
     * @param args arguments passed verbatim: no quoting, trimming or substitution
     * @return the command, accepting exit code 0 only
     */
    public static Command of(String program, String... args) {
        return builder(program).args(args).build();
    }

    /**
     * A command from a complete argv list.
     *
     * @param argv program followed by its arguments
     * @return the command, accepting exit code 0 only
     */
    public static Command of(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must name a program");
        }
        return builder(argv.get(0)).args(argv.subList(1, argv.size())).build();
    }

    /**
     * Starts a builder for a program.
     *
     * @param program the executable, looked up on PATH when it has no slash
     * @return a builder holding the program, accepting exit code 0 only, with the default timeout
     */
    public static Builder builder(String program) {
        return new Builder().arg(program);
    }

    /** @return a builder holding this command's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.argv.addAll(argv);
        b.stdin = stdin;
        b.stdinSensitive = stdinSensitive;
        b.timeout = timeout;
        b.environment.putAll(environment);
        b.successExitCodes.clear();
        b.successExitCodes.addAll(successExitCodes);
        return b;
    }

    /** @return program followed by arguments */
    public List<String> argv() {
        return argv;
    }

    /** @return the program (argv[0]) */
    public String program() {
        return argv.get(0);
    }

    /** @return the bytes fed to standard input, if any */
    public Optional<byte[]> stdin() {
        return Optional.ofNullable(stdin).map(byte[]::clone);
    }

    /** @return whether standard input carries a secret and must never be shown */
    public boolean stdinSensitive() {
        return stdinSensitive;
    }

    /** @return how long the process may run before its tree is killed */
    public Duration timeout() {
        return timeout;
    }

    /** @return variables added to (or replacing) the runner's environment */
    public Map<String, String> environment() {
        return environment;
    }

    /** @return exit codes that mean success */
    public Set<Integer> successExitCodes() {
        return successExitCodes;
    }

    /**
     * @param exitCode a process exit code
     * @return whether it counts as success for this command
     */
    public boolean isSuccess(int exitCode) {
        return successExitCodes.contains(exitCode);
    }

    /**
     * The command as a person would type it, for plans and logs. Arguments that need it are
     * single-quoted for reading only: the command itself is never given to a shell.
     * Sensitive standard input is replaced by a marker that says nothing of it, not even its length.
     *
     * @return a one-line (or, with standard input, here-document style) rendering
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < argv.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(quoteForReading(argv.get(i)));
        }
        if (stdin != null) {
            if (stdinSensitive) {
                // Not even the length: with a known template it gives away the secret's length.
                sb.append(" <<< [stdin redacted]");
            } else {
                String text = new String(stdin, StandardCharsets.UTF_8);
                sb.append(" <<'EOF'\n").append(text);
                if (!text.endsWith("\n")) {
                    sb.append('\n');
                }
                sb.append("EOF");
            }
        }
        return sb.toString();
    }

    static String quoteForReading(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_=.,/:@%+".indexOf(c) >= 0)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Command)) {
            return false;
        }
        Command c = (Command) o;
        return argv.equals(c.argv) && Arrays.equals(stdin, c.stdin) && stdinSensitive == c.stdinSensitive
                && timeout.equals(c.timeout) && environment.equals(c.environment)
                && successExitCodes.equals(c.successExitCodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, Arrays.hashCode(stdin), stdinSensitive, timeout, environment, successExitCodes);
    }

    @Override
    public String toString() {
        return render();
    }

    /** Builds a {@link Command}. */
    public static final class Builder {
        private final List<String> argv = new ArrayList<>();
        private byte[] stdin;
        private boolean stdinSensitive;
        private Duration timeout = DEFAULT_TIMEOUT;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Set<Integer> successExitCodes = new TreeSet<>(Set.of(0));

        private Builder() {
        }

        /**
         * Adds one argument verbatim.
         *
         * @param arg the argument; may be empty, contain spaces, quotes or start with a dash
         * @return this builder
         */
        public Builder arg(String arg) {
            argv.add(Objects.requireNonNull(arg, "arg"));
            return this;
        }

        /**
         * Adds arguments verbatim.
         *
         * @param args arguments passed as they are: no quoting, trimming or substitution
         * @return this builder
         */
        public Builder args(String... args) {
            for (String a : args) {
                arg(a);
            }
            return this;
        }

        /**
         * Adds arguments verbatim.
         *
         * @param args arguments passed as they are: no quoting, trimming or substitution
         * @return this builder
         */
        public Builder args(List<String> args) {
            args.forEach(this::arg);
            return this;
        }

        /**
         * Replaces the program and every argument, keeping every other setting (standard input,
         * timeout, environment, success codes): how an interceptor rewrites a command.
         *
         * @param programAndArgs the new argv, program first
         * @return this builder
         */
        public Builder argv(List<String> programAndArgs) {
            List<String> copy = List.copyOf(programAndArgs);
            argv.clear();
            argv.addAll(copy);
            return this;
        }

        /**
         * Feeds text to standard input, encoded as UTF-8.
         *
         * @param text what the process reads; shown in plans as a here-document
         * @return this builder
         */
        public Builder stdin(String text) {
            this.stdin = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Feeds bytes to standard input as they are.
         *
         * @param bytes what the process reads, byte for byte
         * @return this builder
         */
        public Builder stdin(byte[] bytes) {
            this.stdin = bytes.clone();
            return this;
        }

        /**
         * Feeds text that carries a secret to standard input; neither it nor its length is ever
         * rendered or logged.
         *
         * @param text what the process reads, encoded as UTF-8
         * @return this builder
         */
        public Builder sensitiveStdin(String text) {
            stdin(text);
            this.stdinSensitive = true;
            return this;
        }

        /**
         * Sets how long the process may run (default {@link Command#DEFAULT_TIMEOUT}).
         *
         * @param timeout how long the process may run before its tree is killed; positive
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Adds an environment variable for this process, on top of the runner's environment.
         *
         * @param name the variable's name
         * @param value its value
         * @return this builder
         */
        public Builder env(String name, String value) {
            environment.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /**
         * Replaces the exit codes that count as success (default: 0 only).
         *
         * @param codes the accepted exit codes
         * @return this builder
         */
        public Builder successExitCodes(Integer... codes) {
            successExitCodes.clear();
            successExitCodes.addAll(Arrays.asList(codes));
            return this;
        }

        /**
         * Builds the command.
         *
         * @return the command
         * @throws IllegalStateException when no program was named
         */
        public Command build() {
            if (argv.isEmpty() || argv.get(0).isEmpty()) {
                throw new IllegalStateException("a command needs a program");
            }
            return new Command(this);
        }
    }
}
