package dev.portcullis.exec;

import java.util.Objects;
import java.util.Optional;

/**
 * The remote login through which an operator reaches the host a runner works on: the address
 * the operator connects from and the host's port that carries the session (for SSH usually
 * 22). Portcullis uses it to refuse a policy that would lock that operator out.
 *
 * <p>A local runner reads it from the {@code SSH_CONNECTION} environment variable that sshd
 * sets ({@code "client_ip client_port server_ip server_port"}); a remote runner knows it from
 * its own connection.
 *
 * @param clientAddress the operator's address as the host sees it, for example {@code 192.0.2.7}
 * @param serverPort the host's TCP port the session arrives on, 1 to 65535
 */
public record OperatorSession(String clientAddress, int serverPort) {

    /** Checks the fields. */
    public OperatorSession {
        Objects.requireNonNull(clientAddress, "clientAddress");
        if (clientAddress.isBlank()) {
            throw new IllegalArgumentException("clientAddress: must not be blank");
        }
        if (serverPort < 1 || serverPort > 65535) {
            throw new IllegalArgumentException("serverPort: must be 1 to 65535, was " + serverPort);
        }
    }

    /**
     * Reads an {@code SSH_CONNECTION} value as sshd sets it.
     *
     * @param sshConnection the variable's value, or {@code null} when it is not set
     * @return the session, or empty when the value is absent or not four fields with a numeric
     *     server port
     */
    public static Optional<OperatorSession> fromSshConnection(String sshConnection) {
        if (sshConnection == null) {
            return Optional.empty();
        }
        String[] fields = sshConnection.trim().split("\\s+");
        if (fields.length != 4) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(fields[3]);
            if (port < 1 || port > 65535 || fields[0].isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new OperatorSession(fields[0], port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
