package dev.portcullis.windows.preflight;

import dev.portcullis.PortRange;
import dev.portcullis.exec.Command;
import dev.portcullis.powershell.PowerShellException;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.preflight.ActiveFirewall;
import dev.portcullis.preflight.BlockQuery;
import dev.portcullis.preflight.Findings;
import dev.portcullis.preflight.FirewallFindings;
import dev.portcullis.preflight.HostReadings;
import dev.portcullis.preflight.PortList;
import dev.portcullis.preflight.PreflightContext;
import dev.portcullis.preflight.PreflightContributor;
import dev.portcullis.preflight.Reading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Preflight on Windows: one PowerShell process ({@link WindowsPreflightScript}) reads whether the
 * session is elevated, processors, memory, spool space and listeners (core's generic checks judge
 * them, through {@link HostReadings}), the Windows Firewall profiles and enabled block rules (the
 * firewall audit), and the Exchange transport services and version (the mail stack). The script
 * is read through {@link PreflightContext#read}, so every part costs the same one process.
 *
 * <p>Not verified on Windows: the parsers are tested on JSON in the shapes {@code ConvertTo-Json}
 * gives, the script on its text.
 */
public final class WindowsPreflight implements PreflightContributor {

    /** How long the one script may run. */
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** The contributor, as {@link java.util.ServiceLoader} creates it. */
    public WindowsPreflight() {
    }

    @Override
    public Optional<HostReadings> readHost(PreflightContext host) {
        return host.isWindows() ? Optional.of(evidence(host)) : Optional.empty();
    }

    @Override
    public void auditFirewalls(PreflightContext host, FirewallFindings found) {
        if (!host.isWindows()) {
            return;
        }
        WindowsEvidence w = evidence(host);
        Findings f = found.findings();
        f.evidence(w.evidence());
        if (w.failure().isPresent()) {
            f.warn("could not read the Windows Firewall: " + w.failure().get());
            return;
        }
        List<String> enabled = w.firewallProfiles().stream().filter(WindowsEvidence.Profile::enabled)
                .map(p -> p.name() + (p.defaultInbound().isEmpty() ? "" : " (inbound " + p.defaultInbound() + ")"))
                .toList();
        if (!enabled.isEmpty()) {
            found.active(new ActiveFirewall("windows-firewall", String.join(", ", enabled), ActiveFirewall.Layer.OTHER));
        }
        for (WindowsEvidence.BlockRule r : w.blockRules()) {
            boolean inbound = r.direction().equalsIgnoreCase("Inbound");
            List<String> ports = inbound ? r.localPorts() : r.remotePorts();
            List<PortRange> ranges = PortList.parse(String.join(",", ports));
            if (ranges.isEmpty()) {
                continue;
            }
            String text = r.displayName() + " (" + r.protocol() + " " + String.join(",", ports) + ", block)";
            found.blocking(found.query().judge("windows-firewall", "rule " + r.name(), text,
                    BlockQuery.protocol(r.protocol()), ranges, inbound, !inbound));
        }
    }

    @Override
    public void inspectMailStack(PreflightContext host, Findings f) {
        if (!host.isWindows()) {
            return;
        }
        boolean mail = host.spec().match(policy -> false, mailServer -> true);
        WindowsEvidence w = evidence(host);
        f.evidence(w.evidence());
        if (w.failure().isPresent()) {
            f.warn("could not read the Exchange services: " + w.failure().get());
            return;
        }
        List<Map<String, Object>> services = new ArrayList<>();
        w.exchangeServices().forEach(s -> services.add(Map.of("name", s.name(), "status", s.status())));
        f.detail("services", services).detail("exchangeVersion", w.exchangeVersion().orElse(null));
        if (w.exchangeVersion().isEmpty() && services.isEmpty()) {
            if (mail) {
                f.fail("no Exchange Server is installed (no transport service, no v15 setup key)");
            } else {
                f.note("no Exchange Server is installed; this policy only opens ports");
            }
            return;
        }
        f.note("Exchange " + w.exchangeVersion().orElse("(version unknown)") + " is installed");
        for (WindowsEvidence.Service s : w.exchangeServices()) {
            if (!s.status().equalsIgnoreCase("Running")) {
                f.warn("service " + s.name() + " is " + s.status());
            }
        }
    }

    @Override
    public Set<String> mailServerProcesses() {
        return Set.of("MSExchangeFrontendTransport", "EdgeTransport", "MSExchangeTransport");
    }

    /** The script's answer: one process per preflight, however many parts ask (the context memoises the read). */
    static WindowsEvidence evidence(PreflightContext host) {
        Command command = PowerShellRunner.using(PowerShellRunner.WINDOWS_POWERSHELL).timeout(TIMEOUT)
                .command(WindowsPreflightScript.render(host.occupancyPorts(), host.options().spoolPath()));
        Reading reading = host.read(command);
        if (!reading.ran()) {
            return WindowsEvidence.unreadable("PowerShell could not start: " + reading.evidence().output());
        }
        try {
            return WindowsEvidence.read(PowerShellRunner.read(reading.result()));
        } catch (PowerShellException e) {
            return WindowsEvidence.failed(e);
        }
    }
}
