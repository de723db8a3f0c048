package dev.portcullis.firewalld;

/**
 * firewalld refused part of a change or a read made through {@link FirewalldClient}: the message
 * names every refused item and firewalld's reason ({@code addRichRule 'rule ...': INVALID_LIMIT:
 * 1/d too slow}), never the client program's text.
 */
public final class FirewalldRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was refused and why */
    public FirewalldRefusedException(String message) {
        super(message);
    }
}
