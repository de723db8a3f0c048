package dev.portcullis.preflight;

import dev.portcullis.PortRange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code iptables-save} (and {@code ip6tables-save}, {@code iptables-legacy-save}): tables,
 * chain policies and rules, and finds the rules that drop or reject the spec's ports in a chain
 * that inbound (INPUT, PREROUTING) or outbound (OUTPUT) traffic actually passes through.
 */
final class IptablesSave {

    /** A rule. @param table its table @param chain its chain @param text the line @param tokens its words */
    record Rule(String table, String chain, String text, List<String> tokens) {
    }

    private final Set<String> tables = new LinkedHashSet<>();
    private final Map<String, String> policies = new LinkedHashMap<>();
    private final Map<String, Set<String>> chains = new HashMap<>();
    private final List<Rule> rules = new ArrayList<>();

    private IptablesSave() {
    }

    static IptablesSave parse(String text) {
        IptablesSave s = new IptablesSave();
        String table = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                table = line.substring(1);
                s.tables.add(table);
                s.chains.put(table, new HashSet<>());
            } else if (line.startsWith(":") && table != null) {
                String[] f = line.substring(1).split("\\s+");
                s.chains.get(table).add(f[0]);
                if (f.length > 1 && !f[1].equals("-")) {
                    s.policies.put(table + " " + f[0], f[1]);
                }
            } else if (line.startsWith("-A ") && table != null) {
                List<String> tokens = tokens(line);
                s.rules.add(new Rule(table, tokens.get(1), line, tokens));
            }
        }
        return s;
    }

    /** Splits on spaces, keeping "double quoted" words (comments) whole. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == '\\' && quoted && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    Set<String> tables() {
        return tables;
    }

    /** @return "table CHAIN" to policy, for built-in chains */
    Map<String, String> policies() {
        return policies;
    }

    List<Rule> rules() {
        return rules;
    }

    /**
     * @return whether anything filters: a rule in the filter table, or a filter chain whose policy
     *         is not ACCEPT (nat rules, such as Docker's DNS redirects, filter nothing)
     */
    boolean active() {
        return filterRules() > 0 || policies.entrySet().stream()
                .anyMatch(e -> e.getKey().startsWith("filter ") && !e.getValue().equals("ACCEPT"));
    }

    /** @return how many rules the filter table holds */
    long filterRules() {
        return rules.stream().filter(r -> r.table().equals("filter")).count();
    }

    List<BlockingRule> blocking(String firewall, BlockQuery query) {
        List<BlockingRule> found = new ArrayList<>();
        for (String table : tables) {
            Set<String> inbound = reachable(table, List.of("INPUT", "PREROUTING"));
            Set<String> outbound = reachable(table, List.of("OUTPUT"));
            for (Rule r : rules) {
                if (!r.table().equals(table)) {
                    continue;
                }
                String target = valueOf(r.tokens(), "-j", "--jump");
                if (!"DROP".equals(target) && !"REJECT".equals(target)) {
                    continue;
                }
                List<PortRange> dports = dports(r.tokens());
                if (dports.isEmpty()) {
                    continue;
                }
                found.addAll(query.judge(firewall, table + " " + r.chain(), r.text(),
                        BlockQuery.protocol(valueOf(r.tokens(), "-p", "--protocol")), dports,
                        inbound.contains(r.chain()), outbound.contains(r.chain())));
            }
        }
        return found;
    }

    /** The destination ports a rule matches; empty when it has none or negates them. */
    static List<PortRange> dports(List<String> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("--dport") || t.equals("--destination-port") || t.equals("--dports")
                    || t.equals("--destination-ports")) {
                if (i > 0 && tokens.get(i - 1).equals("!") || i + 1 >= tokens.size()) {
                    return List.of();
                }
                return PortList.parse(tokens.get(i + 1));
            }
        }
        return List.of();
    }

    private static String valueOf(List<String> tokens, String... names) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            for (String n : names) {
                if (tokens.get(i).equals(n) && !(i > 0 && tokens.get(i - 1).equals("!"))) {
                    return tokens.get(i + 1);
                }
            }
        }
        return null;
    }

    private Set<String> reachable(String table, List<String> roots) {
        Set<String> declared = chains.getOrDefault(table, Set.of());
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String root : roots) {
            if (declared.contains(root)) {
                todo.add(root);
            }
        }
        while (!todo.isEmpty()) {
            String chain = todo.poll();
            if (!seen.add(chain)) {
                continue;
            }
            for (Rule r : rules) {
                if (r.table().equals(table) && r.chain().equals(chain)) {
                    String next = valueOf(r.tokens(), "-j", "--jump", "-g", "--goto");
                    if (next != null && declared.contains(next)) {
                        todo.add(next);
                    }
                }
            }
        }
        return seen;
    }
}
