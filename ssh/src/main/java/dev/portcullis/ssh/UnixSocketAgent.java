package dev.portcullis.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * A client of an SSH agent (OpenSSH's {@code ssh-agent}, or any that speaks its protocol) on a
 * unix-domain socket, as {@code SSH_AUTH_SOCK} names it. MINA SSHD encodes and decodes the agent
 * protocol ({@link AbstractAgentProxy}); this class only carries its messages over the socket.
 *
 * <p>Why not MINA's own {@code org.apache.sshd.agent.unix.UnixAgentFactory}: it reaches the socket
 * through Tomcat's native APR library (tomcat-jni plus libtcnative), a native dependency for what
 * Java 16+ does itself with {@link UnixDomainSocketAddress}. The private keys never leave the agent:
 * it only signs the login's challenge.
 */
final class UnixSocketAgent extends AbstractAgentProxy {

    /** An agent answer larger than this is refused: OpenSSH's own agent caps messages at 256 KiB. */
    private static final int MAX_MESSAGE = 256 * 1024;

    private final Path socket;
    private final SocketChannel channel;

    private UnixSocketAgent(Path socket, SocketChannel channel) {
        super(null);
        this.socket = socket;
        this.channel = channel;
    }

    /**
     * Connects to the agent.
     *
     * @param socket the agent's unix-domain socket
     * @return the connected client; close it when done
     * @throws IOException when nothing listens there
     */
    static UnixSocketAgent connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("no SSH agent answers at " + socket + ": " + e.getMessage(), e);
        }
        return new UnixSocketAgent(socket, channel);
    }

    /**
     * @param socket the agent's unix-domain socket
     * @return how many keys the agent offers
     * @throws IOException when the agent cannot be reached or answers nonsense
     */
    static int countKeys(Path socket) throws IOException {
        try (UnixSocketAgent agent = connect(socket)) {
            int n = 0;
            for (Object ignored : agent.getIdentities()) {
                n++;
            }
            return n;
        }
    }

    @Override
    protected synchronized Buffer request(Buffer buffer) throws IOException {
        prepare(buffer);
        ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
        while (out.hasRemaining()) {
            channel.write(out);
        }
        ByteBuffer length = readFully(ByteBuffer.allocate(4));
        int size = length.getInt(0);
        if (size <= 0 || size > MAX_MESSAGE) {
            throw new IOException("the SSH agent at " + socket + " sent a message of " + Integer.toUnsignedString(size)
                    + " bytes");
        }
        return new ByteArrayBuffer(readFully(ByteBuffer.allocate(size)).array());
    }

    private ByteBuffer readFully(ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                throw new EOFException("the SSH agent at " + socket + " closed the connection");
            }
        }
        return into;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return "SSH agent at " + socket;
    }

    /**
     * Gives MINA's public-key authentication a fresh connection to the agent for each login. No
     * agent forwarding: the remote host never gets to use the agent.
     */
    static final class Factory implements SshAgentFactory {
        private final Path socket;

        /** @param socket the agent's unix-domain socket */
        Factory(Path socket) {
            this.socket = Objects.requireNonNull(socket, "socket");
        }

        @Override
        public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
            return List.of();
        }

        @Override
        public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
            return connect(socket);
        }

        @Override
        public SshAgentServer createServer(ConnectionService service) {
            throw new UnsupportedOperationException("agent forwarding is not offered");
        }
    }
}
