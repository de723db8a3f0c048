package dev.portcullis.plan;

import java.time.Instant;
import java.util.Objects;

/**
 * A revert armed on a host by an apply with a confirmation window: unless disarmed by
 * {@code Provisioner.confirm()} before its deadline, the host restores its firewall as it was
 * before that apply.
 *
 * @param id the revert's name on the host, also its folder's name under {@link RevertTimer#ROOT}
 * @param policy the name of the policy whose apply armed it
 * @param deadline when the host restores the saved state (by the clock of the JVM that armed it)
 * @param mechanism what on the host waits for the deadline
 */
public record PendingRevert(String id, String policy, Instant deadline, Mechanism mechanism) {

    /** What waits on the host for the deadline; both outlive the JVM, the SSH session and the network. */
    public enum Mechanism {
        /** A transient systemd timer ({@code systemd-run --on-active}), where systemd runs. */
        SYSTEMD_TIMER,
        /** A detached {@code find -exec sleep ... -exec restore ...} chain started by {@code start-stop-daemon --background}. */
        DETACHED_PROCESS
    }

    /** Checks the fields. */
    public PendingRevert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(mechanism, "mechanism");
        if (!id.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("id: only a-z, 0-9 and '-', was " + id);
        }
    }

    /** @return the folder on the host that holds the saved state */
    public String folder() {
        return RevertTimer.ROOT + "/" + id;
    }

    @Override
    public String toString() {
        return "revert " + id + " of policy " + policy + " at " + deadline + " (" + mechanism + ")";
    }
}
