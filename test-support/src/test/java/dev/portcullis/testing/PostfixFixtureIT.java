package dev.portcullis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Postfix starts in the test host and really listens: the client container gets its greeting. */
class PostfixFixtureIT {

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;

    @BeforeAll
    static void startPostfix() {
        host = LinuxTestHost.start().startPostfix();
        client = host.newClient();
    }

    @Test
    void postfixListensOnPort25() {
        assertThat(host.run("ss", "-ltn").stdout()).contains("0.0.0.0:25 ");
        assertThat(host.run("postconf", "-h", "inet_protocols").stdout().strip()).isEqualTo("all");
    }

    @Test
    void clientGetsThe220Greeting() {
        assertThat(client.smtpBanner(host.address())).startsWith("220 testhost.portcullis.test ESMTP");
    }

    @Test
    void clientGetsThe220GreetingOverIpv6() {
        assertThat(host.ipv6Address()).as("this Docker engine refused an IPv6 test network").isPresent();

        String banner = client.smtpBanner(client.ipv6Address().orElseThrow(), host.ipv6Address().orElseThrow(), 25,
                Duration.ofSeconds(3));

        assertThat(banner).startsWith("220 ");
    }

    @Test
    void swaksInTheClientCanHoldAnSmtpDialogue() {
        String out = client.runner().run("swaks", "--server", host.address(), "--quit-after", "EHLO",
                "--ehlo", "client.portcullis.test").stdout();

        assertThat(out).contains("<-  220 ").contains("250-PIPELINING");
    }
}
