package dev.portcullis.preflight;

import dev.portcullis.Direction;
import dev.portcullis.spi.Backend;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.NoBackendException;
import dev.portcullis.spi.Support;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which firewalls are active, which backend Portcullis would choose and why (asked of a
 * {@link dev.portcullis.Provisioner}, so the answer and its reasons are the ones provisioning
 * gives), and which existing rules drop or reject the spec's ports or outbound SMTP. Each module
 * audits its own tool as a {@link PreflightContributor}: the iptables module iptables-save, the
 * firewalld module firewall-cmd, the firewall-audit module nftables, ufw and iptables-legacy
 * (and judges them together, and names the neighbours Portcullis coexists with: fail2ban, Docker's
 * chains, ban chains, ipsets), the windows module the Windows Firewall.
 *
 * <p>What the contributors learn is added to the host facts the backends see.
 */
final class FirewallAuditCheck implements Check {

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
        FirewallFindings found = new FirewallFindings(f, BlockQuery.of(ctx.spec()));
        List<PreflightContributor> contributors = ctx.contributors();
        for (PreflightContributor c : contributors) {
            PreflightContext.contribute(f, c, () -> c.auditFirewalls(ctx, found));
        }
        for (PreflightContributor c : contributors) {
            PreflightContext.contribute(f, c, () -> c.judgeFirewalls(ctx, found));
        }
        List<String> active = found.active().stream().map(ActiveFirewall::toString).toList();
        f.detail("active", active);
        f.detail("blockingRules", found.blocking().stream().map(BlockingRule::toDetail).toList());
        chooseBackend(ctx, f, ctx.learntFacts());
        f.note(active.isEmpty() ? "no firewall is active" : "active: " + String.join(", ", active));
        for (BlockingRule b : found.blocking()) {
            f.warn((b.direction() == Direction.INBOUND ? "port " + b.port() + " is blocked inbound by "
                    : "outbound SMTP (tcp/25) is blocked by ") + b);
        }
        return f.build();
    }

    /** Asks a provisioner, exactly as provisioning will, and records every candidate's answer. */
    private static void chooseBackend(PreflightContext ctx, Findings f, HostFacts facts) {
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (FirewallBackend b : ctx.provisioner().firewalls()) {
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
}
