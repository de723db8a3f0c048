package dev.portcullis.firewallaudit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.Direction;
import dev.portcullis.preflight.BlockingRule;
import dev.portcullis.preflight.Specs;
import org.junit.jupiter.api.Test;

class UfwStatusTest {

    private static final UfwStatus ACTIVE = UfwStatus.parse(Fixtures.read("ufw-verbose-active.txt"));

    @Test
    void readsStateDefaultsAndRules() {
        assertThat(ACTIVE.active()).isTrue();
        assertThat(ACTIVE.defaults()).isEqualTo("deny (incoming), allow (outgoing), deny (routed)");
        assertThat(ACTIVE.rules()).hasSize(7);
        assertThat(ACTIVE.rules().get(1)).isEqualTo(new UfwStatus.Rule("587/tcp", "REJECT IN", "198.51.100.0/24"));
    }

    @Test
    void findsDeniesOfTheSpecsPortsBothWays() {
        assertThat(ACTIVE.blocking(Specs.query(Specs.mailWithSubmission())))
                .extracting(BlockingRule::port, BlockingRule::direction)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(25, Direction.INBOUND),
                        org.assertj.core.groups.Tuple.tuple(587, Direction.INBOUND),
                        org.assertj.core.groups.Tuple.tuple(25, Direction.INBOUND),
                        org.assertj.core.groups.Tuple.tuple(25, Direction.OUTBOUND),
                        org.assertj.core.groups.Tuple.tuple(25, Direction.OUTBOUND));
    }

    @Test
    void allowRulesBlockNothing() {
        assertThat(ACTIVE.blocking(Specs.query(PortPolicyOn22.POLICY))).isEmpty();
    }

    @Test
    void inactiveUfwHasNoRules() {
        UfwStatus inactive = UfwStatus.parse(Fixtures.read("ufw-inactive.txt"));

        assertThat(inactive.active()).isFalse();
        assertThat(inactive.rules()).isEmpty();
    }

    /** A policy opening the port ufw allows. */
    private static final class PortPolicyOn22 {
        static final dev.portcullis.PortPolicy POLICY = dev.portcullis.PortPolicy.named("ssh")
                .allow(dev.portcullis.Protocol.TCP, 22).build();
    }
}
