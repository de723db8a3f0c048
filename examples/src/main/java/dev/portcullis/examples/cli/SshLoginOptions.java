package dev.portcullis.examples.cli;

import dev.portcullis.SecretRef;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.ssh.SshCommandRunner;
import dev.portcullis.ssh.SshHost;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * One host over SSH: {@code --host user@host[:port]} with the key, known_hosts, fingerprint or
 * password that log in to it, and the connection they open. Mixed into every command that can
 * work on another machine: the spec commands (through {@link RemoteOptions}, which adds the
 * inventory) and {@code events} and {@code report}, which read that host's mail log.
 */
public final class SshLoginOptions implements AutoCloseable {

    @Option(names = "--host", paramLabel = "USER@HOST[:PORT]",
            description = "work on this host over SSH instead of this machine; users other than root go through sudo -n")
    String host;

    @Option(names = "--identity", paramLabel = "FILE", description = "private key for --host (OpenSSH or PEM format); without it, --host logs in with the SSH agent that SSH_AUTH_SOCK names, if any")
    Path identity;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "known_hosts file that vouches for --host's key (default ~/.ssh/known_hosts)")
    Path knownHosts;

    @Option(names = "--trust-host-key", paramLabel = "SHA256:...",
            description = "accept --host's key with exactly this fingerprint although known_hosts does not record it")
    String trustHostKey;

    @Option(names = "--password", paramLabel = "env:NAME|file:PATH",
            description = "log in to --host with the password this secret reference names (never the password itself)")
    String password;

    private SshCommandRunner connected;

    /** @return whether {@code --host} was given */
    boolean isRemote() {
        return host != null;
    }

    /**
     * @param agent the SSH agent's socket, used when no {@code --identity} is given
     * @return how to reach {@code --host}, not yet connected
     * @throws IllegalArgumentException when {@code --host} is not {@code user@host[:port]} or a
     *     secret reference is malformed
     */
    SshCommandRunner.Builder builder(Optional<Path> agent) {
        SshCommandRunner.Builder b = SshCommandRunner.to(SshHost.parse(host));
        if (identity != null) {
            b.identity(identity);
        } else {
            agent.ifPresent(b::agent);
        }
        Optional.ofNullable(knownHosts).ifPresent(b::knownHosts);
        Optional.ofNullable(trustHostKey).ifPresent(b::trustHostKey);
        Optional.ofNullable(password).map(SecretRef::parse).ifPresent(b::password);
        return b;
    }

    /**
     * Connects to {@code --host} on first use and keeps the connection until {@link #close()}.
     *
     * @param agent the SSH agent's socket, used when no {@code --identity} is given
     * @return a runner on {@code --host} that runs as root ({@code sudo -n} for other users)
     */
    synchronized CommandRunner runner(Optional<Path> agent) {
        if (connected == null) {
            connected = builder(agent).connect();
        }
        return connected.privileged();
    }

    /** Closes the {@code --host} connection, if one was opened. */
    @Override
    public synchronized void close() {
        if (connected != null) {
            connected.close();
            connected = null;
        }
    }
}
