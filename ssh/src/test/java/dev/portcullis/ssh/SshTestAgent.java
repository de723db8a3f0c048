package dev.portcullis.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH's own {@code ssh-agent}, started on this machine for one test on a socket in a folder of
 * the test's choosing, and filled with {@code ssh-add}: the real agent the SSH runner must speak to.
 */
public final class SshTestAgent implements AutoCloseable {

    private final Process process;
    private final Path socket;
    private final Path folder;

    private SshTestAgent(Process process, Path socket, Path folder) {
        this.process = process;
        this.socket = socket;
        this.folder = folder;
    }

    /**
     * Starts an empty agent.
     *
     * @param folder where its socket lives (a short path: unix sockets allow about 100 characters)
     * @return the running agent; close it to stop it
     */
    public static SshTestAgent start(Path folder) {
        Path socket = folder.resolve("agent.sock");
        try {
            Files.deleteIfExists(socket);
            Process process = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true).redirectOutput(folder.resolve("agent.log").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.exists(socket)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("ssh-agent did not start: " + Files.readString(folder.resolve("agent.log")));
                }
                Thread.sleep(20);
            }
            return new SshTestAgent(process, socket, folder);
        } catch (IOException e) {
            throw new IllegalStateException("could not start ssh-agent (openssh-client installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Adds a private key with {@code ssh-add} (from a private copy: ssh-add refuses readable keys).
     *
     * @param identity an unencrypted private key file
     * @return this agent
     */
    public SshTestAgent add(Path identity) {
        try {
            Path copy = Files.copy(identity, folder.resolve("agent-key-" + System.nanoTime()), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
            ProcessBuilder add = new ProcessBuilder("ssh-add", copy.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process p = add.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("ssh-add " + identity + " failed: " + out);
            }
            return this;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the agent's socket, what SSH_AUTH_SOCK would name */
    public Path socket() {
        return socket;
    }

    /** Stops the agent. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
