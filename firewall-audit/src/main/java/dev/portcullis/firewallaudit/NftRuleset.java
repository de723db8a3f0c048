package dev.portcullis.firewallaudit;

import dev.portcullis.PortRange;
import dev.portcullis.Protocol;
import dev.portcullis.preflight.BlockQuery;
import dev.portcullis.preflight.BlockingRule;
import dev.portcullis.preflight.PortList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code nft list ruleset}: tables, their chains (with hook and policy) and rules, and
 * finds the rules that drop or reject the spec's ports in chains that inbound (hook input or
 * prerouting) or outbound (hook output) traffic reaches through {@code jump}/{@code goto}.
 * Named sets and maps are skipped; a rule matching a named set ({@code @ports}) is not judged.
 */
final class NftRuleset {

    private static final Pattern TABLE = Pattern.compile("^table (\\S+) (\\S+) \\{$");
    private static final Pattern CHAIN = Pattern.compile("^chain (\\S+) \\{$");
    private static final Pattern HOOK = Pattern.compile("\\bhook (\\S+)\\b");
    private static final Pattern POLICY = Pattern.compile("\\bpolicy (\\S+?);");
    private static final Pattern JUMP = Pattern.compile("\\b(?:jump|goto) ([A-Za-z0-9_.:-]+)");
    private static final Pattern DPORT = Pattern.compile("\\b(tcp|udp|th) dport (!= )?(\\{[^}]*\\}|\\S+)");

    /** A chain. @param table "family name" @param name its name @param hook its hook, or null @param policy its policy, or null @param rules its rules */
    record Chain(String table, String name, String hook, String policy, List<String> rules) {
    }

    private final Map<String, Map<String, Chain>> tables = new LinkedHashMap<>();

    private NftRuleset() {
    }

    static NftRuleset parse(String text) {
        NftRuleset r = new NftRuleset();
        String table = null;
        String chain = null;
        String hook = null;
        String policy = null;
        List<String> rules = new ArrayList<>();
        int skipDepth = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (skipDepth > 0) {
                skipDepth += count(line, '{') - count(line, '}');
                continue;
            }
            Matcher t = TABLE.matcher(line);
            if (table == null) {
                if (t.matches()) {
                    table = t.group(1) + " " + t.group(2);
                    r.tables.put(table, new LinkedHashMap<>());
                }
                continue;
            }
            if (chain == null) {
                Matcher c = CHAIN.matcher(line);
                if (c.matches()) {
                    chain = c.group(1);
                    hook = null;
                    policy = null;
                    rules = new ArrayList<>();
                } else if (line.equals("}")) {
                    table = null;
                } else if (line.endsWith("{")) {
                    // a set, map, flowtable or object: not rules
                    skipDepth = count(line, '{') - count(line, '}');
                }
                continue;
            }
            if (line.equals("}")) {
                r.tables.get(table).put(chain, new Chain(table, chain, hook, policy, List.copyOf(rules)));
                chain = null;
            } else if (line.startsWith("type ") && line.contains(" hook ")) {
                Matcher h = HOOK.matcher(line);
                hook = h.find() ? h.group(1) : null;
                Matcher p = POLICY.matcher(line);
                policy = p.find() ? p.group(1) : null;
            } else {
                rules.add(line);
            }
        }
        return r;
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    /** @return "family name" of every table */
    Set<String> tableNames() {
        return tables.keySet();
    }

    /** @return the chains of a table, by name */
    Map<String, Chain> chains(String table) {
        return tables.getOrDefault(table, Map.of());
    }

    /**
     * @param query what to look for
     * @param skip tables another tool reports already ("ip filter" when iptables-nft manages it)
     * @return the rules that block the spec's ports
     */
    List<BlockingRule> blocking(BlockQuery query, Set<String> skip) {
        List<BlockingRule> found = new ArrayList<>();
        for (Map.Entry<String, Map<String, Chain>> t : tables.entrySet()) {
            if (skip.contains(t.getKey())) {
                continue;
            }
            Set<String> inbound = reachable(t.getValue(), Set.of("input", "prerouting"));
            Set<String> outbound = reachable(t.getValue(), Set.of("output"));
            for (Chain c : t.getValue().values()) {
                for (String rule : c.rules()) {
                    if (!isDropOrReject(rule)) {
                        continue;
                    }
                    Matcher m = DPORT.matcher(rule);
                    if (!m.find() || m.group(2) != null) {
                        continue;
                    }
                    List<PortRange> ports = PortList.parse(m.group(3));
                    if (ports.isEmpty()) {
                        continue;
                    }
                    Protocol protocol = m.group(1).equals("th") ? null : BlockQuery.protocol(m.group(1));
                    found.addAll(query.judge("nftables", "table " + t.getKey() + " chain " + c.name(), rule, protocol,
                            ports, inbound.contains(c.name()), outbound.contains(c.name())));
                }
            }
        }
        return found;
    }

    private static boolean isDropOrReject(String rule) {
        List<String> words = List.of(rule.replace(";", " ").split("\\s+"));
        return words.contains("drop") || words.contains("reject");
    }

    private static Set<String> reachable(Map<String, Chain> chains, Set<String> hooks) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        chains.values().stream().filter(c -> c.hook() != null && hooks.contains(c.hook())).forEach(c -> todo.add(c.name()));
        while (!todo.isEmpty()) {
            String name = todo.poll();
            Chain c = chains.get(name);
            if (c == null || !seen.add(name)) {
                continue;
            }
            for (String rule : c.rules()) {
                Matcher j = JUMP.matcher(rule);
                while (j.find()) {
                    todo.add(j.group(1));
                }
            }
        }
        return seen;
    }
}
