package dev.portcullis.spi;

import dev.portcullis.PortPolicy;

/**
 * A firewall backend whose whole state can be saved on the host and restored there later by
 * plain commands, without this JVM: what confirm-or-revert ({@code ApplyOptions.confirmWithin})
 * needs. The restore works from the saved state (an {@code iptables-save} dump, a copy of the
 * firewall's configuration files), never from the steps of a plan, so it stays right whatever the
 * steps do. The policy about to be applied is given too, for what the apply creates beside the
 * saved state and the restore must take away again by name (iptables' ipsets, which the rules of
 * the restored dump no longer use but the kernel keeps).
 */
public interface RestorableFirewall {

    /**
     * Reads the host's firewall state now and says how to bring it back.
     *
     * @param folder an empty folder on the host, readable only by root, where the saved state goes
     * @param policy the policy whose apply the restore undoes
     * @param context runner, facts, options
     * @return the commands that save the state into the folder (run at once, in order) and the argv
     *     lists that restore it from there (run later, on the host, by a detached process)
     */
    RestorePoint restorePoint(String folder, PortPolicy policy, BackendContext context);
}
