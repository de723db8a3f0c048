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

    /**
     * Copies the options; runner and facts must be given.
     *
     * @param runner how the backend reaches the host
     * @param facts what is known of the host
     * @param options backend options, keys prefixed with the backend's name
     */
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
