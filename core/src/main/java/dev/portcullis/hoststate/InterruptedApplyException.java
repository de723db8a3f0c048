package dev.portcullis.hoststate;

/**
 * An earlier apply on this host was interrupted and could not be undone by itself: nothing new is
 * planned against its half change. The message says exactly what was interrupted and what to do.
 */
public final class InterruptedApplyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient InterruptedApply interrupted;

    /**
     * @param message what was interrupted, why recovery stopped, and what to do
     * @param interrupted what the journal says
     */
    InterruptedApplyException(String message, InterruptedApply interrupted) {
        super(message);
        this.interrupted = interrupted;
    }

    /** @return what the journal on the host says */
    public InterruptedApply interrupted() {
        return interrupted;
    }
}
