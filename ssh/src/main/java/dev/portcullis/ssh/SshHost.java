package dev.portcullis.ssh;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where to log in: a user, a host name or address, and a port. Written as
 * {@code user@host[:port]}, with an IPv6 address in brackets ({@code root@[2001:db8::5]:2222}).
 *
 * <p>Every part is checked before anything connects: the user is a POSIX login name, the host a
 * name of LDH labels (at most 253 characters) or an IPv4/IPv6 address, the port 1 to 65535.
 *
 * @param user the login name on the remote host
 * @param hostname the host name or IP address (IPv6 without brackets)
 * @param port the SSH port
 */
public record SshHost(String user, String hostname, int port) {

    /** The port SSH listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 22;

    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** Checks every part; each refusal names the part and the reason. */
    public SshHost {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(hostname, "hostname");
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user: must be a login name of lower-case letters, digits, _ . -"
                    + " starting with a letter or _, at most 32: " + printable(user));
        }
        if (!isHostname(hostname)) {
            throw new IllegalArgumentException("host: must be a host name of letters, digits and - in dot-separated"
                    + " labels (at most 253) or an IP address: " + printable(hostname));
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: must be 1 to 65535, was " + port);
        }
    }

    /**
     * Reads {@code user@host[:port]}.
     *
     * @param text the login, for example {@code deploy@mail.example.com:2222} or {@code root@[2001:db8::5]}
     * @return the host
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static SshHost parse(String text) {
        Objects.requireNonNull(text, "host");
        int at = text.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("host: must be user@host[:port], the user is missing: " + printable(text));
        }
        String user = text.substring(0, at);
        String rest = text.substring(at + 1);
        String hostname = rest;
        int port = DEFAULT_PORT;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("host: an IPv6 address in brackets needs its ']': " + printable(text));
            }
            hostname = rest.substring(1, close);
            if (hostname.indexOf(':') < 0) {
                throw new IllegalArgumentException("host: only an IPv6 address goes in brackets: " + printable(text));
            }
            String after = rest.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("host: only :port may follow ']': " + printable(text));
                }
                port = port(after.substring(1));
            }
        } else if (rest.indexOf(':') >= 0) {
            if (rest.indexOf(':') != rest.lastIndexOf(':')) {
                throw new IllegalArgumentException("host: write an IPv6 address in brackets, user@[2001:db8::5]:22: "
                        + printable(text));
            }
            hostname = rest.substring(0, rest.indexOf(':'));
            port = port(rest.substring(rest.indexOf(':') + 1));
        }
        return new SshHost(user, hostname, port);
    }

    /**
     * The same login on another port.
     *
     * @param newPort the SSH port
     * @return the copy
     */
    public SshHost withPort(int newPort) {
        return new SshHost(user, hostname, newPort);
    }

    /** @return {@code user@host:port}, IPv6 addresses in brackets, the form {@link #parse(String)} reads */
    @Override
    public String toString() {
        return user + "@" + (hostname.indexOf(':') >= 0 ? "[" + hostname + "]" : hostname) + ":" + port;
    }

    private static int port(String digits) {
        if (!digits.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("port: must be a number from 1 to 65535: " + printable(digits));
        }
        return Integer.parseInt(digits);
    }

    private static boolean isHostname(String name) {
        if (name.indexOf(':') >= 0) {
            return IPV6.matcher(name).matches() && isInetAddressLiteral(name);
        }
        if (IPV4.matcher(name).matches()) {
            return true;
        }
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        for (String label : trimmed.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInetAddressLiteral(String v6) {
        try {
            // Only an address literal reaches here (hex, colons, dots): no lookup happens.
            return java.net.InetAddress.getByName("[" + v6 + "]") instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Shows control characters as escapes, so a refused value cannot forge log lines. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append('"').toString();
    }
}
