package dev.portcullis.preflight;

import dev.portcullis.Direction;
import dev.portcullis.PortRange;
import dev.portcullis.Protocol;
import dev.portcullis.exec.Command;
import dev.portcullis.spi.Backend;
import dev.portcullis.spi.Backends;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.NoBackendException;
import dev.portcullis.spi.Support;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which firewalls are active (firewalld running; iptables rules, nf_tables or legacy; nftables
 * tables; ufw; Windows Firewall profiles), which backend Portcullis would choose and why (asked
 * of a {@link dev.portcullis.Provisioner}, so the answer and its reasons are the ones
 * provisioning gives), which existing rules drop or reject the spec's ports or outbound SMTP, and
 * which neighbours Portcullis will coexist with ({@link Neighbours}: fail2ban and its jails,
 * Docker's chains, ban chains, ipsets).
 *
 * <p>What it learns is added to the host facts the backends see ({@link PreflightFacts}).
 */
final class FirewallAuditCheck implements Check {

    /** Exit code of {@code firewall-cmd --state} when firewalld does not run. */
    private static final int FIREWALLD_NOT_RUNNING = 252;
    private static final Set<String> IPTABLES_TABLES = Set.of("filter", "nat", "mangle", "raw", "security");

    @Override
    public String id() {
        return "firewall-audit";
    }

    @Override
    public String title() {
        return "Active firewalls, the backend Portcullis would choose, and rules that block the spec's ports";
    }

    @Override
    public PreflightCheck run(PreflightContext ctx) {
        Findings f = new Findings(this);
        HostFacts facts = ctx.facts();
        BlockQuery query = new BlockQuery(ctx.ports(), ctx.ports().mailServer()
                || ctx.ports().opensInbound(Protocol.TCP, SmtpTarget.SMTP_PORT), ctx.spec().name());
        FirewallFindings found = new FirewallFindings(f, query);
        List<String> active = new ArrayList<>();
        List<BlockingRule> blocking = new ArrayList<>();
        if (!ctx.isWindows()) {
            // Windows Firewall is audited by the windows module's contributor, below
            linux(ctx, f, facts, query, active, blocking);
        }
        List<PreflightContributor> contributors = ctx.contributors();
        for (PreflightContributor c : contributors) {
            PreflightContext.contribute(f, c, () -> c.auditFirewalls(ctx, found));
        }
        for (PreflightContributor c : contributors) {
            PreflightContext.contribute(f, c, () -> c.judgeFirewalls(ctx, found));
        }
        found.active().forEach(a -> active.add(a.toString()));
        blocking.addAll(found.blocking());
        f.detail("active", active);
        f.detail("blockingRules", blocking.stream().map(BlockingRule::toDetail).toList());
        chooseBackend(ctx, f, ctx.learntFacts());
        f.note(active.isEmpty() ? "no firewall is active" : "active: " + String.join(", ", active));
        for (BlockingRule b : blocking) {
            f.warn((b.direction() == Direction.INBOUND ? "port " + b.port() + " is blocked inbound by "
                    : "outbound SMTP (tcp/25) is blocked by ") + b);
        }
        if (active.contains("firewalld") && active.contains("ufw")) {
            f.warn("firewalld and ufw are both active: each rewrites rules the other relies on; keep one");
        }
        if (active.stream().anyMatch(a -> a.startsWith("iptables-legacy")) && active.stream().anyMatch(
                a -> a.contains("nf_tables") || a.startsWith("nftables") || a.equals("firewalld"))) {
            f.warn("rules exist in both iptables-legacy and nf_tables: packets pass both, so a port opened in"
                    + " one can still be dropped by the other");
        }
        return f.build();
    }

    private static void linux(PreflightContext ctx, Findings f, HostFacts facts, BlockQuery query, List<String> active,
            List<BlockingRule> blocking) {
        if (tried(facts, "firewall-cmd")) {
            Reading state = ctx.read(Command.builder("firewall-cmd").arg("--state")
                    .timeout(PreflightContext.READ_TIMEOUT).successExitCodes(0, FIREWALLD_NOT_RUNNING).build());
            f.read(state);
            if (state.ran()) {
                boolean running = state.exitCode() == 0;
                ctx.learnText(PreflightFacts.FIREWALLD_STATE, running ? "running" : "not running");
                if (running) {
                    active.add("firewalld");
                }
            }
        }
        String variant = facts.attributes().getOrDefault("iptables.variant", "nf_tables");
        Set<String> reportedByIptables = new HashSet<>();
        List<String> saves = new ArrayList<>();
        for (String family : List.of("iptables", "ip6tables")) {
            if (!tried(facts, family + "-save")) {
                continue;
            }
            Reading save = ctx.read(family + "-save");
            f.read(save);
            if (save.ok()) {
                saves.add(save.stdout());
                IptablesSave parsed = IptablesSave.parse(save.stdout());
                ctx.learnText(PreflightFacts.iptablesRules(family), Long.toString(parsed.filterRules()));
                if (parsed.active()) {
                    active.add(family + " (" + variant + ", " + parsed.filterRules() + " filter rules)");
                }
                blocking.addAll(parsed.blocking(family, query));
                String input = parsed.policies().getOrDefault("filter INPUT", "ACCEPT");
                if (!input.equals("ACCEPT")) {
                    f.note(family + " filter INPUT policy is " + input + ": only what a rule accepts gets in");
                }
                if (variant.equals("nf_tables")) {
                    // iptables-nft keeps its tables in nftables too: report those rules once, as iptables shows them
                    String nftFamily = family.equals("iptables") ? "ip" : "ip6";
                    parsed.tables().stream().filter(IPTABLES_TABLES::contains)
                            .forEach(t -> reportedByIptables.add(nftFamily + " " + t));
                }
            }
        }
        if (facts.hasTool("iptables-legacy")) {
            for (String family : List.of("iptables", "ip6tables")) {
                Reading save = ctx.read(family + "-legacy-save");
                f.read(save);
                if (save.ok()) {
                    IptablesSave parsed = IptablesSave.parse(save.stdout());
                    if (parsed.active() && !variant.equals("legacy")) {
                        active.add(family + "-legacy (" + parsed.filterRules() + " filter rules)");
                        blocking.addAll(parsed.blocking(family + "-legacy", query));
                    }
                }
            }
        }
        if (tried(facts, "nft")) {
            Reading nft = ctx.read("nft", "list", "ruleset");
            f.read(nft);
            if (nft.ok()) {
                NftRuleset ruleset = NftRuleset.parse(nft.stdout());
                List<String> own = ruleset.tableNames().stream().filter(t -> !reportedByIptables.contains(t)).toList();
                ctx.learnText(PreflightFacts.NFT_TABLES, String.join(",", ruleset.tableNames()));
                if (!own.isEmpty()) {
                    active.add("nftables (tables: " + String.join(", ", own) + ")");
                }
                blocking.addAll(ruleset.blocking(query, reportedByIptables));
                for (String table : own) {
                    ruleset.chains(table).values().stream()
                            .filter(c -> "input".equals(c.hook()) && "drop".equals(c.policy()))
                            .forEach(c -> f.note("nftables table " + table + " chain " + c.name()
                                    + " drops what no rule accepts (policy drop)"));
                }
            }
        }
        if (tried(facts, "ufw")) {
            Reading ufw = ctx.read("ufw", "status", "verbose");
            f.read(ufw);
            if (ufw.ok()) {
                UfwStatus status = UfwStatus.parse(ufw.stdout());
                ctx.learnText(PreflightFacts.UFW_STATUS, status.active() ? "active" : "inactive");
                if (status.active()) {
                    active.add("ufw");
                    blocking.addAll(status.blocking(query));
                    if (!status.defaults().isEmpty()) {
                        f.detail("ufwDefaults", status.defaults());
                    }
                }
            }
        }
        neighbours(ctx, f, saves);
    }

    /**
     * Names what already guards the host (fail2ban and its jails, Docker's chains, ban chains,
     * ipsets): Portcullis coexists with them, and the report says so before anything changes.
     */
    private static void neighbours(PreflightContext ctx, Findings f, List<String> saves) {
        Reading fail2ban = ctx.read("fail2ban-client", "status");
        Reading ipsets = ctx.read("ipset", "list", "-n");
        Neighbours n = Neighbours.of(saves, fail2ban.ok() ? java.util.Optional.of(fail2ban.stdout()) : java.util.Optional.empty(),
                ipsets.ok() ? java.util.Optional.of(ipsets.stdout()) : java.util.Optional.empty());
        if (fail2ban.ok()) {
            f.read(fail2ban);
        }
        if (ipsets.ok()) {
            f.read(ipsets);
        }
        f.detail("neighbours", n.toDetail());
        n.notes().forEach(f::note);
    }

    /** Asks a provisioner, exactly as provisioning will, and records every candidate's answer. */
    private static void chooseBackend(PreflightContext ctx, Findings f, HostFacts facts) {
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (FirewallBackend b : ctx.options().firewalls().orElseGet(Backends::firewalls)) {
            candidates.add(candidate(b, facts));
        }
        f.detail("candidates", candidates);
        f.detail("host", hostDetail(facts));
        try {
            FirewallBackend chosen = ctx.provisioner(facts).firewallBackend();
            Support why = chosen.supports(facts);
            f.detail("backend", chosen.id()).detail("backendReason", why.reason());
            f.note("Portcullis would use the " + chosen.id() + " firewall backend: " + why.reason());
        } catch (NoBackendException e) {
            f.detail("backend", null).detail("backendReason", e.getMessage());
            f.fail(e.getMessage());
        }
    }

    static Map<String, Object> candidate(Backend<?> b, HostFacts facts) {
        Support s = b.supports(facts);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("priority", b.priority());
        m.put("supported", s.supported());
        m.put("reason", s.reason());
        return m;
    }

    static Map<String, Object> hostDetail(HostFacts facts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("os", facts.osFamily().name());
        m.put("distro", facts.distroId().orElse(null));
        m.put("version", facts.distroVersion().orElse(null));
        m.put("kernel", facts.kernel().orElse(null));
        m.put("tools", List.copyOf(facts.tools()));
        m.put("attributes", facts.attributes());
        return m;
    }

    /** Facts gathered by the runner list the tools on PATH; facts given by hand may not: then just try. */
    private static boolean tried(HostFacts facts, String tool) {
        return facts.tools().isEmpty() || facts.hasTool(tool);
    }
}
