package dev.portcullis.examples.cli;

import java.nio.file.Path;

/** A spec file could not be read at all (missing, unreadable). Exit code {@link ExitCode#INVALID_SPEC}. */
public final class SpecFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file the file
     * @param cause why it could not be read
     */
    public SpecFileException(Path file, Exception cause) {
        super("cannot read spec " + file + ": " + describe(cause), cause);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }
}
