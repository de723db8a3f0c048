package dev.portcullis;

/** Transport protocol of a port rule. */
public enum Protocol {
    /** TCP. */
    TCP,
    /** UDP. */
    UDP;

    /** @return the lower-case name tools use ("tcp", "udp") */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
