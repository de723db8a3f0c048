package dev.portcullis.ssh;

import dev.portcullis.exec.CommandRunnerException;

/**
 * The remote host offered a host key that known_hosts does not vouch for: unknown, or different
 * from the one recorded (which may be an attack). Nothing was run and no credential was sent. The
 * message names the key's type and SHA-256 fingerprint, to compare with what the host's
 * administrator sees ({@code ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub}).
 */
public final class HostKeyRefusedException extends CommandRunnerException {

    private static final long serialVersionUID = 1L;

    private final String fingerprint;
    private final boolean changed;

    HostKeyRefusedException(String message, String fingerprint, boolean changed, Throwable cause) {
        super(message, cause);
        this.fingerprint = fingerprint;
        this.changed = changed;
    }

    /** @return the offered key's fingerprint, {@code SHA256:...}, as {@code ssh-keygen -l} prints it */
    public String fingerprint() {
        return fingerprint;
    }

    /** @return whether known_hosts records a different key of the same type for this host (not merely none) */
    public boolean changed() {
        return changed;
    }
}
