package dev.portcullis.firewallaudit;

import dev.portcullis.PortRange;
import dev.portcullis.Protocol;
import dev.portcullis.preflight.BlockQuery;
import dev.portcullis.preflight.BlockingRule;
import dev.portcullis.preflight.PortList;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code ufw status verbose}: whether ufw is active, its default policies, and its rules
 * ("25/tcp   DENY IN   Anywhere"), to find those that deny or reject the spec's ports.
 */
final class UfwStatus {

    /** A rule. @param to what it matches ("25/tcp (v6)") @param action "DENY IN" @param from the source */
    record Rule(String to, String action, String from) {
        @Override
        public String toString() {
            return to + "  " + action + "  " + from;
        }
    }

    private final boolean active;
    private final String defaults;
    private final List<Rule> rules;

    private UfwStatus(boolean active, String defaults, List<Rule> rules) {
        this.active = active;
        this.defaults = defaults;
        this.rules = List.copyOf(rules);
    }

    static UfwStatus parse(String text) {
        boolean active = false;
        String defaults = "";
        List<Rule> rules = new ArrayList<>();
        boolean inRules = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("Status:")) {
                active = line.substring("Status:".length()).strip().equals("active");
            } else if (line.startsWith("Default:")) {
                defaults = line.substring("Default:".length()).strip();
            } else if (line.startsWith("--")) {
                inRules = true;
            } else if (inRules && !line.isEmpty()) {
                String[] f = line.split("\\s{2,}");
                if (f.length >= 3) {
                    rules.add(new Rule(f[0], f[1], f[2]));
                }
            }
        }
        return new UfwStatus(active, defaults, rules);
    }

    boolean active() {
        return active;
    }

    /** @return "deny (incoming), allow (outgoing), deny (routed)", or empty when not shown */
    String defaults() {
        return defaults;
    }

    List<Rule> rules() {
        return rules;
    }

    List<BlockingRule> blocking(BlockQuery query) {
        List<BlockingRule> found = new ArrayList<>();
        for (Rule r : rules) {
            String[] action = r.action().split("\\s+");
            if (!action[0].equals("DENY") && !action[0].equals("REJECT")) {
                continue;
            }
            boolean outbound = action.length > 1 && action[1].equals("OUT");
            boolean inbound = action.length == 1 || action[1].equals("IN");
            String to = r.to().replace("(v6)", "").strip();
            int slash = to.indexOf('/');
            Protocol protocol = slash < 0 ? null : BlockQuery.protocol(to.substring(slash + 1));
            List<PortRange> ports = PortList.parse(slash < 0 ? to : to.substring(0, slash));
            if (ports.isEmpty()) {
                continue;
            }
            found.addAll(query.judge("ufw", "ufw", r.toString(), protocol, ports, inbound, outbound));
        }
        return found;
    }
}
