package dev.portcullis;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether networks may be trusted to relay mail without authentication. One guard serves
 * every mail backend: {@link MailServerSpec.Builder#build()} runs the {@linkplain #standard()
 * standard} guard, and a backend that grants relay more narrowly (Exchange) runs a {@linkplain
 * #narrowerThan(int, int, String) narrower} one on top.
 *
 * <p>A set of trusted networks is refused when it amounts to a large part of the Internet:
 * <ul>
 *   <li>a network covering every address ({@code 0.0.0.0/0}, {@code ::/0});</li>
 *   <li>a network broader than the per-family limit (standard: /8 for IPv4, /32 for IPv6, one
 *       provider's allocation; unique-local {@code fc00::/7} and link-local {@code fe80::/10}
 *       addresses never come from the Internet and are exempt from the IPv6 limit of the
 *       standard guard);</li>
 *   <li>IPv6 space that stands for IPv4 addresses: IPv4-mapped {@code ::ffff:0:0/96},
 *       IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}, 6to4
 *       {@code 2002::/16} and Teredo {@code 2001::/32}. Such a network is judged by the IPv4
 *       network it stands for, so {@code 2002::/16} (every IPv4 address through 6to4) and
 *       {@code ::8000:0:0/81} (around every IPv4-mapped address) are refused while
 *       {@code 64:ff9b::a00:0/104} (10.0.0.0/8 through NAT64) is not;</li>
 *   <li>networks that pass one by one but together cover more public IPv4 addresses than one /8
 *       (16,777,216), or more global IPv6 addresses than one /28 (sixteen provider allocations).
 *       Private, shared, loopback and link-local ranges never come from the Internet and are not
 *       counted; IPv6 space standing for IPv4 counts as the IPv4 network it stands for, as public.</li>
 * </ul>
 */
public final class RelayGuard {

    /** The public IPv4 addresses all trusted networks may cover together: one /8. */
    public static final BigInteger MAX_IPV4_TOTAL = BigInteger.TWO.pow(24);
    /** The global IPv6 addresses all trusted networks may cover together: one /28. */
    public static final BigInteger MAX_IPV6_TOTAL = BigInteger.TWO.pow(100);

    /** IPv6 ranges that stand for IPv4 addresses, with the bit at which the IPv4 address starts. */
    private static final List<Translation> TRANSLATIONS = List.of(
            new Translation("IPv4-mapped", "::ffff:0:0/96", 96),
            new Translation("IPv4-compatible", "::/96", 96),
            new Translation("NAT64", "64:ff9b::/96", 96),
            // Local-use NAT64 prefixes may be of any length up to /96; judging as a /96 refuses more, never less.
            new Translation("local-use NAT64", "64:ff9b:1::/48", 96),
            new Translation("6to4", "2002::/16", 16),
            // Teredo carries the client's (obfuscated) IPv4 address in the last 32 bits.
            new Translation("Teredo", "2001::/32", 96));

    /** IPv6 ranges that are never routed on the Internet. */
    private static final List<Cidr> LOCAL_IPV6 = List.of(Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"));
    /** IPv4 ranges that are never routed on the Internet: private, shared (CGNAT), loopback, link-local. */
    private static final List<Cidr> LOCAL_IPV4 = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.168.0.0/16"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"));

    private static final RelayGuard STANDARD = new RelayGuard(8, 32, true, "to trust for relaying");

    private final int broadestIpv4;
    private final int broadestIpv6;
    private final boolean localIpv6Exempt;
    private final String purpose;

    private RelayGuard(int broadestIpv4, int broadestIpv6, boolean localIpv6Exempt, String purpose) {
        this.broadestIpv4 = broadestIpv4;
        this.broadestIpv6 = broadestIpv6;
        this.localIpv6Exempt = localIpv6Exempt;
        this.purpose = purpose;
    }

    /** @return the guard every mail server spec passes: /8 for IPv4, /32 for global IPv6 */
    public static RelayGuard standard() {
        return STANDARD;
    }

    /**
     * A guard with narrower per-network limits, for a backend whose relay grant is riskier.
     * Everything the standard guard refuses stays refused.
     *
     * @param ipv4Prefix the shortest IPv4 prefix allowed, at least 8
     * @param ipv6Prefix the shortest IPv6 prefix allowed (unique-local ranges included), at least 32
     * @param purpose what the networks are for, completing "too broad ...", e.g. "for an Exchange
     *     anonymous relay grant"
     * @return the guard
     */
    public RelayGuard narrowerThan(int ipv4Prefix, int ipv6Prefix, String purpose) {
        if (ipv4Prefix < broadestIpv4 || ipv4Prefix > 32 || ipv6Prefix < broadestIpv6 || ipv6Prefix > 128) {
            throw new IllegalArgumentException("a narrower guard needs prefixes of /" + broadestIpv4 + "-/32 and /"
                    + broadestIpv6 + "-/128, not /" + ipv4Prefix + " and /" + ipv6Prefix);
        }
        return new RelayGuard(ipv4Prefix, ipv6Prefix, false, purpose);
    }

    /**
     * @param field the list field the networks come from, e.g. "trustedNetworks"
     * @param networks the networks trusted to relay
     * @return every reason they may not be trusted, each on {@code field[i]} or, for the networks
     *     taken together, on {@code field}; empty when they may
     */
    public List<SpecProblem> problems(String field, List<Cidr> networks) {
        List<SpecProblem> problems = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++) {
            String reason = reason(networks.get(i));
            if (reason != null) {
                problems.add(SpecProblem.of(field + "[" + i + "]", reason));
            }
        }
        if (problems.isEmpty()) {
            totals(field, networks, problems);
        }
        return problems;
    }

    private String reason(Cidr c) {
        if (c.isAny()) {
            return c + " trusts every address: that is an open relay"
                    + " (use allowOpenRelayKnowingItWillBeAbused() only on a closed lab network)";
        }
        for (Translation t : TRANSLATIONS) {
            if (t.isInside(c)) {
                return c + " contains the whole " + t.name + " range " + t.text + ", which stands for every IPv4"
                        + " address: trusting it lets the whole Internet relay mail through the server";
            }
            if (t.contains(c)) {
                int ipv4Prefix = t.ipv4Prefix(c);
                return ipv4Prefix < broadestIpv4 ? c + " is " + t.name + " space standing for a /" + ipv4Prefix
                        + " of IPv4 addresses: too broad " + purpose + " (at most /" + broadestIpv4 + " of IPv4)" : null;
            }
        }
        if (c.family() == IpFamily.IPV4 && c.prefixLength() < broadestIpv4) {
            return tooBroad(c, broadestIpv4);
        }
        if (c.family() == IpFamily.IPV6 && c.prefixLength() < broadestIpv6 && !(localIpv6Exempt && isLocal(c))) {
            return tooBroad(c, broadestIpv6);
        }
        return null;
    }

    private String tooBroad(Cidr c, int broadest) {
        return c + " is too broad " + purpose + " (at most /" + broadest + " for " + c.family().name().replace("IPV", "IPv")
                + "): every address in it could relay mail through the server";
    }

    private void totals(String field, List<Cidr> networks, List<SpecProblem> problems) {
        BigInteger ipv4 = BigInteger.ZERO;
        BigInteger ipv6 = BigInteger.ZERO;
        for (Cidr c : networks) {
            if (networks.stream().anyMatch(o -> !o.equals(c) && o.contains(c))) {
                continue; // counted with the network that contains it
            }
            Translation t = TRANSLATIONS.stream().filter(x -> x.contains(c)).findFirst().orElse(null);
            if (t != null) {
                ipv4 = ipv4.add(BigInteger.TWO.pow(32 - t.ipv4Prefix(c)));
            } else if (c.family() == IpFamily.IPV4 && LOCAL_IPV4.stream().noneMatch(l -> l.contains(c))) {
                ipv4 = ipv4.add(BigInteger.TWO.pow(32 - c.prefixLength()));
            } else if (c.family() == IpFamily.IPV6 && !isLocal(c)) {
                ipv6 = ipv6.add(BigInteger.TWO.pow(128 - c.prefixLength()));
            }
        }
        if (ipv4.compareTo(MAX_IPV4_TOTAL) > 0) {
            problems.add(SpecProblem.of(field, "together cover " + ipv4 + " public IPv4 addresses, more than "
                    + "one /8 (" + MAX_IPV4_TOTAL + ") " + purpose + ": that is a sizeable part of the Internet"));
        }
        if (ipv6.compareTo(MAX_IPV6_TOTAL) > 0) {
            problems.add(SpecProblem.of(field, "together cover more global IPv6 addresses than one /28 (sixteen"
                    + " provider allocations) " + purpose + ": that is a sizeable part of the Internet"));
        }
    }

    private static boolean isLocal(Cidr c) {
        return LOCAL_IPV6.stream().anyMatch(l -> l.contains(c));
    }

    /**
     * An IPv6 range whose addresses carry an IPv4 address from bit {@code offset} on. Held as an
     * ipaddress block, not a {@link Cidr}: Cidr refuses the IPv4-mapped range as a network.
     */
    private record Translation(String name, String text, int offset, IPAddress range) {

        Translation(String name, String text, int offset) {
            this(name, text, offset, new IPAddressString(text).getAddress().toPrefixBlock());
        }

        /** @return whether the network lies within this range */
        boolean contains(Cidr network) {
            return range.contains(block(network));
        }

        /** @return whether this whole range lies within the network */
        boolean isInside(Cidr network) {
            return block(network).contains(range);
        }

        private static IPAddress block(Cidr network) {
            return new IPAddressString(network.toCidrString()).getAddress().toPrefixBlock();
        }

        /** @return the prefix length of the IPv4 network that a network inside this range stands for */
        int ipv4Prefix(Cidr inside) {
            return Math.max(0, Math.min(32, inside.prefixLength() - offset));
        }
    }
}
