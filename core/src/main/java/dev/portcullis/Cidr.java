package dev.portcullis;

import dev.portcullis.internal.Text;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/48}); a
 * bare address means a single host. Parsed strictly without DNS lookups (seancfoley
 * {@code ipaddress}): no inet_aton forms, no leading zeros, no host bits beyond the prefix.
 *
 * <p>An IPv4-mapped IPv6 network ({@code ::ffff:198.51.100.7}) parses, and
 * {@link #ipv4MappedProblem()} says why a firewall rule cannot use one.
 */
public final class Cidr implements Comparable<Cidr> {

    /** Hex digits, dots and colons, then an optional decimal prefix without leading zeros. */
    private static final Pattern SHAPE = Pattern.compile("[0-9A-Fa-f.:]+(/(0|[1-9][0-9]{0,2}))?");

    // Characters are pre-filtered to hex digits, '.', ':' and '/', so no wildcard or range forms
    // can appear; these settings refuse the remaining lenient forms.
    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowMask(false).allowSingleSegment(false)
            .allow_inet_aton(false)
            .getIPv4AddressParametersBuilder().allowLeadingZeros(false)
            .getParentBuilder()
            .getIPv6AddressParametersBuilder().allowZone(false)
            .getParentBuilder().toParams();

    /** {@code ::ffff:0:0/96}: IPv4 addresses written as IPv6, which never appear as such on the wire. */
    private static final IPAddress IPV4_MAPPED = new IPAddressString("::ffff:0:0/96").getAddress().toPrefixBlock();

    /** Every IPv4 address. */
    public static final Cidr ANY_IPV4 = parse("0.0.0.0/0");
    /** Every IPv6 address. */
    public static final Cidr ANY_IPV6 = parse("::/0");

    private final IPAddress network;

    private Cidr(IPAddress network) {
        this.network = network;
    }

    /**
     * @param text a CIDR or a bare address
     * @return the network
     * @throws InvalidSpecException when it is not a CIDR
     */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new InvalidSpecException("", "is missing");
        }
        if (text.length() > 64 || !SHAPE.matcher(text).matches()) {
            throw new InvalidSpecException("", Text.show(text) + " is not a CIDR");
        }
        IPAddress address;
        try {
            address = new IPAddressString(text, STRICT).toAddress();
        } catch (AddressStringException | RuntimeException e) {
            throw new InvalidSpecException("", Text.show(text) + " is not a CIDR");
        }
        if (address.isMultiple() && !address.isPrefixed()) {
            throw new InvalidSpecException("", Text.show(text) + " is not a CIDR");
        }
        if (!address.isPrefixed()) {
            address = address.setPrefixLength(address.getBitCount(), false);
        }
        IPAddress network = address.toPrefixBlock();
        if (!network.getLower().equals(address.getLower())) {
            throw new InvalidSpecException("", Text.show(text) + " has host bits set beyond /"
                    + address.getNetworkPrefixLength() + "; did you mean " + network.toCanonicalString() + "?");
        }
        return new Cidr(network);
    }

    /**
     * Why a firewall rule cannot filter by this network, when it lies within the IPv4-mapped IPv6
     * range {@code ::ffff:0:0/96}: no IPv6 packet carries such an address (an IPv4 client's
     * packets are IPv4), so an ip6tables, firewalld or nftables rule written with it never matches
     * and the IPv4 host it names is never filtered; a mail server never sees a client by it either.
     *
     * @return the reason, naming the IPv4 form to write instead; empty for any other network
     */
    public java.util.Optional<String> ipv4MappedProblem() {
        if (!IPV4_MAPPED.contains(network)) {
            return java.util.Optional.empty();
        }
        inet.ipaddr.ipv4.IPv4Address v4 = network.toIPv6().getEmbeddedIPv4Address();
        int prefix = prefixLength() - 96;
        String ipv4 = v4.getLower().withoutPrefixLength().toCanonicalString() + (prefix == 32 ? "" : "/" + prefix);
        String mapped = network.toIPv6().getLower().withoutPrefixLength().toMixedString()
                + (isHost() ? "" : "/" + prefixLength());
        return java.util.Optional.of("'" + mapped + "' is an IPv4-mapped IPv6 address, which no"
                + " IPv6 packet carries, so no firewall rule or server can match it; write the IPv4 form " + ipv4
                + " instead");
    }

    /** @return IPv4 or IPv6 */
    public IpFamily family() {
        return network.isIPv4() ? IpFamily.IPV4 : IpFamily.IPV6;
    }

    /** @return prefix length in bits */
    public int prefixLength() {
        return network.getNetworkPrefixLength();
    }

    /** @return whether it is one address (/32 or /128) */
    public boolean isHost() {
        return prefixLength() == network.getBitCount();
    }

    /** @return whether it covers the whole address space of its family */
    public boolean isAny() {
        return prefixLength() == 0;
    }

    /** @return the network address, e.g. "203.0.113.0" */
    public String address() {
        return network.getLower().withoutPrefixLength().toCanonicalString();
    }

    /**
     * @param other another network
     * @return whether this network contains all of the other
     */
    public boolean contains(Cidr other) {
        return network.contains(other.network);
    }

    /** @return canonical CIDR text, always with a prefix, e.g. "2001:db8::/48" */
    public String toCidrString() {
        return address() + "/" + prefixLength();
    }

    @Override
    public int compareTo(Cidr o) {
        if (family() != o.family()) {
            return family().compareTo(o.family());
        }
        // By address, then by prefix: ipaddress's own order puts smaller blocks first, which reads oddly.
        int byAddress = network.getValue().compareTo(o.network.getValue());
        return byAddress != 0 ? byAddress : Integer.compare(prefixLength(), o.prefixLength());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr && ((Cidr) o).toCidrString().equals(toCidrString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toCidrString());
    }

    @Override
    public String toString() {
        return toCidrString();
    }
}
