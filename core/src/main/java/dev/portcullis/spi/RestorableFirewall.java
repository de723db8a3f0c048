package dev.portcullis.spi;

/**
 * A firewall backend whose whole state can be saved on the host and restored there later by
 * plain commands, without this JVM: what confirm-or-revert ({@code ApplyOptions.confirmWithin})
 * needs. The restore works from the saved state alone (an {@code iptables-save} dump, a copy of the
 * firewall's configuration files), never from the steps of a plan, so it stays right whatever the
 * steps do.
 */
public interface RestorableFirewall {

    /**
     * Reads the host's firewall state now and says how to bring it back.
     *
     * @param folder an empty folder on the host, readable only by root, where the saved state goes
     * @param context runner, facts, options
     * @return the commands that save the state into the folder (run at once, in order) and the argv
     *     lists that restore it from there (run later, on the host, by a detached process)
     */
    RestorePoint restorePoint(String folder, BackendContext context);
}
