package dev.portcullis.examples.nftables;

import dev.portcullis.*;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandFailedException;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.plan.*;
import dev.portcullis.spi.*;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.*;
import java.util.stream.Collectors;

/**
 * An EXAMPLE third-party backend, to show how small one can be: nftables, one chain per direction
 * and policy in its own table {@code inet portcullis}, loaded by one atomic {@code nft -f -}. Each
 * chain's comment carries a fingerprint of its rules, so one {@code nft list table} tells whether
 * the host has converged. The rules keep their written order, so the first that matches decides
 * ({@link PortPolicy#decide}); what none matches leaves the chain (policy accept) to the host's
 * other rules. A rule with at least {@link PortPolicy#sourceSetThreshold()} sources of a family
 * matches them through a named set ({@code ip saddr @in_smtp_1_v4}), filled in the same load. Limits: its chains sit beside the host's rules (a drop elsewhere still drops), and
 * a rate limit is global, not per source. Its low priority leaves auto-detection to the real
 * backends; select it with {@code Provisioner.firewall("example-nftables")}.
 */
public final class NftablesBackend implements FirewallBackend {

    /** The backend id. */
    public static final String ID = "example-nftables";
    private static final String TABLE = "inet portcullis";
    private static final Command LIST = Command.builder("nft").args("list", "table", "inet", "portcullis")
            .successExitCodes(0, 1).build();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public Support supports(HostFacts facts) {
        return facts.osFamily() == HostFacts.OsFamily.LINUX && facts.hasTool("nft") && facts.isRoot()
                ? Support.yes("nft on PATH, running as root (example backend)") : Support.no("needs Linux, nft on PATH and root");
    }

    @Override
    public Plan plan(PortPolicy policy, BackendContext context) {
        policy.zone().ifPresent(z -> { throw new InvalidSpecException("zone", "this nftables example has no zones: zone '"
                + z + "' would open the policy's ports on every interface; leave the zone out"); });
        Map<String, String> live = snapshot(context);
        Map<String, List<String>> sets = new TreeMap<>();
        Map<String, List<String>> want = chains(policy, sets);
        StringBuilder script = new StringBuilder();
        List<String> touched = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        want.forEach((chain, rules) -> {
            List<String> mine = sets.keySet().stream().filter(n -> n.startsWith(chain + "_")).toList();
            String comment = "portcullis " + policy.name() + " v1 " + fingerprint(rules, mine.stream().map(sets::get).toList());
            comments.add(comment);
            if (!live.getOrDefault(chain, "").contains("comment \"" + comment + "\"")) {
                String hook = chain.startsWith("in_") ? "input" : "output";
                mine.forEach(n -> script.append("add set " + TABLE + " " + n + " { type " + (n.endsWith("_v4") ? "ipv4_addr"
                        : "ipv6_addr") + "; flags interval; auto-merge; }\nflush set " + TABLE + " " + n + "\nadd element "
                        + TABLE + " " + n + " { " + String.join(", ", sets.get(n)) + " }\n")); // filled atomically in this load
                // nft keeps an existing chain's comment on "add chain": the chain is replaced, in the same transaction.
                script.append((live.containsKey(chain) ? "delete chain " + TABLE + " " + chain + "\n" : "")
                        + "add chain " + TABLE + " " + chain + " { type filter hook " + hook
                        + " priority filter; policy accept; comment \"" + comment + "\"; }\nflush chain " + TABLE + " " + chain + "\n");
                rules.forEach(r -> script.append("add rule " + TABLE + " " + chain + " " + r + "\n"));
                touched.add(chain);
                touched.addAll(mine.stream().map(n -> "set " + n).toList());
            }
        });
        List<String> stale = owned(live, policy).stream().filter(c -> !want.containsKey(c) && !sets.containsKey(c.replace("set ", ""))).toList();
        script.append(deletes(stale));
        return change("load nftables chains " + touched + " for policy " + policy.name(), policy, context, live, script,
                touched, stale, Probe.output("chains carry " + comments, LIST,
                        out -> comments.stream().allMatch(out::contains) && stale.stream().noneMatch(out::contains)));
    }

    @Override
    public Plan planRemoval(PortPolicy policy, BackendContext context) {
        Map<String, String> live = snapshot(context);
        List<String> owned = owned(live, policy);
        StringBuilder script = new StringBuilder(deletes(owned));
        return change("delete nftables chains " + owned + " of policy " + policy.name(), policy, context, live, script,
                List.of(), owned, Probe.output("no chain of " + policy.name() + " is left", LIST,
                        out -> !out.contains("comment \"portcullis " + policy.name() + " ")));
    }

    @Override
    public VerifyReport verify(PortPolicy policy, BackendContext context) {
        boolean converged = plan(policy, context).isEmpty(); // planning only reads the snapshot
        return new VerifyReport(ID, "policy " + policy.name(), converged ? List.of() : List.of(new Drift("nftables chains of "
                + policy.name(), "as the policy says", "missing or different", "nftables")), List.of());
    }

    /** @return chain name to its rule lines, in the policy's written order */
    static Map<String, List<String>> chains(PortPolicy policy) {
        return chains(policy, new TreeMap<>());
    }

    /** @return chain name to its rule lines; the named sets they match (name to elements) go to {@code sets} */
    static Map<String, List<String>> chains(PortPolicy policy, Map<String, List<String>> sets) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            PortRule r = policy.rules().get(i);
            boolean in = r.direction() == Direction.INBOUND;
            String chain = (in ? "in_" : "out_") + policy.name().replace('-', '_'); // nft names allow no '-'
            String ports = r.protocol().id() + " dport " + set(r.ports().stream().map(NftablesBackend::range).toList());
            String tail = r.rateLimit().map(l -> " limit rate " + l.count() + "/" + l.unit().word()
                    + (l.burst() > 0 ? " burst " + l.burst() + " packets" : "")).orElse("")
                    + (r.logged() ? " log prefix \"" + r.logPrefix().orElse(policy.name()) + " \"" : "")
                    + " " + (r.action() == RuleAction.ALLOW ? "accept" : r.action() == RuleAction.DENY ? "drop" : "reject")
                    + " comment \"" + policy.name() + "\"";
            for (IpFamily f : r.families()) {
                if (r.fromAnywhere()) {
                    String only = r.families().size() == 1 ? "meta nfproto ipv" + (f == IpFamily.IPV4 ? "4 " : "6 ") : "";
                    chains.computeIfAbsent(chain, k -> new ArrayList<>()).add(only + ports + tail);
                    break; // one rule covers every family
                }
                List<String> nets = r.sources(f).stream().map(c -> c.toCidrString()).toList();
                String named = chain + "_" + (i + 1) + (f == IpFamily.IPV4 ? "_v4" : "_v6");
                if (nets.size() >= policy.sourceSetThreshold() && r.sources(f).stream().noneMatch(Cidr::isAny)) {
                    sets.put(named, nets);
                }
                if (!nets.isEmpty()) {
                    chains.computeIfAbsent(chain, k -> new ArrayList<>()).add((f == IpFamily.IPV4 ? "ip" : "ip6")
                            + (in ? " saddr " : " daddr ") + (sets.containsKey(named) ? "@" + named : set(nets)) + " " + ports + tail);
                }
            }
        }
        return chains;
    }

    private Plan change(String what, PortPolicy policy, BackendContext context, Map<String, String> live,
            StringBuilder script, List<String> loaded, List<String> deleted, Probe probe) {
        Plan.Builder plan = Plan.builder(ID, "policy " + policy.name() + " on " + context.runner().target())
                .note("example backend: its chains sit beside the host's own rules in table " + TABLE);
        policy.rules().stream().filter(r -> r.rateLimit().isPresent()).forEach(r -> plan.note("rule " + r
                + ": nftables counts the rate limit for the whole rule, not per source address"));
        if (script.length() == 0) {
            return plan.build();
        }
        StringBuilder undo = new StringBuilder(); // delete what the step made, then restore what it replaced
        undo.append(deletes(loaded));
        List<String> changed = new ArrayList<>(loaded);
        changed.addAll(deleted);
        changed.stream().filter(live::containsKey).sorted(Comparator.comparing(c -> !c.startsWith("set "))) // sets before chains
                .forEach(c -> undo.append("table " + TABLE + " {\n" + live.get(c) + "\n}\n"));
        Step step = Step.of(what, StepAction.commands(nft("add table " + TABLE + "\n" + script)), probe,
                Undo.by(StepAction.commands(nft(undo.toString()))));
        return plan.step(step).rollbackCheck(Probe.of("chains " + changed + " are as before", LIST, r -> {
            Map<String, String> now = parse(r.stdout());
            List<String> differ = changed.stream().filter(c -> !Objects.equals(now.get(c), live.get(c))).toList();
            return differ.isEmpty() ? ProbeResult.ok("chains " + changed + " are as before")
                    : ProbeResult.failed("chains " + differ + " differ from before the apply");
        })).build();
    }

    private static Map<String, String> snapshot(BackendContext context) {
        CommandResult r = context.runner().execute(LIST);
        if (r.exitCode() == 0 || r.stderr().contains("No such file or directory")) { // table absent: nothing owned yet
            return r.exitCode() == 0 ? parse(r.stdout()) : Map.of();
        }
        throw new CommandFailedException(r);
    }

    /** @return chain name to its block as {@code nft list table} prints it (loadable again) */
    static Map<String, String> parse(String listing) {
        Map<String, String> chains = new LinkedHashMap<>();
        String name = null;
        StringBuilder block = new StringBuilder();
        for (String line : listing.split("\n")) {
            String t = line.strip();
            if (name == null && (t.startsWith("chain ") || t.startsWith("set ")) && t.endsWith("{")) { // a set keyed "set NAME"
                name = t.startsWith("set ") ? t.substring(0, t.length() - 1).strip() : t.substring(6, t.length() - 1).strip();
                block.setLength(0);
            }
            if (name != null) {
                block.append(block.length() == 0 ? "" : "\n").append(line);
                if (t.equals("}")) {
                    chains.put(name, block.toString());
                    name = null;
                }
            }
        }
        return chains;
    }

    private static List<String> owned(Map<String, String> live, PortPolicy policy) {
        List<String> chains = live.keySet().stream().filter(c -> live.get(c).contains("comment \"portcullis " + policy.name() + " ")).toList();
        return live.keySet().stream().filter(c -> chains.contains(c) || chains.stream().anyMatch(ch -> c.startsWith("set " + ch + "_"))).toList();
    }

    private static String deletes(List<String> owned) { // chains before the sets they match; a set is keyed "set NAME"
        return owned.stream().sorted(Comparator.comparing(c -> c.startsWith("set "))).map(c -> "delete " + (c.startsWith("set ")
                ? c.replace("set ", "set " + TABLE + " ") : "chain " + TABLE + " " + c) + "\n").collect(Collectors.joining());
    }

    private static Command nft(String script) {
        return Command.builder("nft").args("-f", "-").stdin(script).build();
    }

    private static String fingerprint(List<String> rules, List<List<String>> sets) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest((String.join("\n", rules)
                    + (sets.isEmpty() ? "" : "\n" + sets)).getBytes(StandardCharsets.UTF_8)), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String range(PortRange p) {
        return p.from() == p.to() ? String.valueOf(p.from()) : p.from() + "-" + p.to();
    }

    private static String set(List<String> items) { // nft's anonymous set, or the one item
        return items.size() == 1 ? items.get(0) : "{ " + String.join(", ", items) + " }";
    }
}
