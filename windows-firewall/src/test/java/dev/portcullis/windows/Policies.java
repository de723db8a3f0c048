package dev.portcullis.windows;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.HostFacts;
import java.util.Map;

/** The policies and contexts the tests share. */
final class Policies {

    private Policies() {
    }

    /** tcp/25 from two networks, tcp/465,587 from anywhere: what the fixtures record as converged. */
    static PortPolicy smtpInbound() {
        return PortPolicy.named("smtp-inbound")
                .allow(Protocol.TCP, 25).from("203.0.113.0/24", "2001:db8::/48")
                .allow(Protocol.TCP, 587, 465)
                .build();
    }

    static HostFacts windows() {
        return HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS).kernel("Windows Server 2022 10.0").build();
    }

    static BackendContext context(CommandRunner runner, Map<String, String> options) {
        return new BackendContext(runner, windows(), options);
    }

    static WindowsFirewallOptions options(Map<String, String> options) {
        return WindowsFirewallOptions.from(new BackendContext(new dev.portcullis.exec.RecordingCommandRunner(), windows(), options));
    }
}
