package dev.portcullis.firewalld;

import dev.portcullis.preflight.ActiveFirewall;
import dev.portcullis.preflight.FirewallFindings;
import dev.portcullis.preflight.PreflightContext;
import dev.portcullis.preflight.PreflightContributor;
import dev.portcullis.preflight.Reading;
import dev.portcullis.spi.FactKey;
import dev.portcullis.spi.HostFactsContributor;
import java.util.Set;

/**
 * The firewalld module's host facts and part of the firewall audit: its programs on PATH, and
 * whether the daemon runs ({@code firewall-cmd --state}), recorded as {@link #STATE} so that a
 * backend's {@code supports} can prefer firewalld only where it runs.
 */
public final class FirewalldPreflight implements PreflightContributor, HostFactsContributor {

    /** Whether firewalld runs, as preflight found it. */
    public static final FactKey<FirewalldRunState> STATE = FactKey.choice("firewalld.state", FirewalldRunState.class);

    @Override
    public Set<String> tools() {
        return Set.of("firewall-cmd", "firewall-offline-cmd");
    }

    @Override
    public void auditFirewalls(PreflightContext host, FirewallFindings findings) {
        if (host.isWindows() || !host.mayHaveTool("firewall-cmd")) {
            return;
        }
        Reading state = host.read(FirewallCmd.state());
        findings.findings().read(state);
        if (!state.ran()) {
            return;
        }
        FirewalldRunState s = FirewalldRunState.of(state.result());
        host.learn(STATE, s);
        if (s == FirewalldRunState.RUNNING) {
            // firewalld 0.6 and later keep their rules in nftables
            findings.active(new ActiveFirewall("firewalld", "", ActiveFirewall.Layer.NF_TABLES));
        }
    }
}
