package dev.portcullis.plan;

/**
 * One difference between a spec and the live host.
 *
 * @param subject what differs ("rule tcp/25 from 203.0.113.0/24", "main.cf message_size_limit")
 * @param expected what the spec wants
 * @param actual what the host has
 * @param where which part of the host ("runtime", "permanent", "iptables", "ip6tables", "main.cf", "smtp")
 */
public record Drift(String subject, String expected, String actual, String where) {

    @Override
    public String toString() {
        return "[" + where + "] " + subject + ": expected " + expected + ", found " + actual;
    }
}
