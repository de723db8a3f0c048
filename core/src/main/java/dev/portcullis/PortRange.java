package dev.portcullis;

import java.util.regex.Pattern;

/**
 * A port or an inclusive range of ports, each between 1 and 65535.
 *
 * @param from first port
 * @param to last port, not below {@code from}
 */
public record PortRange(int from, int to) implements Comparable<PortRange> {

    /** Lowest valid port. */
    public static final int MIN = 1;
    /** Highest valid port. */
    public static final int MAX = 65535;

    private static final Pattern SHAPE = Pattern.compile("[0-9]{1,5}(-[0-9]{1,5})?");

    /**
     * @param from first port
     * @param to last port
     * @throws InvalidSpecException when out of range or reversed
     */
    public PortRange {
        String problem = problem(from, to);
        if (problem != null) {
            throw new InvalidSpecException("", problem);
        }
    }

    /**
     * @param port a port
     * @return a range of that one port
     */
    public static PortRange of(int port) {
        return new PortRange(port, port);
    }

    /**
     * @param from first port
     * @param to last port
     * @return the range
     */
    public static PortRange of(int from, int to) {
        return new PortRange(from, to);
    }

    /**
     * Parses "25" or "1000-2000".
     *
     * @param text the port or range
     * @return the range
     * @throws InvalidSpecException when malformed
     */
    public static PortRange parse(String text) {
        if (text == null || !SHAPE.matcher(text).matches()) {
            throw new InvalidSpecException("", (text == null ? "null" : dev.portcullis.internal.Text.show(text))
                    + " is not a port or port range (e.g. 25 or 1000-2000)");
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            return of(Integer.parseInt(text));
        }
        return of(Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
    }

    /**
     * @param from first port
     * @param to last port
     * @return why the range is invalid, or null when it is valid
     */
    public static String problem(int from, int to) {
        if (from < MIN || from > MAX) {
            return from + " is not a port (1-65535)";
        }
        if (to < MIN || to > MAX) {
            return to + " is not a port (1-65535)";
        }
        if (to < from) {
            return "range " + from + "-" + to + " ends before it starts";
        }
        return null;
    }

    /** @return whether it is one port */
    public boolean isSingle() {
        return from == to;
    }

    /** @return how many ports it covers */
    public int size() {
        return to - from + 1;
    }

    /**
     * @param port a port
     * @return whether the range covers it
     */
    public boolean contains(int port) {
        return port >= from && port <= to;
    }

    /**
     * @param separator what goes between the ends, e.g. "-" or ":"
     * @return "25" or "1000{separator}2000"
     */
    public String format(String separator) {
        return isSingle() ? Integer.toString(from) : from + separator + to;
    }

    @Override
    public int compareTo(PortRange o) {
        return from != o.from ? Integer.compare(from, o.from) : Integer.compare(to, o.to);
    }

    @Override
    public String toString() {
        return format("-");
    }
}
