package dev.portcullis.firewalld;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FirewallCmdActionTest {

    @Test
    void aBatchThatExitedZeroButRefusedAValueCountsAsFailed() {
        // firewalld 1.3.3 printed this for a rich rule with burst=, and exited 0
        assertThat(FirewallCmdAction.refusedSomething("Warning: INVALID_RULE: bad attribute 'burst'\n")).isTrue();
        assertThat(FirewallCmdAction.refusedSomething("Warning: INVALID_LIMIT: 1/d too slow\n")).isTrue();
        assertThat(FirewallCmdAction.refusedSomething("Error: INVALID_SERVICE: nonexist\n")).isTrue();
    }

    @Test
    void alreadyEnabledAndNotEnabledWarningsAreHarmless() {
        assertThat(FirewallCmdAction.refusedSomething(
                "Warning: ALREADY_ENABLED: 'portcullis-x_tcp_9' already in 'public'\n")).isFalse();
        assertThat(FirewallCmdAction.refusedSomething("Warning: NOT_ENABLED: 'http' not in 'public'\n")).isFalse();
        assertThat(FirewallCmdAction.refusedSomething("")).isFalse();
    }
}
