package dev.portcullis.powershell;

import dev.portcullis.exec.CommandResult;

/**
 * A PowerShell script did not deliver its result: it failed (non-zero exit, with the message the
 * script printed), timed out, or printed no or malformed JSON. Carries the process result.
 */
public class PowerShellException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why no result came back. */
    public enum Reason {
        /** The script exited with a non-zero code. */
        FAILED,
        /** The process was killed for exceeding its timeout. */
        TIMED_OUT,
        /** The script exited successfully but printed no result line. */
        NO_RESULT,
        /** The result line is not valid JSON. */
        MALFORMED_RESULT
    }

    private final Reason reason;
    private final transient CommandResult result;

    /**
     * @param reason why no result came back
     * @param message what happened, in words
     * @param result what the process left behind
     */
    public PowerShellException(Reason reason, String message, CommandResult result) {
        super(message);
        this.reason = reason;
        this.result = result;
    }

    /** @return why no result came back */
    public Reason reason() {
        return reason;
    }

    /** @return what the process left behind */
    public CommandResult result() {
        return result;
    }
}
