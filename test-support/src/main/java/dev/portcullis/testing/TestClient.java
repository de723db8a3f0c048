package dev.portcullis.testing;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandFailedException;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.testcontainers.containers.GenericContainer;

/**
 * A second container on a {@link LinuxTestHost}'s network that connects to the host from chosen
 * source addresses, to prove that a firewall allows and denies by source over the wire.
 *
 * <p>A source address inside the test network (see {@link TestNetwork#address(int)}, numbers 100
 * to 254) is added to the client's interface on first use. A source outside it (say
 * {@code 203.0.113.7}, to test a policy written for that range) is added as a single address,
 * and the host gets a route for it back through this client, so the traffic never leaves the
 * test's own containers.
 */
public final class TestClient implements AutoCloseable {

    /** How long the convenience overloads wait for a connection. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private final LinuxTestHost host;
    private final GenericContainer<?> container;
    private final int number;
    private final CommandRunner runner;
    private final Set<String> sources = new HashSet<>();

    TestClient(LinuxTestHost host, GenericContainer<?> container, int number) {
        this.host = host;
        this.container = container;
        this.number = number;
        String label = "container " + LinuxTestHost.shortId(container.getContainerId()) + " (test client " + address() + ")";
        this.runner = ExecAgentCommandRunner.forContainer(container.getContainerId(), label);
    }

    /** @return this client's own IPv4 address on the test network */
    public String address() {
        return host.network().address(number);
    }

    /** @return this client's own IPv6 address on the test network, when the engine allowed IPv6 */
    public Optional<String> ipv6Address() {
        return host.network().ipv6Address(number);
    }

    /** @return runs commands inside this client (swaks, openssl s_client, nc, python3 are installed) */
    public CommandRunner runner() {
        return runner;
    }

    /**
     * Tries a TCP handshake from this client's own address.
     *
     * @param target the IP address to connect to, e.g. {@code host.address()}
     * @param port the TCP port
     * @return whether the handshake completed within {@link #DEFAULT_TIMEOUT}
     */
    public boolean canConnect(String target, int port) {
        return canConnect(address(), target, port, DEFAULT_TIMEOUT);
    }

    /**
     * Tries a TCP handshake from a chosen source address.
     *
     * @param source the source address (IPv4 or IPv6 literal); added to this client when new
     * @param target the IP address to connect to, of the same family
     * @param port the TCP port
     * @param timeout how long to wait for the handshake; a dropped packet costs this long
     * @return whether the handshake completed (false: refused, rejected, unreachable or timed out)
     */
    public boolean canConnect(String source, String target, int port, Duration timeout) {
        return connect(source, target, port, timeout, false).isSuccess();
    }

    /**
     * Connects from a chosen source address and reads the first line the server sends, then says
     * {@code QUIT}.
     *
     * @param source the source address (IPv4 or IPv6 literal); added to this client when new
     * @param target the IP address to connect to, of the same family
     * @param port the TCP port, usually 25
     * @param timeout how long to wait for the connection and for the line
     * @return the greeting, e.g. {@code 220 testhost.portcullis.test ESMTP Postfix (Debian/GNU)}
     * @throws IllegalStateException when no connection or no line arrives, saying why
     */
    public String smtpBanner(String source, String target, int port, Duration timeout) {
        CommandResult result = connect(source, target, port, timeout, true);
        if (!result.isSuccess()) {
            throw new IllegalStateException("No greeting from " + target + ":" + port + " to " + source + ": "
                    + result.stdout().strip() + result.stderr().strip());
        }
        return result.stdout().strip();
    }

    /**
     * Reads the greeting on port 25 from this client's own address.
     *
     * @param target the IP address to connect to
     * @return the greeting line
     */
    public String smtpBanner(String target) {
        return smtpBanner(address(), target, 25, DEFAULT_TIMEOUT);
    }

    private CommandResult connect(String source, String target, int port, Duration timeout, boolean banner) {
        InetAddress src = TestNetwork.literal(source);
        InetAddress dst = TestNetwork.literal(target);
        if ((src instanceof Inet6Address) != (dst instanceof Inet6Address)) {
            throw new IllegalArgumentException("Source " + source + " and target " + target + " differ in IP family");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Port out of range: " + port);
        }
        useSource(source, src instanceof Inet6Address);
        Command.Builder probe = Command.builder("python3").args("-c", Probes.CONNECT, source, target,
                Integer.toString(port), Double.toString(timeout.toMillis() / 1000.0));
        if (banner) {
            probe.arg("banner");
        }
        CommandResult result = runner.execute(probe.successExitCodes(0)
                .timeout(timeout.multipliedBy(2).plusSeconds(10))
                .build());
        if (result.exitCode() > 2 || result.timedOut()) {
            throw new CommandFailedException(result);
        }
        return result;
    }

    private synchronized void useSource(String source, boolean ipv6) {
        if (source.equals(address()) || ipv6Address().map(source::equals).orElse(false) || sources.contains(source)) {
            return;
        }
        boolean inside = host.network().contains(source);
        String prefix = ipv6 ? (inside ? "/64" : "/128") : (inside ? "/24" : "/32");
        if (ipv6) {
            // nodad: a new IPv6 address is unusable ("tentative") for a second or two otherwise
            runner.run("ip", "-6", "addr", "add", source + prefix, "dev", "eth0", "nodad");
        } else {
            runner.run("ip", "addr", "add", source + prefix, "dev", "eth0");
        }
        if (!inside) {
            // Without this the host would answer via its default gateway, out of the test network.
            String via = ipv6 ? ipv6Address().orElseThrow() : address();
            host.runner().run(Command.of(ipv6
                    ? java.util.List.of("ip", "-6", "route", "replace", source + prefix, "via", via)
                    : java.util.List.of("ip", "route", "replace", source + prefix, "via", via)));
        }
        sources.add(source);
    }

    /** Stops and removes this client. The host does this too when it closes. */
    @Override
    public void close() {
        ExecAgentCommandRunner.closeIfAgent(runner);
        container.close();
    }

    @Override
    public String toString() {
        return "TestClient[" + address() + "]";
    }
}
