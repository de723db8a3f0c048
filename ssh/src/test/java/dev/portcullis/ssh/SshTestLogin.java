package dev.portcullis.ssh;

import dev.portcullis.exec.Command;
import dev.portcullis.testing.LinuxTestHost;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * Makes a {@link LinuxTestHost} reachable over SSH: starts its sshd (host keys were generated when
 * the image was built), installs a key pair generated here as {@code authorized_keys} of root,
 * {@code deploy} (sudo without password) and {@code ops} (sudo wants a password), and writes a
 * known_hosts file with the host's keys. The files live in a folder of the test's choosing.
 */
public final class SshTestLogin {

    static final List<String> USERS = List.of("root", "deploy", "ops");

    private final LinuxTestHost host;
    private final KeyPair keyPair;
    private final Path identity;
    private final Path knownHosts;

    private SshTestLogin(LinuxTestHost host, KeyPair keyPair, Path identity, Path knownHosts) {
        this.host = host;
        this.keyPair = keyPair;
        this.identity = identity;
        this.knownHosts = knownHosts;
    }

    /**
     * @param host a started test host
     * @param folder where the private key and known_hosts are written
     * @return the login, with sshd listening on port 22
     */
    public static SshTestLogin install(LinuxTestHost host, Path folder) {
        KeyPair keyPair = newKeyPair();
        Path identity = folder.resolve("id_ecdsa");
        Path knownHosts = folder.resolve("known_hosts");
        try (OutputStream out = Files.newOutputStream(identity)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, "portcullis-test", null, out);
            String authorized = PublicKeyEntry.toString(keyPair.getPublic()) + " portcullis-test\n";
            for (String user : USERS) {
                String home = user.equals("root") ? "/root" : "/home/" + user;
                host.run("install", "-d", "-m", "700", "-o", user, "-g", user, home, home + "/.ssh");
                host.runner().run(Command.builder("install").args("-m", "600", "-o", user, "-g", user, "/dev/stdin",
                        home + "/.ssh/authorized_keys").stdin(authorized).build());
            }
            host.run("/usr/sbin/sshd");
            awaitPort(host.address(), 22);
            StringBuilder lines = new StringBuilder();
            for (String type : List.of("ed25519", "ecdsa", "rsa")) {
                String pub = host.run("cat", "/etc/ssh/ssh_host_" + type + "_key.pub").stdout().strip();
                String[] parts = pub.split(" ");
                lines.append(host.address()).append(' ').append(parts[0]).append(' ').append(parts[1]).append('\n');
            }
            Files.writeString(knownHosts, lines.toString(), StandardCharsets.UTF_8);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not set up SSH on " + host, e);
        }
        return new SshTestLogin(host, keyPair, identity, knownHosts);
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a builder for this user, with the generated identity file and the host's known_hosts */
    public SshCommandRunner.Builder as(String user) {
        return SshCommandRunner.to(new SshHost(user, host.address(), 22)).identity(identity).knownHosts(knownHosts);
    }

    KeyPair keyPair() {
        return keyPair;
    }

    /** @return the private key file */
    public Path identity() {
        return identity;
    }

    /** @return the known_hosts file holding the host's keys */
    public Path knownHosts() {
        return knownHosts;
    }

    private static void awaitPort(String address, int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new UncheckedIOException("sshd did not listen on " + address + ":" + port, e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
    }
}
