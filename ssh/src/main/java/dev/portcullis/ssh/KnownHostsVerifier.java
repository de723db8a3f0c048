package dev.portcullis.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Accepts a host key only when known_hosts records it for this host and port, or when its
 * fingerprint is the one the user explicitly trusts. A refusal is remembered with the offered
 * key's fingerprint, so the runner can say which key it refused and why.
 */
final class KnownHostsVerifier implements ServerKeyVerifier {

    private final SshHost host;
    private final Path knownHosts;
    private final Optional<String> trustedFingerprint;
    private final AtomicReference<HostKeyRefusedException> refusal = new AtomicReference<>();

    KnownHostsVerifier(SshHost host, Path knownHosts, Optional<String> trustedFingerprint) {
        this.host = host;
        this.knownHosts = knownHosts;
        this.trustedFingerprint = trustedFingerprint;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        String fingerprint = KeyUtils.getFingerPrint(serverKey);
        if (trustedFingerprint.isPresent() && trustedFingerprint.get().equals(fingerprint)) {
            return true;
        }
        String type = KeyUtils.getKeyType(serverKey);
        boolean changed = false;
        for (KnownHostEntry entry : entries()) {
            if (!entry.isHostMatch(host.hostname(), host.port()) || entry.getMarker() != null) {
                continue;
            }
            PublicKey recorded = resolve(entry);
            if (recorded == null) {
                continue;
            }
            if (KeyUtils.compareKeys(recorded, serverKey)) {
                return true;
            }
            changed |= KeyUtils.getKeyType(recorded).equals(type);
        }
        String where = "[" + host.hostname() + "]:" + host.port();
        String offered = type + " " + fingerprint;
        String message = changed
                ? "host key of " + where + " CHANGED: " + knownHosts + " records a different " + type + " key, the host"
                        + " offered " + offered + ". This may be an attack; refused. If the host was reinstalled, remove"
                        + " its old line (ssh-keygen -R '" + where + "' -f " + knownHosts + ") after checking the new key"
                : "host key of " + where + " is not in " + knownHosts + ": the host offered " + offered + ". Refused;"
                        + " compare it with ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host, then add it to"
                        + " known_hosts or trust this fingerprint explicitly";
        refusal.compareAndSet(null, new HostKeyRefusedException(message, fingerprint, changed, null));
        return false;
    }

    /** @return the refusal of the last handshake, if a key was refused */
    Optional<HostKeyRefusedException> refusal() {
        return Optional.ofNullable(refusal.get());
    }

    private List<KnownHostEntry> entries() {
        try {
            return Files.isRegularFile(knownHosts) ? KnownHostEntry.readKnownHostEntries(knownHosts) : List.of();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new dev.portcullis.exec.CommandRunnerException("could not read known_hosts " + knownHosts + ": "
                    + e.getMessage(), e);
        }
    }

    private static PublicKey resolve(KnownHostEntry entry) {
        try {
            return entry.getKeyEntry() == null ? null : entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
        } catch (IOException | GeneralSecurityException e) {
            return null; // a key type this client cannot read: it vouches for nothing
        }
    }
}
