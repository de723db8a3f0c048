package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostconfCommandTest {

    @Test
    void setsEveryKeyInOneInvocation() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("myhostname", "mail.example.com");
        v.put("smtpd_relay_restrictions", "permit_mynetworks, reject_unauth_destination");
        v.put("relayhost", "");

        assertThat(PostconfCommand.set(v).argv()).containsExactly("postconf", "-e", "myhostname=mail.example.com",
                "smtpd_relay_restrictions=permit_mynetworks, reject_unauth_destination", "relayhost=");
    }

    @Test
    void refusesNewlineInValue() {
        assertThatThrownBy(() -> PostconfCommand.set(Map.of("myhostname", "mail.example.com\nrelayhost = evil.example")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
        assertThatThrownBy(() -> PostconfCommand.setServices(Map.of("submission/inet", "submission inet n - n - - smtpd\r")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesParameterNamesThatAreNotNames() {
        assertThatThrownBy(() -> PostconfCommand.unset(List.of("myhostname=x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostconfCommand.deleteServices(List.of("submission"))).isInstanceOf(IllegalArgumentException.class);
    }
}
