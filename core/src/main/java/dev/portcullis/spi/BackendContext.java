package dev.portcullis.spi;

import dev.portcullis.exec.CommandRunner;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backend works with: the runner that reaches the host, the host's facts, and options the
 * caller set for backends (for example {@code iptables.persist=true}).
 *
 * @param runner reaches the host
 * @param facts what is known about the host
 * @param options backend options, keys prefixed with the backend's name
 */
public record BackendContext(CommandRunner runner, HostFacts facts, Map<String, String> options) {

    /** @param runner r @param facts f @param options o */
    public BackendContext {
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(facts, "facts");
        options = Map.copyOf(options);
    }

    /**
     * @param key option key
     * @return its value, if set
     */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /**
     * @param key option key
     * @return whether it is set to "true"
     */
    public boolean flag(String key) {
        return "true".equalsIgnoreCase(options.get(key));
    }
}
