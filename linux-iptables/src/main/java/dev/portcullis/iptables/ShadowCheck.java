package dev.portcullis.iptables;

import dev.portcullis.Cidr;
import dev.portcullis.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a foreign rule that the host reaches before the jump to an owned chain can
 * take the decision for traffic an owned rule governs. It reads the matches it understands
 * (protocol, addresses, destination ports, connection state, loopback) and assumes the worst of
 * the others: a rule that may overlap is reported, because a shadowed rule is a silent failure.
 */
final class ShadowCheck {

    private static final Set<String> DECIDING_TARGETS = Set.of("ACCEPT", "DROP", "REJECT");

    private ShadowCheck() {
    }

    /**
     * @param foreign a rule above the jump
     * @param owned an owned rule
     * @return whether the foreign rule decides some traffic the owned rule would decide
     */
    static boolean shadows(IptablesRuleLine foreign, IptablesRuleLine owned) {
        if (!foreign.target().map(DECIDING_TARGETS::contains).orElse(false)) {
            return false; // LOG, RETURN, jumps into other chains: the packet goes on
        }
        return mayOverlap(foreign, owned);
    }

    /**
     * Whether some packet may match both rules, whatever their targets. Owned rules below the
     * chain's established/related rule see new connections only, unless they name a state.
     *
     * @param foreign a foreign rule
     * @param owned an owned rule
     * @return false only when the matches this check reads prove the two rules disjoint
     */
    static boolean mayOverlap(IptablesRuleLine foreign, IptablesRuleLine owned) {
        List<String> a = foreign.args();
        for (int i = 0; i < a.size(); i++) {
            String word = a.get(i);
            String next = i + 1 < a.size() ? a.get(i + 1) : "";
            if (word.equals("!")) {
                i++; // negations: assume they may match
                continue;
            }
            switch (word) {
                case "-j", "-g" -> {
                    return true;
                }
                case "-p" -> {
                    String proto = owned.value("-p").orElse("all");
                    if (!next.equals("all") && !proto.equals("all") && !next.equals(proto)) {
                        return false;
                    }
                }
                case "-s", "-d" -> {
                    if (owned.value(word).isPresent() && !overlap(next, owned.value(word).get())) {
                        return false;
                    }
                }
                case "-i" -> {
                    if (next.equals("lo")) {
                        return false; // loopback traffic is not what a port policy is about
                    }
                }
                case "--dport", "--dports", "--destination-port", "--destination-ports" -> {
                    if (!portsOverlap(next, ownedPorts(owned))) {
                        return false;
                    }
                }
                case "--ctstate", "--state" -> {
                    Set<String> ownedStates = owned.value("--ctstate").map(s -> Set.of(s.split(",")))
                            .orElse(Set.of("NEW")); // the established rule heads the owned chain
                    if (List.of(next.split(",")).stream().noneMatch(ownedStates::contains)) {
                        return false;
                    }
                }
                default -> {
                    // A match this check does not read: it may match.
                }
            }
        }
        return true;
    }

    private static String ownedPorts(IptablesRuleLine owned) {
        return owned.value("--dport").or(() -> owned.value("--dports")).orElse("1:65535");
    }

    private static boolean overlap(String a, String b) {
        try {
            Cidr x = Cidr.parse(a);
            Cidr y = Cidr.parse(b);
            return x.family() == y.family() && (x.contains(y) || y.contains(x));
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static boolean portsOverlap(String a, String b) {
        List<PortRange> x = ranges(a);
        List<PortRange> y = ranges(b);
        if (x.isEmpty() || y.isEmpty()) {
            return true;
        }
        for (PortRange p : x) {
            for (PortRange q : y) {
                if (p.from() <= q.to() && q.from() <= p.to()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<PortRange> ranges(String text) {
        List<PortRange> out = new ArrayList<>();
        try {
            for (String part : text.split(",")) {
                String[] ends = part.split(":");
                int from = ends[0].isEmpty() ? 1 : Integer.parseInt(ends[0]);
                int to = ends.length < 2 ? from : ends[1].isEmpty() ? 65535 : Integer.parseInt(ends[1]);
                out.add(PortRange.of(from, to));
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        return out;
    }
}
