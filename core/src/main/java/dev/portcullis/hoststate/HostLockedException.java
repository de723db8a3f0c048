package dev.portcullis.hoststate;

import java.util.Optional;

/**
 * Another run holds the host's lock: this one changed nothing. The message names the holder
 * (machine, pid, start time, command) and what to do.
 */
public final class HostLockedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient LockHolder holder;

    /**
     * @param message names the host, the lock and the holder, and what to do
     * @param holder the holder, when the lock names one
     */
    HostLockedException(String message, LockHolder holder) {
        super(message);
        this.holder = holder;
    }

    /** @return who holds the lock, when the lock names it */
    public Optional<LockHolder> holder() {
        return Optional.ofNullable(holder);
    }
}
