package dev.portcullis;

/** IP version. */
public enum IpFamily {
    /** IPv4. */
    IPV4,
    /** IPv6. */
    IPV6
}
