package dev.portcullis.examples.meaning;

import dev.portcullis.IpFamily;
import dev.portcullis.Protocol;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Knocks on every port of the test host from every client, over TCP and UDP, IPv4 and IPv6, and
 * says what each knock saw. One {@code docker exec} per client runs all its knocks in parallel
 * threads, and the clients run in parallel too, so one whole matrix costs about one timeout.
 */
final class WireProbe {

    /**
     * Runs in a client: {@code argv[1..4]} = source and target addresses per family (IPv6 ones may
     * be empty), {@code argv[5]} the timeout in seconds, {@code argv[6]} the ports, comma-separated.
     * Prints one line per knock: family, protocol, port, and open / dropped / rejected:ERRNO.
     */
    static final String KNOCK = String.join("\n",
            "import errno, socket, sys, threading",
            "src4, dst4, src6, dst6, limit = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])",
            "ports = [int(p) for p in sys.argv[6].split(',')]",
            "results = {}",
            "def knock(fam, src, dst, proto, port):",
            "    s = socket.socket(socket.AF_INET6 if fam == 'ipv6' else socket.AF_INET,",
            "                      socket.SOCK_STREAM if proto == 'tcp' else socket.SOCK_DGRAM)",
            "    s.settimeout(limit)",
            "    try:",
            "        s.bind((src, 0))",
            "        s.connect((dst, port))",
            "        if proto == 'udp':",
            "            s.send(b'knock')",
            "            if s.recv(64) != b'knock':",
            "                raise OSError(errno.EPROTO, 'unexpected answer')",
            "        outcome = 'open'",
            "    except socket.timeout:",
            "        outcome = 'dropped'",
            "    except OSError as e:",
            "        outcome = 'rejected:' + errno.errorcode.get(e.errno, str(e.errno))",
            "    finally:",
            "        s.close()",
            "    results[(fam, proto, port)] = outcome",
            "threads = []",
            "for fam, src, dst in (('ipv4', src4, dst4), ('ipv6', src6, dst6)):",
            "    if not dst:",
            "        continue",
            "    for proto in ('tcp', 'udp'):",
            "        for port in ports:",
            "            t = threading.Thread(target=knock, args=(fam, src, dst, proto, port))",
            "            t.start()",
            "            threads.append(t)",
            "for t in threads:",
            "    t.join()",
            "for (fam, proto, port), outcome in sorted(results.items()):",
            "    print(fam, proto, port, outcome)",
            "");

    /**
     * Runs on the host: on every port in {@code argv[1:]}, accepts TCP connections and closes them,
     * and echoes UDP datagrams back, on every IPv4 and IPv6 address.
     */
    static final String RESPOND = String.join("\n",
            "import select, socket, sys",
            "socks = []",
            "for port in [int(p) for p in sys.argv[1:]]:",
            "    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):",
            "        s = socket.socket(socket.AF_INET6, kind)",
            "        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)",
            "        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "        s.bind(('::', port))",
            "        if kind == socket.SOCK_STREAM:",
            "            s.listen(128)",
            "        socks.append(s)",
            "while True:",
            "    ready, _, _ = select.select(socks, [], [])",
            "    for s in ready:",
            "        try:",
            "            if s.type == socket.SOCK_STREAM:",
            "                c, _ = s.accept()",
            "                c.close()",
            "            else:",
            "                data, peer = s.recvfrom(512)",
            "                s.sendto(data, peer)",
            "        except OSError:",
            "            pass",
            "");

    private final LinuxTestHost host;
    private final List<TestClient> clients;
    private final List<Integer> ports;

    WireProbe(LinuxTestHost host, List<TestClient> clients, List<Integer> ports) {
        this.host = host;
        this.clients = List.copyOf(clients);
        this.ports = List.copyOf(ports);
    }

    /** Starts the TCP and UDP responder on the host and waits until every port answers on loopback. */
    void startResponder() {
        List<String> args = new ArrayList<>(List.of("-c", RESPOND));
        ports.forEach(p -> args.add(Integer.toString(p)));
        host.runInBackground("python3", args.toArray(new String[0]));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            String listening = host.run("ss", "-Hlntu").stdout();
            if (ports.stream().allMatch(p -> listening.lines().filter(l -> l.contains(":" + p + " ")).count() >= 2)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the responder did not listen on " + ports + ":\n" + listening);
            }
            sleep(200);
        }
    }

    /**
     * @param timeout how long a knock waits for an answer before it counts as dropped
     * @return what every cell saw, for every client, family, protocol and port
     */
    Map<Cell, Observed> knock(Duration timeout) {
        // Own threads: the common pool has a single worker on a 2-core machine.
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            List<CompletableFuture<Map<Cell, Observed>>> each = clients.stream()
                    .map(c -> CompletableFuture.supplyAsync(() -> knock(c, timeout), pool)).toList();
            Map<Cell, Observed> all = new LinkedHashMap<>();
            each.forEach(f -> all.putAll(f.join()));
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return every cell the probe covers, in a stable order */
    List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (TestClient c : clients) {
            for (IpFamily family : IpFamily.values()) {
                String source = family == IpFamily.IPV4 ? c.address() : c.ipv6Address().orElse(null);
                if (source == null) {
                    continue;
                }
                for (Protocol protocol : Protocol.values()) {
                    ports.forEach(p -> cells.add(new Cell(source, family, protocol, p)));
                }
            }
        }
        return cells;
    }

    private Map<Cell, Observed> knock(TestClient client, Duration timeout) {
        String v6source = client.ipv6Address().orElse("");
        String v6target = host.ipv6Address().orElse("");
        CommandResult r = client.runner().run(Command.builder("python3")
                .args("-c", KNOCK, client.address(), host.address(), v6source, v6target,
                        Double.toString(timeout.toMillis() / 1000.0),
                        ports.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .timeout(timeout.plusSeconds(20)).build());
        Map<Cell, Observed> seen = new LinkedHashMap<>();
        for (String line : r.stdout().strip().split("\n")) {
            String[] w = line.split(" ");
            IpFamily family = IpFamily.valueOf(w[0].toUpperCase(Locale.ROOT));
            Cell cell = new Cell(family == IpFamily.IPV4 ? client.address() : v6source, family,
                    Protocol.valueOf(w[1].toUpperCase(Locale.ROOT)), Integer.parseInt(w[2]));
            seen.put(cell, w[3].equals("open") ? Observed.OPEN : w[3].equals("dropped") ? Observed.DROPPED : Observed.REJECTED);
        }
        return seen;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
