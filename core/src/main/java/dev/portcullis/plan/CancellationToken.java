package dev.portcullis.plan;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets another thread (an installer's Cancel button) stop an apply between steps. The step that is
 * running finishes; then the completed steps are undone.
 */
public final class CancellationToken {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Asks the apply to stop at the next step boundary. */
    public void cancel() {
        cancelled.set(true);
    }

    /** @return whether cancellation was asked for */
    public boolean isCancelled() {
        return cancelled.get();
    }
}
