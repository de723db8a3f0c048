package dev.portcullis.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of the {@code portcullis} command line. Scripts may rely on them: they are part of
 * the command line's contract and never change meaning.
 */
public enum ExitCode {

    /** Planned; applied; already converged; removed; preflight passed. */
    OK(0, "ok: planned, applied, converged, removed or preflight passed"),
    /** A step failed and every change was undone: the host is as it was before. */
    FAILED_ROLLED_BACK(1, "a step failed (or was cancelled); every change was undone"),
    /** The spec file is missing, unreadable, malformed or invalid (every problem is listed). */
    INVALID_SPEC(2, "the spec file is missing, malformed or invalid"),
    /** verify found differences between the spec and the host. */
    DRIFT(3, "verify found drift: the host differs from the spec"),
    /** No installed backend applies to the host, or the one named with --backend is missing or cannot work there. */
    NO_BACKEND(4, "no backend applies to this host (or --backend names one that is missing)"),
    /** A step failed and undoing an earlier step failed too: the host needs attention. */
    ROLLBACK_INCOMPLETE(5, "a step failed and the rollback is incomplete: the host needs attention"),
    /** preflight found a problem that would make apply fail. */
    PREFLIGHT_FAILED(6, "preflight found a blocking problem"),
    /**
     * {@code confirm} found no pending revert, or came after a deadline: the change it meant to keep has
     * been (or is being) reverted on the host.
     */
    NOT_CONFIRMED(7, "confirm kept nothing: none was pending, or too late (reverted)"),
    /**
     * An earlier apply on this host was interrupted (killed, power cut) and could not be undone by
     * itself from the journal on the host; nothing new was planned. The message says what was
     * interrupted and what to do.
     */
    INTERRUPTED_APPLY_FOUND(9, "an interrupted earlier apply could not be undone by itself"),
    /** The command line itself is wrong (unknown option, missing --spec). */
    USAGE(64, "the command line is wrong (unknown option, missing argument)"),
    /**
     * Something unexpected: a command could not be started, a bug. An offline plan that failed on one
     * assumed host (a bug) exits with it too, after printing the plans of the others.
     */
    INTERNAL_ERROR(70, "unexpected error (a command could not be started, or a bug)"),
    /**
     * Another Portcullis run holds the host's lock: nothing was changed; try again later (the
     * message names the holder: machine, pid, start time, command). 75 is EX_TEMPFAIL.
     */
    HOST_LOCKED(75, "another run holds the host's lock: nothing changed, try again later"),
    /**
     * SIGINT (Ctrl-C) or SIGTERM during apply or remove: the running step finished, then every step
     * that ran was undone (5 instead when an undo failed).
     */
    CANCELLED(130, "stopped by SIGINT/SIGTERM: the running step finished, all steps undone");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** @return the process exit code */
    public int code() {
        return code;
    }

    /** @return what it means, in words */
    public String meaning() {
        return meaning;
    }

    /** @return every code with its meaning, in the form picocli's help shows */
    public static Map<String, String> helpList() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            m.put(String.valueOf(c.code), c.meaning);
        }
        return m;
    }
}
