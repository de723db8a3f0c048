package dev.portcullis.model;

import static dev.portcullis.model.Refusals.reason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.HostName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostNameTest {

    @Test
    void storesNamesInLowerCase() {
        assertThat(HostName.of("Mail.Example.COM").value()).isEqualTo("mail.example.com");
        assertThat(HostName.of("Mail.Example.COM")).isEqualTo(HostName.of("mail.example.com"));
    }

    @Test
    void acceptsLabelsOfUpTo63AndNamesOfUpTo253Characters() {
        String label63 = "a".repeat(63);
        assertThat(HostName.of(label63 + ".example").value()).startsWith(label63);
        String name253 = ("a".repeat(61) + ".").repeat(4) + "com" + "m".repeat(2);
        assertThat(name253).hasSize(253);
        assertThat(HostName.of(name253).value()).isEqualTo(name253);
    }

    @Test
    void refusesLabelsOver63Characters() {
        assertThat(reason(() -> HostName.of("a".repeat(64) + ".example.com")))
                .endsWith("is not a host name: label longer than 63 characters");
    }

    @Test
    void refusesNamesOver253Characters() {
        String name254 = ("a".repeat(61) + ".").repeat(4) + "com" + "m".repeat(3);
        assertThat(reason(() -> HostName.of(name254))).endsWith("is not a host name: longer than 253 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail..example.com", ".example.com", "example.com.", "-mail.example.com",
        "mail-.example.com", "mail_1.example.com", "mail example.com", "mail.example.com\n", "müller.example",
        "xn--mller-kva.example\u0000", "mail.example.com;reboot", "mail.example.123", "192.0.2.1", "*.example.com"})
    void refusesNamesOutsideTheLdhRules(String text) {
        assertThat(reason(() -> HostName.of(text))).contains("is not a host name");
    }

    @Test
    void refusesEmptyNames() {
        assertThat(reason(() -> HostName.of(""))).isEqualTo("a host name must not be empty");
        assertThat(reason(() -> HostName.of(null))).isEqualTo("a host name must not be empty");
    }

    @Test
    void namesAControlCharacterByItsCodePoint() {
        assertThat(reason(() -> HostName.of("mail\r.example.com")))
                .contains("'mail\\u000d.example.com'").contains("control character U+000D");
    }

    @Test
    void knowsItsParentAndWhetherItIsQualified() {
        assertThat(HostName.of("mail.example.com").parent()).isEqualTo(HostName.of("example.com"));
        assertThat(HostName.of("localhost").parent()).isEqualTo(HostName.of("localhost"));
        assertThat(HostName.of("localhost").isQualified()).isFalse();
        assertThat(HostName.of("xn--mller-kva.example").isQualified()).isTrue();
    }
}
