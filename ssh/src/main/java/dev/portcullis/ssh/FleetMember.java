package dev.portcullis.ssh;

import dev.portcullis.exec.CommandRunner;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One host of a {@link Fleet}: a name for reports and a way to reach it. The runner is made only
 * when the fleet starts the host, so a host that is never attempted is never connected to; a
 * runner that is {@link AutoCloseable} is closed when the host is done.
 *
 * @param name how reports name the host (an inventory name or {@code user@host:port})
 * @param connect opens the runner for the host's privileged commands
 */
public record FleetMember(String name, Supplier<CommandRunner> connect) {

    /** Checks the fields. */
    public FleetMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(connect, "connect");
        if (name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("name: must be non-blank text without control characters");
        }
    }

    /**
     * A host reached over SSH, named by its login; non-root users go through {@code sudo -n}.
     *
     * @param login the configured connection
     * @param host the login it connects to, for the name
     * @return the member
     */
    public static FleetMember overSsh(SshHost host, SshCommandRunner.Builder login) {
        Objects.requireNonNull(login, "login");
        return new FleetMember(host.toString(), () -> new Privileged(login.connect()));
    }

    /** The SSH runner's privileged view, closing the connection with it. */
    private record Privileged(SshCommandRunner ssh) implements CommandRunner, AutoCloseable {
        @Override
        public dev.portcullis.exec.CommandResult execute(dev.portcullis.exec.Command command) {
            return ssh.privileged().execute(command);
        }

        @Override
        public String target() {
            return ssh.target();
        }

        @Override
        public java.util.Optional<dev.portcullis.exec.OperatorSession> operatorSession() {
            return ssh.operatorSession();
        }

        @Override
        public void close() {
            ssh.close();
        }
    }
}
