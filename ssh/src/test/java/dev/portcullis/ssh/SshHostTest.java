package dev.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A login is read from {@code user@host[:port]} and every part is checked before anything connects. */
class SshHostTest {

    @Test
    void readsUserHostAndPort() {
        assertThat(SshHost.parse("deploy@mail.example.com:2222")).isEqualTo(new SshHost("deploy", "mail.example.com", 2222));
        assertThat(SshHost.parse("root@192.0.2.5")).isEqualTo(new SshHost("root", "192.0.2.5", 22));
        assertThat(SshHost.parse("root@[2001:db8::5]:2200")).isEqualTo(new SshHost("root", "2001:db8::5", 2200));
        assertThat(SshHost.parse("root@[2001:db8::5]").port()).isEqualTo(22);
    }

    @Test
    void writesTheFormItReads() {
        SshHost v6 = new SshHost("ops", "2001:db8::5", 2200);
        assertThat(v6.toString()).isEqualTo("ops@[2001:db8::5]:2200");
        assertThat(SshHost.parse(v6.toString())).isEqualTo(v6);
    }

    @Test
    void refusesAMissingUser() {
        assertThatThrownBy(() -> SshHost.parse("mail.example.com")).hasMessageStartingWith("host:")
                .hasMessageContaining("user is missing");
    }

    @Test
    void refusesNewlineInHostname() {
        assertThatThrownBy(() -> SshHost.parse("root@mail.example.com\nevil")).hasMessageStartingWith("host:")
                .hasMessageContaining("\\u000a");
    }

    @Test
    void refusesAHostnameThatCouldBeAnOption() {
        assertThatThrownBy(() -> SshHost.parse("root@-oProxyCommand=x")).hasMessageStartingWith("host:");
    }

    @Test
    void refusesAUserWithShellCharacters() {
        assertThatThrownBy(() -> SshHost.parse("root;id@host")).hasMessageStartingWith("user:");
    }

    @Test
    void refusesAPortOutOfRangeOrNotANumber() {
        assertThatThrownBy(() -> SshHost.parse("root@host:0")).hasMessageStartingWith("port:");
        assertThatThrownBy(() -> SshHost.parse("root@host:65536")).hasMessageStartingWith("port:");
        assertThatThrownBy(() -> SshHost.parse("root@host:ssh")).hasMessageStartingWith("port:");
    }

    @Test
    void refusesAnUnbracketedIpv6Address() {
        assertThatThrownBy(() -> SshHost.parse("root@2001:db8::5")).hasMessageContaining("brackets");
    }

    @Test
    void refusesABracketedNameThatIsNotAnAddress() {
        assertThatThrownBy(() -> SshHost.parse("root@[example.com]")).hasMessageStartingWith("host:");
    }
}
