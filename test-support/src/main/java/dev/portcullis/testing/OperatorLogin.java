package dev.portcullis.testing;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.OperatorSession;
import java.util.Objects;
import java.util.Optional;

/**
 * A runner that reaches a test host as an operator logged in over SSH would: every command goes to
 * the host's own runner, and {@link #operatorSession()} reports the operator's address and the
 * host's port the session arrives on, as {@code SSH_CONNECTION} or a remote runner would.
 */
public final class OperatorLogin implements CommandRunner {

    private final CommandRunner host;
    private final OperatorSession session;

    /**
     * @param host runs the commands (a test host's runner)
     * @param clientAddress the operator's address, for example a test client's
     * @param serverPort the host's port the session arrives on
     */
    public OperatorLogin(CommandRunner host, String clientAddress, int serverPort) {
        this.host = Objects.requireNonNull(host, "host");
        this.session = new OperatorSession(clientAddress, serverPort);
    }

    @Override
    public CommandResult execute(Command command) {
        return host.execute(command);
    }

    @Override
    public String target() {
        return host.target() + " as the operator from " + session.clientAddress();
    }

    @Override
    public Optional<OperatorSession> operatorSession() {
        return Optional.of(session);
    }
}
