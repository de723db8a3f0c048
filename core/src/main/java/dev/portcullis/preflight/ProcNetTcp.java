package dev.portcullis.preflight;

import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code /proc/net/tcp} and {@code /proc/net/tcp6} (concatenated is fine): the kernel's
 * own socket table, for hosts without {@code ss}. Addresses are hex in host byte order (little
 * endian on the machines Portcullis runs on); state {@code 0A} is LISTEN. The table has no
 * process column, only the socket inode, which {@link SocketOwners} maps to a pid.
 */
final class ProcNetTcp {

    private static final String LISTEN = "0A";

    /** A listening socket from the table. @param address its address @param port its port @param inode its inode */
    record Socket(String address, int port, long inode) {
    }

    private ProcNetTcp() {
    }

    static List<Socket> listening(String text) {
        List<Socket> list = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
            if (f.length < 10 || !f[0].endsWith(":") || !f[3].equals(LISTEN)) {
                continue;
            }
            int colon = f[1].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String hex = f[1].substring(0, colon);
            int port = Integer.parseInt(f[1].substring(colon + 1), 16);
            list.add(new Socket(address(hex), port, Long.parseLong(f[9])));
        }
        return list;
    }

    static String address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        // each 32-bit word is stored little endian
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + (3 - i)) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return bytes.length == 4 ? new IPv4Address(bytes).toCanonicalString()
                : new IPv6Address(bytes).toCompressedString();
    }

    /** Listeners without owners yet; {@link SocketOwners} fills them in. */
    static Map<Long, Listener> listeners(List<Socket> sockets) {
        Map<Long, Listener> byInode = new LinkedHashMap<>();
        for (Socket s : sockets) {
            byInode.put(s.inode(), new Listener(s.address(), s.port(), List.of(), "/proc/net/tcp"));
        }
        return byInode;
    }
}
