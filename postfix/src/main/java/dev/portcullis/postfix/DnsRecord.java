package dev.portcullis.postfix;

import java.util.Objects;

/**
 * One DNS record an admin must publish (or, for PTR, ask the address's provider for).
 *
 * @param type "MX", "TXT" or "PTR"
 * @param name the owner name, fully qualified with a trailing dot ("example.com.",
 *     "_dmarc.example.com.", "7.113.0.203.in-addr.arpa."); for a PTR whose address is not known
 *     yet, a description in parentheses
 * @param value the record data as written in a zone file ("10 mail.example.com.", "\"v=spf1 mx -all\"")
 * @param comment why the record is needed, and who publishes it
 */
public record DnsRecord(String type, String name, String value, String comment) {

    /**
     * Refuses a missing part: every record has all four.
     *
     * @param type "MX", "TXT" or "PTR"
     * @param name the owner name, fully qualified with a trailing dot
     * @param value the record data as written in a zone file
     * @param comment why the record is needed, and who publishes it
     */
    public DnsRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(comment, "comment");
    }

    /** @return the record as a zone file line with its comment, e.g. {@code example.com. IN MX 10 mail.example.com. ; ...} */
    public String toZoneLine() {
        return name + " IN " + type + " " + value + " ; " + comment;
    }

    @Override
    public String toString() {
        return toZoneLine();
    }
}
