package dev.portcullis.preflight;

import dev.portcullis.Direction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An existing firewall rule that drops or rejects traffic to a port the spec needs, or outbound
 * SMTP.
 *
 * @param firewall which tool holds it: "iptables", "ip6tables", "iptables-legacy", "nftables", "ufw", "windows-firewall"
 * @param location table and chain (or ufw section, or Windows rule name)
 * @param rule the rule as the tool prints it
 * @param direction inbound (it blocks the spec's port) or outbound (it blocks SMTP delivery)
 * @param port the port it blocks
 */
public record BlockingRule(String firewall, String location, String rule, Direction direction, int port) {

    /** @return the rule as a report detail: firewall, location, rule, direction and port */
    public Map<String, Object> toDetail() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("firewall", firewall);
        m.put("location", location);
        m.put("rule", rule);
        m.put("direction", direction.name());
        m.put("port", port);
        return m;
    }

    @Override
    public String toString() {
        return firewall + " " + location + ": " + rule;
    }
}
