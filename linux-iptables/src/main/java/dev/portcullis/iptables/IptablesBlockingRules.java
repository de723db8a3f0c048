package dev.portcullis.iptables;

import dev.portcullis.PortRange;
import dev.portcullis.preflight.BlockQuery;
import dev.portcullis.preflight.BlockingRule;
import dev.portcullis.preflight.PortList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds, in one {@code iptables-save} output, the DROP and REJECT rules on destination ports that
 * traffic to this host (INPUT, PREROUTING and the chains they jump to) or from it (OUTPUT) really
 * passes through. A rule in a chain nothing jumps to filters nothing and is not reported.
 */
final class IptablesBlockingRules {

    private IptablesBlockingRules() {
    }

    static List<BlockingRule> find(IptablesSave save, String firewall, BlockQuery query) {
        List<BlockingRule> found = new ArrayList<>();
        for (IptablesSave.Table table : save.tables().values()) {
            Set<String> inbound = reachable(table, List.of("INPUT", "PREROUTING"));
            Set<String> outbound = reachable(table, List.of("OUTPUT"));
            for (IptablesRuleLine r : table.rules()) {
                String target = value(r.args(), "-j", "--jump");
                if (!"DROP".equals(target) && !"REJECT".equals(target)) {
                    continue;
                }
                List<PortRange> dports = dports(r.args());
                if (dports.isEmpty()) {
                    continue;
                }
                found.addAll(query.judge(firewall, table.name() + " " + r.chain(), r.appendLine(),
                        BlockQuery.protocol(value(r.args(), "-p", "--protocol")), dports,
                        inbound.contains(r.chain()), outbound.contains(r.chain())));
            }
        }
        return found;
    }

    /** The destination ports a rule matches; empty when it has none or negates them. */
    static List<PortRange> dports(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i);
            if (t.equals("--dport") || t.equals("--destination-port") || t.equals("--dports")
                    || t.equals("--destination-ports")) {
                if (i > 0 && args.get(i - 1).equals("!") || i + 1 >= args.size()) {
                    return List.of();
                }
                return PortList.parse(args.get(i + 1));
            }
        }
        return List.of();
    }

    /** The word after the first of the options that is not negated, or null. */
    private static String value(List<String> args, String... options) {
        for (int i = 0; i + 1 < args.size(); i++) {
            for (String o : options) {
                if (args.get(i).equals(o) && !(i > 0 && args.get(i - 1).equals("!"))) {
                    return args.get(i + 1);
                }
            }
        }
        return null;
    }

    private static Set<String> reachable(IptablesSave.Table table, List<String> roots) {
        Set<String> declared = table.chains().keySet();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        roots.stream().filter(declared::contains).forEach(todo::add);
        while (!todo.isEmpty()) {
            String chain = todo.poll();
            if (!seen.add(chain)) {
                continue;
            }
            for (IptablesRuleLine r : table.rules(chain)) {
                String next = value(r.args(), "-j", "--jump", "-g", "--goto");
                if (next != null && declared.contains(next)) {
                    todo.add(next);
                }
            }
        }
        return seen;
    }
}
