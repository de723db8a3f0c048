package dev.portcullis.model;

import static dev.portcullis.model.Refusals.reason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortRangeTest {

    @Test
    void parsesPortsAndRanges() {
        assertThat(PortRange.parse("25")).isEqualTo(PortRange.of(25));
        assertThat(PortRange.parse("1000-2000")).isEqualTo(PortRange.of(1000, 2000));
        assertThat(PortRange.parse("1")).isEqualTo(PortRange.of(PortRange.MIN));
        assertThat(PortRange.parse("65535")).isEqualTo(PortRange.of(PortRange.MAX));
    }

    @Test
    void refusesPortZeroAndPortsAbove65535() {
        assertThat(reason(() -> PortRange.of(0))).isEqualTo("0 is not a port (1-65535)");
        assertThat(reason(() -> PortRange.of(65536))).isEqualTo("65536 is not a port (1-65535)");
        assertThat(reason(() -> PortRange.parse("99999"))).isEqualTo("99999 is not a port (1-65535)");
        assertThat(reason(() -> PortRange.of(-1))).isEqualTo("-1 is not a port (1-65535)");
    }

    @Test
    void refusesReversedRanges() {
        assertThat(reason(() -> PortRange.parse("2000-1000"))).isEqualTo("range 2000-1000 ends before it starts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 25", "25 ", "+25", "-25", "1000-", "-2000", "1000:2000", "25,26", "0x19", "123456",
        "25\n", "２５"})
    void refusesAnythingButDigitsAndOneDash(String text) {
        assertThat(reason(() -> PortRange.parse(text))).endsWith("is not a port or port range (e.g. 25 or 1000-2000)");
    }

    @Test
    void formatsWithTheSeparatorABackendNeeds() {
        assertThat(PortRange.of(1000, 2000).format(":")).isEqualTo("1000:2000");
        assertThat(PortRange.of(25).format(":")).isEqualTo("25");
        assertThat(PortRange.of(1000, 2000)).hasToString("1000-2000");
    }

    @Test
    void measuresAndContains() {
        PortRange r = PortRange.of(1000, 2000);
        assertThat(r.size()).isEqualTo(1001);
        assertThat(r.contains(1000)).isTrue();
        assertThat(r.contains(2001)).isFalse();
        assertThat(r.isSingle()).isFalse();
        assertThat(PortRange.of(25).isSingle()).isTrue();
        assertThat(PortRange.of(25).compareTo(PortRange.of(25, 26))).isNegative();
    }
}
