package dev.portcullis.examples.cli;

import java.nio.file.Path;

/**
 * A spec file could not be read at all (missing, unreadable, an extension other than .yaml, .yml or
 * .json). Exit code {@link ExitCode#INVALID_SPEC}, like a spec that was read and refused.
 */
public final class UnreadableSpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file the spec file that could not be read
     * @param cause why it could not be read
     */
    public UnreadableSpecException(Path file, Exception cause) {
        super("cannot read spec " + file + ": " + describe(cause), cause);
    }

    private static String describe(Exception e) {
        Throwable root = e.getCause() != null ? e.getCause() : e; // the IOException inside an UncheckedIOException
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }
}
