package dev.portcullis.preflight;

import dev.portcullis.PortRange;
import dev.portcullis.Protocol;
import dev.portcullis.spi.FactKey;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.Support;
import java.util.List;
import java.util.Set;

/**
 * A module's preflight knowledge, as a test writes it: a daemon that filters and serves mail.
 * {@code daemonctl state} says whether it runs (exit 0) or not (exit 3); it then blocks tcp/25
 * inbound with one rule, and its process is called "daemond".
 */
final class FakeDaemon implements PreflightContributor {

    static final FactKey<Boolean> RUNNING = FactKey.flag("daemon.running");

    @Override
    public void auditFirewalls(PreflightContext host, FirewallFindings findings) {
        Reading state = host.read(dev.portcullis.exec.Command.builder("daemonctl").arg("state")
                .timeout(PreflightContext.READ_TIMEOUT).successExitCodes(0, 3).build());
        findings.findings().read(state);
        boolean running = state.ran() && state.exitCode() == 0;
        host.learn(RUNNING, running);
        if (running) {
            findings.active(new ActiveFirewall("daemon", "1 rule", ActiveFirewall.Layer.OTHER));
            findings.blocking(findings.query().judge("daemon", "table in", "drop tcp 25", Protocol.TCP,
                    List.of(PortRange.of(25)), true, false));
        }
    }

    @Override
    public void judgeFirewalls(PreflightContext host, FirewallFindings findings) {
        findings.findings().detail("judgedAfter", findings.active().stream().map(ActiveFirewall::tool).toList());
    }

    @Override
    public Set<String> mailServerProcesses() {
        return Set.of("daemond");
    }

    /** @return a backend preferred over fake-iptables, that works only where the daemon runs */
    static FirewallBackend backend() {
        return FakeBackends.firewall("fake-daemon", 10, f -> f.fact(RUNNING).orElse(false)
                ? Support.yes("the daemon runs") : Support.no("the daemon does not run"));
    }
}
