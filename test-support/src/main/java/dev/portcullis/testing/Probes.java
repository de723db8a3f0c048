package dev.portcullis.testing;

/**
 * Small Python programs run inside the test containers, passed to {@code python3 -c} as one
 * argv element with their parameters as further elements: no shell, no quoting.
 */
final class Probes {

    private Probes() {
    }

    /**
     * Connects to {@code argv[2]}:{@code argv[3]} from source {@code argv[1]} (empty: any) within
     * {@code argv[4]} seconds. Exit 0 and "connected" when the handshake completes, exit 1 and the
     * reason (refused, timed out, unreachable) otherwise. With {@code argv[5]} = "banner", it
     * also reads the first line the server sends and prints it instead.
     */
    static final String CONNECT = String.join("\n",
            "import socket, sys",
            "src, dst, port, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])",
            "banner = len(sys.argv) > 5 and sys.argv[5] == 'banner'",
            "s = socket.socket(socket.AF_INET6 if ':' in dst else socket.AF_INET, socket.SOCK_STREAM)",
            "s.settimeout(limit)",
            "try:",
            "    if src:",
            "        s.bind((src, 0))",
            "    s.connect((dst, port))",
            "except socket.timeout:",
            "    print('timed out'); sys.exit(1)",
            "except OSError as e:",
            "    print(e.strerror or str(e)); sys.exit(1)",
            "if not banner:",
            "    print('connected'); sys.exit(0)",
            "data = b''",
            "try:",
            "    while b'\\n' not in data:",
            "        chunk = s.recv(1024)",
            "        if not chunk:",
            "            break",
            "        data += chunk",
            "except socket.timeout:",
            "    pass",
            "line = data.split(b'\\n')[0].decode('utf-8', 'replace').rstrip('\\r')",
            "if not line:",
            "    print('connected but no banner'); sys.exit(2)",
            "try:",
            "    s.sendall(b'QUIT\\r\\n')",
            "except OSError:",
            "    pass",
            "print(line)",
            "");

    /**
     * Accepts TCP connections on port {@code argv[1]} on every IPv4 and IPv6 address and closes
     * them at once: something to connect to when proving a firewall rule.
     */
    static final String LISTEN = String.join("\n",
            "import socket, sys",
            "port = int(sys.argv[1])",
            "try:",
            "    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)",
            "    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)",
            "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "    s.bind(('::', port))",
            "except OSError:",
            "    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
            "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "    s.bind(('0.0.0.0', port))",
            "s.listen(128)",
            "while True:",
            "    c, _ = s.accept()",
            "    c.close()",
            "");
}
