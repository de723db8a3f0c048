package dev.portcullis.exec;

/** A process could not be started (program missing, permission denied, I/O failure). */
public class CommandRunnerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be done
     * @param cause the underlying failure
     */
    public CommandRunnerException(String message, Throwable cause) {
        super(message, cause);
    }
}
