package dev.portcullis.spi;

/**
 * No installed backend can work on the host (or the one asked for is missing or cannot). The
 * message lists every installed backend and why it does not apply.
 */
public class NoBackendException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param message which backends are installed and why none applies */
    public NoBackendException(String message) {
        super(message);
    }
}
