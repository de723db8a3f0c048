package dev.portcullis.ssh;

import dev.portcullis.SecretRef;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandInterceptor;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.exec.InterceptingCommandRunner;
import dev.portcullis.exec.OperatorSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands on a remote host over SSH, on Apache MINA SSHD.
 *
 * <p>One SSH connection per runner, opened by {@link Builder#connect()} and reused for every
 * command: each command is one exec channel on it. The host key is checked against known_hosts
 * before any credential is sent ({@link HostKeyRefusedException} names the offered key's
 * fingerprint), unless the user explicitly trusts that one fingerprint. Authentication is by key
 * (a file or a key pair), by an SSH agent, or by password (a {@link SecretRef}, resolved at connect
 * time and never shown).
 *
 * <p>SSH carries one command string; the argv is quoted into it by {@link PosixShellWords} only,
 * so the remote program receives exactly the given argv. The remote command runs as
 * {@code env LC_ALL=C.UTF-8 LANG=C.UTF-8 timeout --kill-after=5s T argv...} in {@code /}: the locale makes
 * tool output parse the same as locally, and coreutils {@code timeout} kills the remote process
 * (and its process group) at the command's timeout, which closing the channel alone would not do.
 * Standard input is sent and then closed, standard output and error are captured separately as
 * UTF-8 up to {@link #OUTPUT_LIMIT} each, and the result has the same shape as a local one.
 * Environment variables of a command are refused: SSH would put them in the remote process list
 * or drop them silently.
 *
 * <p>A user other than root reaches privileged commands through {@link #privileged()}, which
 * wraps this runner in core's {@code sudo -n} interceptor. Thread-safe: commands may run on
 * several threads at once, each on its own channel. Close the runner to close the connection.
 */
public final class SshCommandRunner implements CommandRunner, AutoCloseable {

    /** Bytes of standard output, and of standard error, kept per command: as the local runner's default. */
    public static final long OUTPUT_LIMIT = 32L * 1024 * 1024;

    /** Time {@code timeout} grants after SIGTERM before SIGKILL. */
    private static final Duration KILL_AFTER = Duration.ofSeconds(5);
    /** Extra time for the round trip before the channel itself is given up. */
    private static final Duration CHANNEL_OVERHEAD = Duration.ofSeconds(20);
    private static final int TIMEOUT_TERM = 124;
    private static final int TIMEOUT_KILL = 137;
    private static final int TIMEOUT_FAILED = 125;
    private static final int CANNOT_EXECUTE = 126;
    private static final int NOT_FOUND = 127;

    private static final Logger LOG = LoggerFactory.getLogger(SshCommandRunner.class);

    private final SshHost host;
    private final SshClient client;
    private final ClientSession session;
    private final AtomicInteger channels = new AtomicInteger();
    private volatile Optional<OperatorSession> operatorSession;

    private SshCommandRunner(SshHost host, SshClient client, ClientSession session) {
        this.host = host;
        this.client = client;
        this.session = session;
    }

    /**
     * Starts a builder for a connection to this host.
     *
     * @param host the login: user, host and port
     * @return a builder that reads {@code ~/.ssh/known_hosts} and has no credential yet
     */
    public static Builder to(SshHost host) {
        return new Builder(Objects.requireNonNull(host, "host"));
    }

    /**
     * Starts a builder for a connection to this host.
     *
     * @param login {@code user@host[:port]}
     * @return a builder that reads {@code ~/.ssh/known_hosts} and has no credential yet
     */
    public static Builder to(String login) {
        return to(SshHost.parse(login));
    }

    @Override
    public CommandResult execute(Command command) {
        if (!command.environment().isEmpty()) {
            throw new CommandRunnerException("the SSH runner cannot pass environment variables " + command.environment().keySet()
                    + " to " + command.program() + " on " + target() + ": over SSH they would be visible in the remote"
                    + " process list or dropped by sshd's AcceptEnv", null);
        }
        if (!session.isOpen()) {
            throw new CommandRunnerException("the SSH connection to " + host + " is closed", null);
        }
        String line = remoteCommandLine(command);
        CappedOutput out = new CappedOutput();
        CappedOutput err = new CappedOutput();
        long start = System.nanoTime();
        ChannelExec channel;
        try {
            channel = session.createExecChannel(line);
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(CHANNEL_OVERHEAD);
            channels.incrementAndGet();
        } catch (IOException e) {
            throw new CommandRunnerException("could not open an SSH channel to " + host + " for " + command.program() + ": "
                    + e.getMessage(), e);
        }
        boolean gaveUp;
        try {
            try (OutputStream in = channel.getInvertedIn()) {
                // Written and closed at once: the program reads its input, then end of file.
                command.stdin().ifPresent(bytes -> write(in, bytes));
            } catch (IOException | RuntimeException e) {
                // The program may exit without reading its input; its exit code tells what happened.
                LOG.debug("standard input of {} on {} not fully sent: {}", command.program(), host, e.toString());
            }
            Duration backstop = command.timeout().plus(KILL_AFTER).plus(CHANNEL_OVERHEAD);
            Set<ClientChannelEvent> events = waitUntilClosed(channel, out, err, backstop);
            gaveUp = !events.contains(ClientChannelEvent.CLOSED);
        } finally {
            channel.close(true);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Integer status = channel.getExitStatus();
        int exit = status != null ? status : signalExit(channel.getExitSignal());
        String stderr = err.text();
        if ((exit == CANNOT_EXECUTE || exit == NOT_FOUND || exit == TIMEOUT_FAILED)
                && stderr.startsWith("timeout: failed to run command")) {
            throw new CommandRunnerException("could not start " + command.program() + " on " + target() + ": "
                    + CommandResult.excerpt(stderr.strip(), 500), null);
        }
        boolean timedOut = gaveUp || ((exit == TIMEOUT_TERM || exit == TIMEOUT_KILL) && took.compareTo(command.timeout()) >= 0);
        CommandResult result = new CommandResult(command, exit, out.text(), stderr, took, timedOut);
        if (out.exceeded() || err.exceeded()) {
            result = result.killedForOutputOver(OUTPUT_LIMIT);
        }
        LOG.debug("{} on {} -> exit {} in {} ms", command.render(), host, exit, took.toMillis());
        return result;
    }

    /**
     * The exact line sent over SSH for a command: the locale, the remote timeout, then the argv,
     * every word quoted for POSIX sh.
     *
     * @param command the command
     * @return the line the remote login shell runs
     */
    static String remoteCommandLine(Command command) {
        List<String> argv = new ArrayList<>(List.of("env", "LC_ALL=C.UTF-8", "LANG=C.UTF-8", "timeout",
                "--kill-after=" + seconds(KILL_AFTER), seconds(command.timeout())));
        argv.addAll(command.argv());
        // From /, as docker exec does: the login's home may be unreadable after sudo, and tools
        // resolve relative paths against it (coreutils cp -p --parents does, even for absolute sources).
        return "cd / && exec " + PosixShellWords.commandLine(argv);
    }

    private static Set<ClientChannelEvent> waitUntilClosed(ChannelExec channel, CappedOutput out, CappedOutput err,
            Duration backstop) {
        long deadline = System.nanoTime() + backstop.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Set.of(ClientChannelEvent.TIMEOUT);
            }
            // Woken every second to notice output beyond the limit: the channel is closed then,
            // and the remote program dies of a broken pipe at its next write.
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                    Math.min(Duration.ofNanos(left).toMillis() + 1, 1000));
            if (events.contains(ClientChannelEvent.CLOSED) || out.exceeded() || err.exceeded()) {
                return events.contains(ClientChannelEvent.CLOSED) ? events : Set.of(ClientChannelEvent.CLOSED);
            }
        }
    }

    private static void write(OutputStream in, byte[] bytes) {
        try {
            in.write(bytes);
            in.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A process killed by a signal, as a shell reports it: 128 plus the signal's number. */
    private static int signalExit(String signal) {
        if (signal == null) {
            return -1;
        }
        return switch (signal) {
            case "HUP" -> 129;
            case "INT" -> 130;
            case "KILL" -> 137;
            case "PIPE" -> 141;
            case "TERM" -> 143;
            default -> -1;
        };
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3fs", d.toMillis() / 1000.0);
    }

    /**
     * This runner for privileged commands: itself when it logged in as root, otherwise wrapped in
     * core's {@code sudo -n} interceptor, which fails with a clear error rather than prompt when
     * sudo wants a password.
     *
     * @return the runner to hand to a provisioner
     */
    public CommandRunner privileged() {
        return host.user().equals("root") ? this : InterceptingCommandRunner.wrap(this, CommandInterceptor.sudo());
    }

    /** @return the login this runner is connected to */
    public SshHost host() {
        return host;
    }

    /** @return how many exec channels this runner has opened on its one connection: one per command */
    public int channelsOpened() {
        return channels.get();
    }

    /** @return whether the connection is still open */
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public String target() {
        return "ssh " + host;
    }

    @Override
    public boolean isLocal() {
        return false;
    }

    /**
     * The session this runner's own connection makes, as the remote sshd sees it: the client
     * address (after any NAT) and the server port. Read once from {@code SSH_CONNECTION} on the
     * host, with one command.
     *
     * @return the session, or empty when the host does not say
     */
    @Override
    public Optional<OperatorSession> operatorSession() {
        Optional<OperatorSession> known = operatorSession;
        if (known == null) {
            CommandResult r = execute(Command.builder("printenv").arg("SSH_CONNECTION").successExitCodes(0, 1)
                    .timeout(Duration.ofSeconds(30)).build());
            known = r.exitCode() == 0 ? OperatorSession.fromSshConnection(r.stdout().strip()) : Optional.empty();
            operatorSession = known;
        }
        return known;
    }

    /** Closes the connection and the client's threads. */
    @Override
    public void close() {
        try {
            session.close(false).await(Duration.ofSeconds(5));
        } catch (IOException e) {
            LOG.debug("closing the SSH session to {}: {}", host, e.toString());
        } finally {
            client.stop();
        }
    }

    @Override
    public String toString() {
        return "SshCommandRunner[" + host + "]";
    }

    /** Configures and opens a connection. */
    public static final class Builder {
        private final SshHost host;
        private Path knownHosts = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        private String trustedFingerprint;
        private final List<Path> identityFiles = new ArrayList<>();
        private final List<KeyPair> keyPairs = new ArrayList<>();
        private SecretRef password;
        private SecretRef identityPassphrase;
        private Path agentSocket;
        private Duration connectTimeout = Duration.ofSeconds(30);

        private Builder(SshHost host) {
            this.host = host;
        }

        /**
         * Reads host keys from this file instead of {@code ~/.ssh/known_hosts}.
         *
         * @param file an OpenSSH known_hosts file (hashed or plain entries); missing means empty
         * @return this builder
         */
        public Builder knownHosts(Path file) {
            this.knownHosts = Objects.requireNonNull(file, "knownHosts");
            return this;
        }

        /**
         * Accepts the host key with exactly this fingerprint even though known_hosts does not record
         * it: the explicit trust of a user who checked the key another way.
         *
         * @param fingerprint as {@code ssh-keygen -l} prints it, {@code SHA256:} followed by base64
         * @return this builder
         */
        public Builder trustHostKey(String fingerprint) {
            if (fingerprint == null || !fingerprint.matches("SHA256:[A-Za-z0-9+/]{43}=?")) {
                throw new IllegalArgumentException("trustHostKey: must be a SHA256: fingerprint as ssh-keygen -l prints it");
            }
            this.trustedFingerprint = fingerprint.endsWith("=") ? fingerprint.substring(0, fingerprint.length() - 1)
                    : fingerprint;
            return this;
        }

        /**
         * Authenticates with the private key in this file (OpenSSH or PEM format).
         *
         * @param privateKey the key file, such as {@code ~/.ssh/id_ed25519}
         * @return this builder
         */
        public Builder identity(Path privateKey) {
            identityFiles.add(Objects.requireNonNull(privateKey, "identity"));
            return this;
        }

        /**
         * The passphrase that decrypts the identity files.
         *
         * @param passphrase where the passphrase lives; read at connect time
         * @return this builder
         */
        public Builder identityPassphrase(SecretRef passphrase) {
            this.identityPassphrase = Objects.requireNonNull(passphrase, "identityPassphrase");
            return this;
        }

        /**
         * Authenticates with a key pair held in memory.
         *
         * @param keyPair the key pair
         * @return this builder
         */
        public Builder identity(KeyPair keyPair) {
            keyPairs.add(Objects.requireNonNull(keyPair, "identity"));
            return this;
        }

        /**
         * Authenticates with the keys an SSH agent holds, tried before any key file: the agent
         * signs the login, the private keys never reach this process. OpenSSH's {@code ssh-agent}
         * names its socket in {@code SSH_AUTH_SOCK}; see {@link #agentFromEnvironment()}.
         *
         * @param socket the agent's unix-domain socket
         * @return this builder
         */
        public Builder agent(Path socket) {
            this.agentSocket = Objects.requireNonNull(socket, "agent");
            return this;
        }

        /**
         * Authenticates with the SSH agent that {@code SSH_AUTH_SOCK} names, when it names one; does
         * nothing otherwise.
         *
         * @return this builder
         */
        public Builder agentFromEnvironment() {
            String socket = System.getenv("SSH_AUTH_SOCK");
            return socket == null || socket.isBlank() ? this : agent(Path.of(socket));
        }

        /**
         * Authenticates with a password, tried after any key.
         *
         * @param secret where the password lives; resolved at connect time, never shown
         * @return this builder
         */
        public Builder password(SecretRef secret) {
            this.password = Objects.requireNonNull(secret, "password");
            return this;
        }

        /**
         * Sets how long connecting and logging in may take together (default 30 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout: must be positive: " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Connects, checks the host key and logs in.
         *
         * @return the connected runner; close it when done
         * @throws HostKeyRefusedException when known_hosts does not vouch for the host's key
         * @throws CommandRunnerException when the host cannot be reached or refuses every credential
         */
        public SshCommandRunner connect() {
            KnownHostsVerifier verifier = new KnownHostsVerifier(host, knownHosts, Optional.ofNullable(trustedFingerprint));
            int agentKeys = agentSocket == null ? 0 : agentKeys();
            SshClient client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier(verifier);
            if (agentSocket != null) {
                client.setAgentFactory(new UnixSocketAgent.Factory(agentSocket));
            }
            // Only what the caller configured: no ~/.ssh/config, no default identities.
            client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
            client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            // A provisioning run may pause between commands; the connection must not idle out.
            CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
            CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofSeconds(30));
            client.start();
            ClientSession session = null;
            try {
                session = client.connect(host.user(), host.hostname(), host.port()).verify(connectTimeout).getSession();
                for (KeyPair kp : keyPairs) {
                    session.addPublicKeyIdentity(kp);
                }
                for (Path file : identityFiles) {
                    for (KeyPair kp : loadIdentity(session, file)) {
                        session.addPublicKeyIdentity(kp);
                    }
                }
                if (password != null) {
                    session.addPasswordIdentity(password.resolve().reveal());
                }
                session.auth().verify(connectTimeout);
                return new SshCommandRunner(host, client, session);
            } catch (IOException | RuntimeException e) {
                closeQuietly(session);
                client.stop();
                Optional<HostKeyRefusedException> refused = verifier.refusal();
                if (refused.isPresent()) {
                    throw refused.get();
                }
                if (e instanceof CommandRunnerException cre) {
                    throw cre;
                }
                throw new CommandRunnerException("could not log in to " + host + ": " + e.getMessage() + agentNote(agentKeys), e);
            }
        }

        private int agentKeys() {
            try {
                return UnixSocketAgent.countKeys(agentSocket);
            } catch (IOException e) {
                throw new CommandRunnerException("agent: " + e.getMessage() + " (is SSH_AUTH_SOCK stale?)", e);
            }
        }

        private String agentNote(int agentKeys) {
            if (agentSocket == null) {
                return "";
            }
            return agentKeys == 0 ? "; the SSH agent at " + agentSocket + " holds no key (add one with ssh-add)"
                    : "; " + host.user() + "@" + host.hostname() + " accepted none of the " + agentKeys
                            + " key(s) the SSH agent at " + agentSocket + " holds";
        }

        private Iterable<KeyPair> loadIdentity(ClientSession session, Path file) {
            if (!Files.isRegularFile(file)) {
                throw new CommandRunnerException("identity: no private key file at " + file, null);
            }
            FilePasswordProvider passphrase = identityPassphrase == null ? FilePasswordProvider.EMPTY
                    : FilePasswordProvider.of(identityPassphrase.resolve().reveal());
            try (InputStream in = Files.newInputStream(file)) {
                Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(session, NamedResource.ofName(file.toString()),
                        in, passphrase);
                if (keys == null || !keys.iterator().hasNext()) {
                    throw new CommandRunnerException("identity: " + file + " holds no private key", null);
                }
                return keys;
            } catch (IOException | GeneralSecurityException e) {
                throw new CommandRunnerException("identity: could not read the private key " + file + ": " + e.getMessage(), e);
            }
        }

        private static void closeQuietly(ClientSession session) {
            if (session != null) {
                session.close(true);
            }
        }
    }

    /**
     * Keeps the first {@link #OUTPUT_LIMIT} bytes written and notes that more came. Written by
     * MINA's I/O threads, read after the channel closed.
     */
    private static final class CappedOutput extends OutputStream {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private boolean exceeded;

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            int room = (int) Math.min(length, OUTPUT_LIMIT - kept.size());
            kept.write(bytes, offset, room);
            exceeded |= room < length;
        }

        synchronized boolean exceeded() {
            return exceeded;
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
