package dev.portcullis.testing;

import com.github.dockerjava.api.model.Network.Ipam;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Network;

/**
 * A user-defined Docker network that belongs to one test: an IPv4 {@code /24} (and, where the
 * engine allows, an IPv6 {@code /64}) with fixed addresses, so tests can name source addresses.
 *
 * <p>Address plan, by last octet (IPv4) or last group (IPv6): {@code 1} gateway, {@code 10} the
 * test host, {@code 20}-{@code 29} clients; {@code 100}-{@code 254} are free for source
 * addresses that a {@link TestClient} adds to its interface on demand.
 *
 * <p>The subnet is chosen at random from {@code 172.30.0.0/16} (and {@code fd50:6f72:7463::/48}),
 * retrying on overlap, so that several test JVMs can share one Docker engine.
 */
public final class TestNetwork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TestNetwork.class);
    private static final int ATTEMPTS = 20;

    private final Network network;
    private final int third;
    private final boolean ipv6;

    private TestNetwork(Network network, int third, boolean ipv6) {
        this.network = network;
        this.third = third;
        this.ipv6 = ipv6;
    }

    /** Creates the network, trying free subnets until the engine accepts one. */
    static TestNetwork create() {
        RuntimeException last = null;
        boolean ipv6 = true;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int third = ThreadLocalRandom.current().nextInt(0, 256);
            Network network = build(third, ipv6);
            try {
                network.getId(); // the network is created lazily; make the engine answer now
                return new TestNetwork(network, third, ipv6);
            } catch (RuntimeException e) {
                last = e;
                safeClose(network);
                String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (ipv6 && message.contains("ipv6") && !message.contains("overlap")) {
                    LOG.warn("Docker refused an IPv6 test network ({}); continuing with IPv4 only", e.getMessage());
                    ipv6 = false;
                }
            }
        }
        throw new IllegalStateException("could not create a Docker test network in 172.30.0.0/16 after "
                + ATTEMPTS + " attempts: " + (last == null ? "" : last.getMessage()), last);
    }

    private static Network build(int third, boolean ipv6) {
        return Network.builder()
                .createNetworkCmdModifier(cmd -> {
                    Ipam.Config v4 = new Ipam.Config().withSubnet(subnet4(third)).withGateway(address4(third, 1));
                    if (ipv6) {
                        Ipam.Config v6 = new Ipam.Config().withSubnet(subnet6(third)).withGateway(address6(third, 1));
                        cmd.withIpam(new Ipam().withConfig(Arrays.asList(v4, v6))).withEnableIpv6(true);
                    } else {
                        cmd.withIpam(new Ipam().withConfig(v4));
                    }
                    cmd.withLabels(java.util.Map.of("dev.portcullis.test", "true"));
                })
                .build();
    }

    /** @return the IPv4 subnet, e.g. {@code 172.30.17.0/24} */
    public String subnet() {
        return subnet4(third);
    }

    /** @return the IPv6 subnet, e.g. {@code fd50:6f72:7463:11::/64}, when the engine allowed IPv6 */
    public Optional<String> ipv6Subnet() {
        return ipv6 ? Optional.of(subnet6(third)) : Optional.empty();
    }

    /**
     * An IPv4 address in this network.
     *
     * @param hostNumber the last octet, 1 to 254 (100 to 254 are free for source addresses)
     * @return the address, e.g. {@code 172.30.17.130}
     */
    public String address(int hostNumber) {
        checkHostNumber(hostNumber);
        return address4(third, hostNumber);
    }

    /**
     * An IPv6 address in this network.
     *
     * @param hostNumber the last group, written in decimal digits, 1 to 254 ({@code 130} gives {@code ...::130})
     * @return the address, when the engine allowed IPv6
     */
    public Optional<String> ipv6Address(int hostNumber) {
        checkHostNumber(hostNumber);
        return ipv6 ? Optional.of(address6(third, hostNumber)) : Optional.empty();
    }

    /**
     * @param address an IP address literal
     * @return whether it lies in this network's IPv4 or IPv6 subnet
     */
    public boolean contains(String address) {
        byte[] bytes = literal(address).getAddress();
        byte[] base = literal(bytes.length == 4 ? address4(third, 0) : prefix6(third) + "0").getAddress();
        int prefixBytes = bytes.length == 4 ? 3 : 8;
        return Arrays.equals(bytes, 0, prefixBytes, base, 0, prefixBytes);
    }

    /** @return the Testcontainers network, for containers that join it */
    Network testcontainersNetwork() {
        return network;
    }

    /** @return the Docker network id */
    public String id() {
        return network.getId();
    }

    /** Removes the network. Containers on it must be gone first. */
    @Override
    public void close() {
        safeClose(network);
    }

    @Override
    public String toString() {
        return "TestNetwork[" + subnet() + ipv6Subnet().map(s -> ", " + s).orElse("") + "]";
    }

    static InetAddress literal(String address) {
        if (address == null || !address.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("Not an IP address literal: " + address);
        }
        try {
            return InetAddress.getByName(address); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an IP address literal: " + address, e);
        }
    }

    private static void checkHostNumber(int hostNumber) {
        if (hostNumber < 1 || hostNumber > 254) {
            throw new IllegalArgumentException("Host number out of range 1-254: " + hostNumber);
        }
    }

    private static void safeClose(Network network) {
        try {
            network.close();
        } catch (RuntimeException e) {
            LOG.warn("could not remove Docker network: {}", e.getMessage());
        }
    }

    private static String subnet4(int third) {
        return "172.30." + third + ".0/24";
    }

    private static String address4(int third, int host) {
        return "172.30." + third + "." + host;
    }

    private static String prefix6(int third) {
        return "fd50:6f72:7463:" + Integer.toHexString(third) + "::";
    }

    private static String subnet6(int third) {
        return prefix6(third) + "/64";
    }

    private static String address6(int third, int host) {
        return prefix6(third) + host;
    }
}
