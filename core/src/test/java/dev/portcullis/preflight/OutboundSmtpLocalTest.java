package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.preflight.PreflightCheck.Status;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A local runner connects with a Java socket; these tests connect to loopback only. */
class OutboundSmtpLocalTest {

    private final FakeLinuxHost host = new FakeLinuxHost();

    @Test
    void connectsToAListeningRelay() throws Exception {
        try (ServerSocket relay = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PreflightCheck c = check(new SmtpTarget("127.0.0.1", relay.getLocalPort()));

            assertThat(c.status()).isEqualTo(Status.PASS);
            assertThat(c.evidence().get(0).source()).startsWith("Java socket connect to 127.0.0.1:");
            assertThat(host.commands()).extracting(cmd -> cmd.program()).doesNotContain("python3", "nc");
        }
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        PreflightCheck c = check(new SmtpTarget("127.0.0.1", port));

        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.detail("outcome")).isEqualTo("refused");
    }

    @Test
    void refusesTargetsThatAreNotOneHost() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SmtpTarget.of("192.0.2.0/24"))
                .isInstanceOf(dev.portcullis.InvalidSpecException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SmtpTarget.of("relay.example.net; rm -rf /"))
                .isInstanceOf(dev.portcullis.InvalidSpecException.class);
        assertThat(SmtpTarget.of("2001:db8::25").toString()).isEqualTo("[2001:db8::25]:25");
    }

    private PreflightCheck check(SmtpTarget target) {
        return host.provisioner().newBuilder().runner(host.localRunner()).build().preflight(Specs.mail(), host.options().outboundSmtp(target)
                .localPrivileges(LocalPrivileges.unavailable()).build()).check("outbound-smtp").orElseThrow();
    }
}
