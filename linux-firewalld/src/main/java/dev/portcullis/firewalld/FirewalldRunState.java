package dev.portcullis.firewalld;

import dev.portcullis.exec.CommandResult;

/**
 * Whether the firewalld daemon runs, read the one way from {@code firewall-cmd --state}: exit 0
 * and "running", or exit 252 and "not running" (then the permanent configuration can still be
 * changed with {@code firewall-offline-cmd}).
 */
public enum FirewalldRunState {
    /** The daemon runs: runtime and permanent configurations both exist. */
    RUNNING,
    /** The daemon does not run: only the permanent configuration exists. */
    NOT_RUNNING;

    /** Exit code of {@code firewall-cmd --state} when firewalld does not run. */
    static final int NOT_RUNNING_EXIT = 252;

    /**
     * @param state what {@link FirewallCmd#state()} returned
     * @return the state it says
     */
    public static FirewalldRunState of(CommandResult state) {
        return state.exitCode() == 0 ? RUNNING : NOT_RUNNING;
    }

    /** @return "running" or "not running", as firewall-cmd says it */
    @Override
    public String toString() {
        return this == RUNNING ? "running" : "not running";
    }
}
