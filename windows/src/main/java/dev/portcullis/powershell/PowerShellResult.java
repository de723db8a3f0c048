package dev.portcullis.powershell;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.exec.CommandResult;
import java.util.Objects;

/**
 * What a script handed back: its result table as JSON, and the process result it came from.
 *
 * @param json the {@code $portcullis} result table the script filled (an object, possibly empty)
 * @param process the process result, for reports
 */
public record PowerShellResult(JsonNode json, CommandResult process) {

    /** @param json j @param process p */
    public PowerShellResult {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(process, "process");
    }

    /**
     * @param key a key of the result table
     * @return its value, or a missing node
     */
    public JsonNode get(String key) {
        return json.path(key);
    }
}
