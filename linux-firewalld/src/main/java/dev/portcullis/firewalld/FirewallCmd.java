package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds {@code firewall-cmd} and {@code firewall-offline-cmd} argv lists for one configuration:
 * the runtime, the permanent configuration of a running firewalld ({@code --permanent}), or the
 * permanent configuration while firewalld is stopped ({@code firewall-offline-cmd}).
 *
 * <p>firewall-cmd accepts one kind of option per call ({@code --add-port} and
 * {@code --add-rich-rule} are "not allowed with" each other), repeated as often as needed, so a
 * batch is one call per kind of change carrying every value of that kind, never one per rule.
 */
public final class FirewallCmd {

    /** Which configuration a command reads or changes. */
    public enum Config {
        /** What the kernel enforces now ({@code firewall-cmd}). */
        RUNTIME,
        /** What firewalld loads on start and reload ({@code firewall-cmd --permanent}). */
        PERMANENT,
        /** The permanent configuration while firewalld is not running ({@code firewall-offline-cmd}). */
        OFFLINE;

        /** @return "runtime" or "permanent", as in drift reports */
        public String where() {
            return this == RUNTIME ? "runtime" : "permanent";
        }
    }

    /** Reads answer quickly; a batch of a thousand rich rules takes firewalld a while. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    static final Duration BATCH_TIMEOUT = Duration.ofMinutes(15);

    private final Config config;

    private FirewallCmd(Config config) {
        this.config = config;
    }

    /**
     * @param config the configuration to address
     * @return commands for it
     */
    public static FirewallCmd of(Config config) {
        return new FirewallCmd(config);
    }

    /** @return the configuration these commands address */
    public Config config() {
        return config;
    }

    private Command.Builder start(Duration timeout) {
        Command.Builder b = Command.builder(config == Config.OFFLINE ? "firewall-offline-cmd" : "firewall-cmd");
        if (config == Config.PERMANENT) {
            b.arg("--permanent");
        }
        return b.timeout(timeout);
    }

    /**
     * @return {@code firewall-cmd --state}: exit 0 and "running", or 252 and "not running"
     */
    public static Command state() {
        return Command.builder("firewall-cmd").arg("--state").successExitCodes(0, FirewalldRunState.NOT_RUNNING_EXIT)
                .timeout(READ_TIMEOUT).build();
    }

    /** @return the command that prints the default zone */
    public Command defaultZone() {
        return start(READ_TIMEOUT).arg("--get-default-zone").build();
    }

    /**
     * @param zone a zone
     * @return the command that lists everything in the zone
     */
    public Command listAll(String zone) {
        return start(READ_TIMEOUT).arg("--zone=" + zone).arg("--list-all").build();
    }

    /** @return the command that prints every service name on one line */
    public Command services() {
        return start(READ_TIMEOUT).arg("--get-services").build();
    }

    /**
     * One call that changes one kind of zone setting for many values.
     *
     * @param zone the zone
     * @param option e.g. {@code --add-rich-rule}
     * @param values the values, each becoming {@code option=value} in one argv element
     * @return the command
     */
    public Command zoneBatch(String zone, String option, Collection<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an empty batch of " + option);
        }
        Command.Builder b = start(BATCH_TIMEOUT).arg("--zone=" + zone);
        for (String v : values) {
            b.arg(option + "=" + v);
        }
        return b.build();
    }

    /**
     * The commands that define an owned service: create it, then give it its ports (firewall-cmd
     * ignores further options given with {@code --new-service}, so these are two calls).
     *
     * @param service the service
     * @return the commands
     */
    public List<Command> defineService(OwnedService service) {
        requireNotRuntime();
        List<Command> out = new ArrayList<>();
        out.add(start(READ_TIMEOUT).arg("--new-service=" + service.name()).build());
        Command.Builder b = start(READ_TIMEOUT).arg("--service=" + service.name());
        service.portOptions().forEach(p -> b.arg("--add-port=" + p));
        out.add(b.build());
        return out;
    }

    /**
     * @param serviceName an owned service
     * @return the command that deletes it from the permanent configuration
     */
    public Command deleteService(String serviceName) {
        requireNotRuntime();
        return start(READ_TIMEOUT).arg("--delete-service=" + serviceName).build();
    }

    private void requireNotRuntime() {
        if (config == Config.RUNTIME) {
            throw new IllegalStateException("services are defined in the permanent configuration only");
        }
    }
}
