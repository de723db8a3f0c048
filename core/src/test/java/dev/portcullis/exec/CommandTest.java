package dev.portcullis.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Commands are argv lists; rendering is for reading and never shows sensitive input. */
class CommandTest {

    @Test
    void rendersArgumentsQuotedForReadingOnly() {
        Command c = Command.of("firewall-cmd", "--add-rich-rule=rule family=\"ipv4\" port port=\"25\"", "--permanent");
        assertThat(c.render()).isEqualTo("firewall-cmd '--add-rich-rule=rule family=\"ipv4\" port port=\"25\"' --permanent");
        assertThat(c.argv()).hasSize(3);
    }

    @Test
    void neverRendersSensitiveStandardInput() {
        Command c = Command.builder("install").args("-m", "0640", "/dev/stdin", "/etc/postfix/db.cf")
                .sensitiveStdin("password = hunter2\n").build();
        assertThat(c.render()).doesNotContain("hunter2").contains("[stdin redacted]");
        assertThat(c.toString()).doesNotContain("hunter2");
    }

    @Test
    void sensitiveStandardInputRendersTheSameWhateverItsLength() {
        // With a known template, the length of the input gives away the length of the password.
        Command shortSecret = Command.builder("install").args("/dev/stdin", "/etc/x").sensitiveStdin("password = a\n").build();
        Command longSecret = shortSecret.toBuilder().sensitiveStdin("password = " + "b".repeat(61) + "\n").build();

        assertThat(longSecret.render()).isEqualTo(shortSecret.render()).isEqualTo("install /dev/stdin /etc/x <<< [stdin redacted]")
                .doesNotContainPattern("[0-9]+ bytes");
        assertThat(longSecret.toString()).isEqualTo(shortSecret.toString());
        assertThat(new CommandResult(longSecret, 1, "", "", Duration.ZERO, false).toString())
                .isEqualTo(new CommandResult(shortSecret, 1, "", "", Duration.ZERO, false).toString());
    }

    @Test
    void rendersPlainStandardInputAsAHereDocument() {
        Command c = Command.builder("iptables-restore").arg("--noflush").stdin("*filter\nCOMMIT\n").build();
        assertThat(c.render()).isEqualTo("iptables-restore --noflush <<'EOF'\n*filter\nCOMMIT\nEOF");
    }

    @Test
    void refusesAnEmptyProgramAndANonPositiveTimeout() {
        assertThatThrownBy(() -> Command.of("")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Command.builder("x").timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isAValueWithEquality() {
        assertThat(Command.of("a", "b")).isEqualTo(Command.of("a", "b")).hasSameHashCodeAs(Command.of("a", "b"));
        assertThat(Command.of("a", "b").toBuilder().arg("c").build()).isEqualTo(Command.of("a", "b", "c"));
    }
}
