package dev.portcullis.testing;

import com.github.dockerjava.api.model.Capability;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * A live Debian 12 host in a container, for tests that must prove their work on a real system:
 * iptables/nftables, firewalld, Postfix (with MySQL maps) and MariaDB are installed, nothing
 * runs until a test starts it. The container has {@code NET_ADMIN} and {@code NET_RAW}, sits
 * on its own {@link TestNetwork} at a fixed address, and is reached through {@link #runner()},
 * the same {@link CommandRunner} interface backends use on a real host.
 *
 * <pre>{@code
 * @AutoClose static LinuxTestHost host;
 * @BeforeAll static void start() { host = LinuxTestHost.start().startFirewalld(); }
 *
 * @Test void opensSmtpToTheTrustedNetworkOnly() {
 *     host.listenOn(25);
 *     Provisioner.on(host.runner()).firewall("linux-firewalld").apply(policy);
 *     TestClient client = host.newClient();
 *     assertThat(client.canConnect(host.network().address(130), host.address(), 25, Duration.ofSeconds(3))).isTrue();
 * }
 * }</pre>
 *
 * <p>{@link #close()} removes the clients, the container and the network; the shutdown hook does
 * the same for hosts a test forgot, because Testcontainers' reaper may be disabled where its
 * image cannot be pulled. Live tests fail (never skip) when Docker or the image is missing, with
 * a message that says how to get them.
 */
public final class LinuxTestHost implements AutoCloseable {

    /** System property naming the test host image. */
    public static final String IMAGE_PROPERTY = "portcullis.testhost.image";
    /** The image built by {@code scripts/build-test-images.sh} from {@code docker/testhost/Dockerfile}. */
    public static final String DEFAULT_IMAGE = "portcullis-testhost:latest";

    static final int HOST_NUMBER = 10;
    static final int FIRST_CLIENT_NUMBER = 20;
    static final int MAX_CLIENTS = 10;
    private static final Duration SERVICE_START = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(250);

    private static final Logger LOG = LoggerFactory.getLogger(LinuxTestHost.class);
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable open : List.copyOf(OPEN)) {
                try {
                    open.close();
                } catch (Exception e) {
                    // the JVM is going away; nothing better to do than try the next one
                }
            }
        }, "portcullis-test-host-cleanup"));
    }

    private final TestNetwork network;
    private final GenericContainer<?> container;
    private final DockerExecCommandRunner dockerExec;
    private final CommandRunner runner;
    private final List<TestClient> clients = new ArrayList<>();
    private boolean closed;

    private LinuxTestHost(TestNetwork network, GenericContainer<?> container) {
        this.network = network;
        this.container = container;
        String label = "container " + shortId(container.getContainerId()) + " (test host " + address() + ")";
        this.dockerExec = new DockerExecCommandRunner(container.getContainerId(), label);
        this.runner = ExecAgentCommandRunner.forContainer(container.getContainerId(), label);
    }

    /**
     * Creates a fresh network and starts a test host on it, at {@code network().address(10)}.
     *
     * @return the running host; close it when done
     * @throws IllegalStateException when Docker or the test image is not available, saying how to get them
     */
    public static LinuxTestHost start() {
        return start(Map.of());
    }

    /**
     * Like {@link #start()}, with folders or files of this machine mounted read-only in the host: a
     * JDK and a jar to run there without installing them, for instance.
     *
     * @param readOnlyBinds each path on this machine, and where it appears in the host
     * @return the running host; close it when done
     * @throws IllegalStateException when Docker or the test image is not available, saying how to get them
     */
    public static LinuxTestHost start(Map<java.nio.file.Path, String> readOnlyBinds) {
        String image = image();
        DockerPreflight.check(image);
        TestNetwork network;
        try {
            network = TestNetwork.create();
        } catch (RuntimeException e) {
            throw explain(e);
        }
        try {
            GenericContainer<?> container = startContainer(image, network, HOST_NUMBER, "testhost", readOnlyBinds);
            LinuxTestHost host = new LinuxTestHost(network, container);
            OPEN.add(host);
            LOG.info("test host {} started at {}", shortId(container.getContainerId()), host.address());
            return host;
        } catch (RuntimeException e) {
            network.close();
            throw explain(e);
        }
    }

    /** @return the image tests run on: {@value #DEFAULT_IMAGE} unless {@value #IMAGE_PROPERTY} says otherwise */
    static String image() {
        return System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE);
    }

    static GenericContainer<?> startContainer(String image, TestNetwork network, int hostNumber, String hostname,
            Map<java.nio.file.Path, String> readOnlyBinds) {
        String v4 = network.address(hostNumber);
        Optional<String> v6 = network.ipv6Address(hostNumber);
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network.testcontainersNetwork())
                .withCommand("sleep", "infinity")
                .withLabel("dev.portcullis.test", "true")
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withIpv4Address(v4);
                    v6.ifPresent(cmd::withIpv6Address);
                    cmd.withHostName(hostname);
                    cmd.getHostConfig()
                            .withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW)
                            // A rejected connection must be seen as rejected every time: without this the
                            // kernel answers at most about six at once per client with ICMP, then one a second.
                            .withSysctls(java.util.Map.of("net.ipv4.icmp_ratelimit", "0", "net.ipv6.icmp.ratelimit", "0"))
                            .withInit(true); // PID 1 that reaps the daemons tests start
                })
                .waitingFor(new NothingToWaitFor());
        readOnlyBinds.forEach((from, to) -> container.withFileSystemBind(from.toString(), to, BindMode.READ_ONLY));
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
        return container;
    }

    /** @return runs commands inside this host, argv only, honouring stdin, timeout and environment */
    public CommandRunner runner() {
        return runner;
    }

    /**
     * Readies the runner for {@code n} commands at the same instant: with the exec agent, a command
     * that finds no idle agent waits for a new one to start (a {@code docker exec}, 0.1-0.3 s),
     * which is long enough for another thread's whole apply. Tests that start applies "at the
     * same instant" call this first, so that every thread's first command starts at once.
     *
     * @param n how many commands will run at once
     */
    public void readyForConcurrentCommands(int n) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(n);
            List<java.util.concurrent.Future<CommandResult>> each = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // each waits until all have started, so no agent is reused before all exist
                each.add(pool.submit(() -> {
                    all.countDown();
                    all.await();
                    return runner.run("sleep", "0.5");
                }));
            }
            for (java.util.concurrent.Future<CommandResult> f : each) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not ready " + n + " concurrent runners", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs a command on the host and insists on success.
     *
     * @param program the executable
     * @param args its arguments, verbatim
     * @return the result
     * @throws dev.portcullis.exec.CommandFailedException when it fails, with its output
     */
    public CommandResult run(String program, String... args) {
        return runner.run(program, args);
    }

    /**
     * Starts a long-running program in the background and returns at once; its output is lost,
     * so let it log to a file when it matters.
     *
     * @param program the executable
     * @param args its arguments, verbatim
     */
    public void runInBackground(String program, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(program);
        argv.addAll(List.of(args));
        dockerExec.startDetached(argv);
    }

    /** @return this host's IPv4 address on its test network */
    public String address() {
        return network.address(HOST_NUMBER);
    }

    /** @return this host's IPv6 address on its test network, when the engine allowed IPv6 */
    public Optional<String> ipv6Address() {
        return network.ipv6Address(HOST_NUMBER);
    }

    /** @return the network this host and its clients share */
    public TestNetwork network() {
        return network;
    }

    /** @return the Docker container id */
    public String containerId() {
        return container.getContainerId();
    }

    /**
     * Starts the system D-Bus and firewalld (without systemd) and waits until
     * {@code firewall-cmd --state} says it runs. Its log is {@code /var/log/firewalld}.
     *
     * @return this host
     * @throws IllegalStateException when firewalld does not come up within a minute
     */
    public LinuxTestHost startFirewalld() {
        run("mkdir", "-p", "/run/dbus");
        if (!runner.execute(Command.of("test", "-S", "/run/dbus/system_bus_socket")).isSuccess()) {
            run("dbus-daemon", "--system", "--fork");
        }
        runInBackground("firewalld", "--nofork", "--nopid");
        awaitSuccess(Command.of("firewall-cmd", "--state"), "firewalld", "/var/log/firewalld");
        return this;
    }

    /**
     * Starts Postfix and waits until port 25 answers with a 220 greeting on loopback. Its log is
     * {@code /var/log/postfix.log}.
     *
     * @return this host
     * @throws IllegalStateException when no greeting arrives within a minute
     */
    public LinuxTestHost startPostfix() {
        run("postfix", "start");
        awaitSuccess(connect("127.0.0.1", 25, true), "Postfix on port 25", "/var/log/postfix.log");
        return this;
    }

    /**
     * Starts MariaDB and waits until {@code SELECT 1} answers through the local socket; root
     * logs in through that socket without a password. Its log is {@code /var/log/mariadb.log}.
     *
     * @return this host
     * @throws IllegalStateException when it does not answer within a minute
     */
    public LinuxTestHost startMariaDb() {
        runInBackground("mariadbd", "--user=mysql", "--log-error=/var/log/mariadb.log");
        awaitSuccess(Command.of("mariadb", "--user=root", "--batch", "--execute=SELECT 1"), "MariaDB",
                "/var/log/mariadb.log");
        return this;
    }

    /**
     * Starts a TCP listener on every IPv4 and IPv6 address of the host that accepts connections
     * and closes them at once, and waits until it answers on loopback: something to reach when
     * proving a firewall rule.
     *
     * @param port the TCP port
     * @return this host
     */
    public LinuxTestHost listenOn(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Port out of range: " + port);
        }
        runInBackground("python3", "-c", Probes.LISTEN, Integer.toString(port));
        awaitSuccess(connect("127.0.0.1", port, false), "listener on port " + port, null);
        return this;
    }

    /**
     * Starts a client container on this host's network, at {@code network().address(20)}, then
     * 21, and so on. It is closed with this host.
     *
     * @return the running client
     */
    public synchronized TestClient newClient() {
        if (clients.size() >= MAX_CLIENTS) {
            throw new IllegalStateException("At most " + MAX_CLIENTS + " clients per test host");
        }
        int number = FIRST_CLIENT_NUMBER + clients.size();
        GenericContainer<?> container;
        try {
            container = startContainer(image(), network, number, "client" + (number - FIRST_CLIENT_NUMBER), Map.of());
        } catch (RuntimeException e) {
            throw explain(e);
        }
        TestClient client = new TestClient(this, container, number);
        clients.add(client);
        return client;
    }

    /**
     * Stops and removes the clients, this container and the network. Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        for (TestClient client : clients) {
            client.close();
        }
        ExecAgentCommandRunner.closeIfAgent(runner);
        try {
            container.close();
        } finally {
            network.close();
        }
    }

    @Override
    public String toString() {
        return "LinuxTestHost[" + address() + ", " + shortId(containerId()) + "]";
    }

    Command connect(String target, int port, boolean banner) {
        Command.Builder b = Command.builder("python3").args("-c", Probes.CONNECT, "", target,
                Integer.toString(port), "2");
        if (banner) {
            b.arg("banner");
        }
        return b.timeout(Duration.ofSeconds(15)).build();
    }

    private void awaitSuccess(Command probe, String what, String logFile) {
        long deadline = System.nanoTime() + SERVICE_START.toNanos();
        CommandResult last;
        do {
            last = runner.execute(probe);
            if (last.isSuccess()) {
                return;
            }
            sleep(POLL);
        } while (System.nanoTime() < deadline);
        String log = "";
        if (logFile != null) {
            CommandResult tail = runner.execute(Command.of("tail", "-n", "30", logFile));
            log = "\n--- last lines of " + logFile + " ---\n" + tail.stdout() + tail.stderr();
        }
        throw new IllegalStateException(what + " did not come up within " + SERVICE_START.toSeconds()
                + " s on " + this + "; last probe: " + last + " " + last.stdout().strip() + log);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String shortId(String id) {
        return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
    }

    /** Adds the way out to Testcontainers' own failures. */
    private static RuntimeException explain(RuntimeException e) {
        return new IllegalStateException("Could not start a test container: " + e.getMessage()
                + "\nIf Testcontainers tried to pull its Ryuk image and this engine cannot reach Docker Hub, run"
                + " scripts/test.sh, or pass -Dportcullis.noDockerHub=true (sets TESTCONTAINERS_RYUK_DISABLED)."
                + "\n" + DockerPreflight.HOW_TO_GET_DOCKER, e);
    }

    /** Readiness is checked per service (firewalld, Postfix, ...), not for the container as a whole. */
    private static final class NothingToWaitFor extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            // the container runs sleep; there is nothing to wait for
        }
    }
}
