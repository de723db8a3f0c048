package dev.portcullis.postfix;

import dev.portcullis.HostName;
import dev.portcullis.IpFamily;
import dev.portcullis.MailServerSpec;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The DNS records a mail server needs beyond its own configuration, derived from a
 * {@link MailServerSpec}: MX for every accepted domain (or the origin), an SPF TXT record allowing
 * the MX hosts, a DMARC TXT record starting in monitoring mode, an SPF record for the server's own
 * HELO name, the DKIM public key of every signing domain when the server signs, and the PTR (reverse DNS) that only the provider of the server's address can set.
 * Receivers reject or junk mail from servers without matching PTR and SPF, so these belong in
 * every plan. Pure data: nothing is looked up.
 *
 * <pre>{@code
 * DnsRecords.forSpec(spec).records().forEach(r -> System.out.println(r.toZoneLine()));
 * }</pre>
 */
public final class DnsRecords {

    private final List<DnsRecord> records;

    private DnsRecords(List<DnsRecord> records) {
        this.records = List.copyOf(records);
    }

    /**
     * @param spec the mail server
     * @return the records it needs
     */
    public static DnsRecords forSpec(MailServerSpec spec) {
        return forSpec(spec, java.util.Optional.empty());
    }

    /**
     * @param spec the mail server
     * @param dkimPublicKey the public half of its DKIM key as PEM ({@code openssl pkey -pubout}), once
     *     generated on the host; without it the DKIM records say where the key will come from
     * @return the records it needs, with a DKIM TXT record per signing domain when it signs
     */
    public static DnsRecords forSpec(MailServerSpec spec, java.util.Optional<String> dkimPublicKey) {
        String host = fqdn(spec.hostname());
        Set<HostName> domains = new LinkedHashSet<>(spec.acceptedDomains());
        if (domains.isEmpty()) {
            domains.add(spec.origin());
        }
        List<DnsRecord> r = new ArrayList<>();
        for (HostName d : domains) {
            r.add(new DnsRecord("MX", fqdn(d), "10 " + host, "mail for " + d + " goes to " + spec.hostname()));
        }
        for (HostName d : domains) {
            r.add(new DnsRecord("TXT", fqdn(d), "\"v=spf1 mx -all\"", "SPF: only the MX hosts of " + d + " send its mail"));
        }
        r.add(new DnsRecord("TXT", host, "\"v=spf1 a -all\"", "SPF for the HELO name " + spec.hostname()));
        for (HostName d : domains) {
            r.add(new DnsRecord("TXT", "_dmarc." + fqdn(d), "\"v=DMARC1; p=none; rua=mailto:postmaster@" + d + "\"",
                    "DMARC in monitoring mode; raise p= to quarantine once the reports are clean"));
        }
        spec.dkim().ifPresent(d -> {
            String value = dkimPublicKey.map(OpenDkim::txtValue)
                    .orElse("(the public key, known once apply has generated it on the host)");
            for (HostName domain : OpenDkim.signingDomains(spec)) {
                r.add(new DnsRecord("TXT", d.selector() + "._domainkey." + fqdn(domain), value, "DKIM: the public key of selector "
                        + d.selector() + " (" + d.keyBits() + "-bit RSA) that receivers check " + domain + "'s signatures with"));
            }
        });
        r.addAll(pointers(spec, host));
        return new DnsRecords(r);
    }

    private static List<DnsRecord> pointers(MailServerSpec spec, String host) {
        List<DnsRecord> r = new ArrayList<>();
        for (String listen : spec.listenAddresses()) {
            InetAddress a = literal(listen);
            if (a != null && !a.isLoopbackAddress()) {
                r.add(new DnsRecord("PTR", reverseName(a), host, "ask the provider of " + listen
                        + " to set this reverse DNS record; it must match the A/AAAA record of " + spec.hostname()));
            }
        }
        if (r.isEmpty()) {
            for (IpFamily family : spec.ipFamilies()) {
                String kind = family == IpFamily.IPV4 ? "IPv4" : "IPv6";
                r.add(new DnsRecord("PTR", "(reverse name of the public " + kind + " address of " + spec.hostname() + ")",
                        host, "ask the provider of the server's public " + kind + " address for this reverse DNS record;"
                                + " it must match the " + (family == IpFamily.IPV4 ? "A" : "AAAA") + " record of "
                                + spec.hostname()));
            }
        }
        return r;
    }

    /**
     * @param address an IP address
     * @return its reverse DNS name ("7.113.0.203.in-addr.arpa.", nibbles under ip6.arpa. for IPv6)
     */
    static String reverseName(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder();
        if (address instanceof Inet4Address) {
            for (int i = b.length - 1; i >= 0; i--) {
                sb.append(b[i] & 0xff).append('.');
            }
            return sb.append("in-addr.arpa.").toString();
        }
        for (int i = b.length - 1; i >= 0; i--) {
            sb.append(Integer.toHexString(b[i] & 0x0f)).append('.').append(Integer.toHexString((b[i] >> 4) & 0x0f)).append('.');
        }
        return sb.append("ip6.arpa.").toString();
    }

    private static InetAddress literal(String address) {
        try {
            return address.matches("[0-9a-fA-F:.]+") ? InetAddress.getByName(address) : null; // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String fqdn(HostName name) {
        return name.value() + ".";
    }

    /** @return every record, MX first, PTR last */
    public List<DnsRecord> records() {
        return records;
    }

    /**
     * @param type "MX", "TXT" or "PTR"
     * @return the records of that type
     */
    public List<DnsRecord> ofType(String type) {
        return records.stream().filter(r -> r.type().equals(type)).toList();
    }

    /** @return the records as zone file lines */
    public String toZoneText() {
        StringBuilder sb = new StringBuilder();
        records.forEach(r -> sb.append(r.toZoneLine()).append('\n'));
        return sb.toString();
    }

    /** @return one plan note per record ("DNS to publish: ...") */
    public List<String> asNotes() {
        return records.stream().map(r -> "DNS to publish: " + r.toZoneLine()).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnsRecords d && records.equals(d.records);
    }

    @Override
    public int hashCode() {
        return Objects.hash(records);
    }

    @Override
    public String toString() {
        return toZoneText();
    }
}
