package dev.portcullis.exec;

/** A command exited with a code it does not accept, or timed out. Carries the full result. */
public class CommandFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    /** @param result what the process left behind */
    public CommandFailedException(CommandResult result) {
        super(result.toString());
        this.result = result;
    }

    /** @return what the process left behind */
    public CommandResult result() {
        return result;
    }
}
