package dev.portcullis.plan;

import java.util.Objects;

/**
 * What a probe found when it read the live system back.
 *
 * @param ok whether the live system is as the step intended
 * @param message what was found, in words
 */
public record ProbeResult(boolean ok, String message) {

    /** @param ok whether fine  @param message what was found */
    public ProbeResult {
        Objects.requireNonNull(message, "message");
    }

    /**
     * @param message what was found
     * @return a passing result
     */
    public static ProbeResult ok(String message) {
        return new ProbeResult(true, message);
    }

    /**
     * @param message what is wrong
     * @return a failing result
     */
    public static ProbeResult failed(String message) {
        return new ProbeResult(false, message);
    }
}
