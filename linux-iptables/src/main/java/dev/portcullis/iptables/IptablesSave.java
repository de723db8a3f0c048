package dev.portcullis.iptables;

import dev.portcullis.preflight.BlockQuery;
import dev.portcullis.preflight.BlockingRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed output of one {@code iptables-save} (or {@code ip6tables-save},
 * {@code iptables-legacy-save}): tables, their chains with policies, and their rules in order.
 * Immutable. The one parser of this format: the backend plans from it, and preflight audits it
 * for rules that block what a spec needs ({@link #blocking}).
 */
public final class IptablesSave {

    private static final Set<String> BUILT_IN = Set.of("INPUT", "FORWARD", "OUTPUT", "PREROUTING", "POSTROUTING");

    /**
     * One table.
     *
     * @param name "filter", "nat", ...
     * @param chains chain name to policy ("ACCEPT", "DROP", or "-" for user chains), in order
     * @param rules every rule of the table, in order
     */
    record Table(String name, Map<String, String> chains, List<IptablesRuleLine> rules) {
        Table {
            chains = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(chains));
            rules = List.copyOf(rules);
        }

        /**
         * @param chain a chain name
         * @return its rules, in order
         */
        List<IptablesRuleLine> rules(String chain) {
            return rules.stream().filter(r -> r.chain().equals(chain)).toList();
        }

        /** @return whether the table holds only built-in chains with ACCEPT policies and no rules */
        boolean isPristine() {
            return rules.isEmpty() && chains.entrySet().stream()
                    .allMatch(e -> BUILT_IN.contains(e.getKey()) && e.getValue().equals("ACCEPT"));
        }
    }

    /**
     * @param chain a chain name
     * @return whether it is one of the kernel's built-in chains
     */
    static boolean isBuiltIn(String chain) {
        return BUILT_IN.contains(chain);
    }

    private static final IptablesSave EMPTY = new IptablesSave(Map.of(), "");

    private final Map<String, Table> tables;
    private final String text;

    private IptablesSave(Map<String, Table> tables, String text) {
        this.tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        this.text = text;
    }

    /** @return the output of a host without any table */
    static IptablesSave empty() {
        return EMPTY;
    }

    /**
     * @param text what {@code iptables-save} printed
     * @return the parsed tables
     * @throws IllegalArgumentException when the text is not iptables-save output, naming the line
     */
    public static IptablesSave parse(String text) {
        Map<String, Table> tables = new LinkedHashMap<>();
        String table = null;
        Map<String, String> chains = new LinkedHashMap<>();
        List<IptablesRuleLine> rules = new ArrayList<>();
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("*")) {
                if (table != null) {
                    throw new IllegalArgumentException("line " + number + ": table " + table + " lacks COMMIT");
                }
                table = line.substring(1);
                chains = new LinkedHashMap<>();
                rules = new ArrayList<>();
            } else if (table == null) {
                throw new IllegalArgumentException("line " + number + ": outside a table: " + line);
            } else if (line.equals("COMMIT")) {
                tables.put(table, new Table(table, chains, rules));
                table = null;
            } else if (line.startsWith(":")) {
                String[] parts = line.substring(1).split("\\s+");
                chains.put(parts[0], parts.length > 1 ? parts[1] : "-");
            } else if (line.startsWith("-A ")) {
                try {
                    rules.add(IptablesRuleLine.parseAppend(line));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
                }
            } else {
                throw new IllegalArgumentException("line " + number + ": unexpected: " + line);
            }
        }
        if (table != null) {
            throw new IllegalArgumentException("table " + table + " lacks COMMIT");
        }
        return new IptablesSave(tables, text);
    }

    /**
     * @param name table name
     * @return the table, if the host has it
     */
    Optional<Table> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** @return the filter table, or an empty one */
    Table filter() {
        return tables.getOrDefault("filter", new Table("filter", Map.of(), List.of()));
    }

    /** @return the tables in output order */
    Map<String, Table> tables() {
        return tables;
    }

    /** @return the text this was parsed from */
    String text() {
        return text;
    }

    /** @return the names of the tables, in output order */
    public Set<String> tableNames() {
        return tables.keySet();
    }

    /** @return the names of the chains every table declares, built-in and user-defined, in output order */
    public Set<String> chainNames() {
        Set<String> names = new java.util.LinkedHashSet<>();
        tables.values().forEach(t -> names.addAll(t.chains().keySet()));
        return java.util.Collections.unmodifiableSet(names);
    }

    /** @return how many rules the filter table holds */
    public long filterRules() {
        return filter().rules().size();
    }

    /**
     * @param chain a built-in chain of the filter table ("INPUT")
     * @return its policy ("ACCEPT", "DROP"), if the table declares the chain
     */
    public Optional<String> filterPolicy(String chain) {
        return Optional.ofNullable(filter().chains().get(chain)).filter(p -> !p.equals("-"));
    }

    /**
     * @return whether anything filters: a rule in the filter table, or a filter chain whose policy
     *         is not ACCEPT (nat rules, such as Docker's DNS redirects, filter nothing)
     */
    public boolean filtersAnything() {
        return filterRules() > 0 || filter().chains().values().stream().anyMatch(p -> !p.equals("-") && !p.equals("ACCEPT"));
    }

    /**
     * Finds the rules that drop or reject what a spec needs, in a chain that inbound (INPUT,
     * PREROUTING) or outbound (OUTPUT) traffic actually passes through.
     *
     * @param firewall how the report names this output's tool ("iptables", "ip6tables-legacy")
     * @param query the spec's ports and tag
     * @return the blocking rules, in table and rule order
     */
    public List<BlockingRule> blocking(String firewall, BlockQuery query) {
        return IptablesBlockingRules.find(this, firewall, query);
    }

    /**
     * The content that matters when comparing two states of a host: every table line except
     * comments, with chain counters removed. Tables that are pristine (nothing but built-in
     * chains accepting everything) are left out: iptables-nft creates them on first use, and a
     * pristine table filters exactly as no table.
     *
     * @return comparable lines
     */
    List<String> comparableLines() {
        List<String> lines = new ArrayList<>();
        for (Table t : tables.values()) {
            if (t.isPristine()) {
                continue;
            }
            lines.add("*" + t.name());
            t.chains().forEach((chain, policy) -> lines.add(":" + chain + " " + policy));
            t.rules().forEach(r -> lines.add(r.appendLine()));
            lines.add("COMMIT");
        }
        return lines;
    }

    /**
     * @param other another state of the same host
     * @return the comparable lines that differ, prefixed "-" (only here) or "+" (only there)
     */
    List<String> differencesTo(IptablesSave other) {
        List<String> mine = comparableLines();
        List<String> theirs = other.comparableLines();
        List<String> out = new ArrayList<>();
        List<String> onlyMine = new ArrayList<>(mine);
        theirs.forEach(onlyMine::remove);
        List<String> onlyTheirs = new ArrayList<>(theirs);
        mine.forEach(onlyTheirs::remove);
        onlyMine.forEach(l -> out.add("-" + l));
        onlyTheirs.forEach(l -> out.add("+" + l));
        if (out.isEmpty() && !mine.equals(theirs)) {
            out.add("same rules in another order");
        }
        return out;
    }

    /**
     * @param other another state
     * @return whether both are the same, counters and comments aside
     */
    boolean sameAs(IptablesSave other) {
        return comparableLines().equals(other.comparableLines());
    }
}
