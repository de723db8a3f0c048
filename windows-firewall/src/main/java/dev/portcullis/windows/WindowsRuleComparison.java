package dev.portcullis.windows;

import dev.portcullis.PortRange;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Compares a desired rule with the one a host reports, in normal form: Windows reports an IPv4
 * subnet by its mask ({@code 203.0.113.0/255.255.255.0}), a single address without a prefix, the
 * whole address space as a range, a protocol possibly by number, and profiles as flag names; the
 * cmdlets take the CIDR forms Portcullis writes. Lists compare as sets.
 */
public final class WindowsRuleComparison {

    private WindowsRuleComparison() {
    }

    /**
     * One setting that differs.
     *
     * @param setting the cmdlet parameter ("RemoteAddress")
     * @param expected the desired value, in normal form
     * @param found the host's value, in normal form
     */
    public record Difference(String setting, String expected, String found) {
        @Override
        public String toString() {
            return setting + ": expected " + expected + ", found " + found;
        }
    }

    /**
     * @param desired what the policy wants
     * @param actual what the host has
     * @return one entry per setting that differs; empty when equal
     */
    public static List<Difference> differences(WindowsRule desired, WindowsRule actual) {
        List<Difference> d = new ArrayList<>();
        same(d, "DisplayName", desired.displayName(), actual.displayName());
        same(d, "Description", desired.description(), actual.description());
        same(d, "Group", desired.group(), actual.group());
        same(d, "Enabled", String.valueOf(desired.enabled()), String.valueOf(actual.enabled()));
        same(d, "Direction", desired.direction(), actual.direction());
        same(d, "Action", desired.action(), actual.action());
        same(d, "Protocol", protocol(desired.protocol()), protocol(actual.protocol()));
        same(d, "LocalPort", ports(desired.localPorts()), ports(actual.localPorts()));
        same(d, "RemotePort", ports(desired.remotePorts()), ports(actual.remotePorts()));
        same(d, "RemoteAddress", addresses(desired.remoteAddresses()), addresses(actual.remoteAddresses()));
        same(d, "Profile", profiles(desired.profiles()), profiles(actual.profiles()));
        return d;
    }

    private static void same(List<Difference> out, String what, Object expected, Object found) {
        if (!expected.equals(found)) {
            out.add(new Difference(what, expected.toString(), found.toString()));
        }
    }

    static String protocol(String p) {
        return switch (p.toUpperCase(Locale.ROOT)) {
            case "6" -> "TCP";
            case "17" -> "UDP";
            default -> p.toUpperCase(Locale.ROOT);
        };
    }

    static TreeSet<String> ports(List<String> ports) {
        TreeSet<String> out = new TreeSet<>();
        for (String p : ports) {
            if (p.equalsIgnoreCase("Any")) {
                out.add("Any");
                continue;
            }
            try {
                out.add(PortRange.parse(p).toString());
            } catch (RuntimeException e) {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            out.add("Any");
        }
        return out;
    }

    static TreeSet<String> addresses(List<String> addresses) {
        TreeSet<String> out = new TreeSet<>();
        for (String a : addresses) {
            out.add(normalAddress(a));
        }
        if (out.isEmpty()) {
            out.add("Any");
        }
        return out;
    }

    /**
     * @param a an address as Windows or Portcullis writes it
     * @return its canonical CIDR when it is one network, else the text itself
     */
    static String normalAddress(String a) {
        if (a.equalsIgnoreCase("Any")) {
            return "Any";
        }
        try {
            int dash = a.indexOf('-');
            IPAddress block;
            if (dash > 0) {
                IPAddress lo = new IPAddressString(a.substring(0, dash)).toAddress();
                IPAddress hi = new IPAddressString(a.substring(dash + 1)).toAddress();
                IPAddress[] blocks = lo.spanWithPrefixBlocks(hi);
                if (blocks.length != 1) {
                    return a.toLowerCase(Locale.ROOT);
                }
                block = blocks[0];
            } else {
                IPAddress parsed = new IPAddressString(a).toAddress();
                if (!parsed.isPrefixed()) {
                    parsed = parsed.setPrefixLength(parsed.getBitCount(), false);
                }
                block = parsed.toPrefixBlock();
            }
            return block.getLower().withoutPrefixLength().toCanonicalString() + "/" + block.getNetworkPrefixLength();
        } catch (Exception e) {
            return a.toLowerCase(Locale.ROOT);
        }
    }

    static TreeSet<String> profiles(List<String> profiles) {
        TreeSet<String> out = new TreeSet<>();
        for (String p : profiles) {
            out.add(p.strip());
        }
        if (out.isEmpty() || out.containsAll(List.of("Domain", "Private", "Public"))) {
            return new TreeSet<>(List.of("Any"));
        }
        return out;
    }
}
