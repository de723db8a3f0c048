package dev.portcullis.firewallaudit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.iptables.IptablesSave;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NeighboursTest {

    /** As fail2ban 1.0.2 prints it on the lived-in test host. */
    static final String STATUS = "Status\n|- Number of jail:\t2\n`- Jail list:\tpostfix, sshd\n";
    static final String SAVE = """
            *filter
            :INPUT DROP [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            :DOCKER - [0:0]
            :DOCKER-USER - [0:0]
            :f2b-sshd - [0:0]
            :sshguard - [0:0]
            -A INPUT -p tcp -m multiport --dports 22 -j f2b-sshd
            COMMIT
            """;

    @Test
    void namesFail2bansJailsAndChainsDockersChainsBanChainsAndIpsets() {
        Neighbours n = Neighbours.of(List.of(IptablesSave.parse(SAVE)), Optional.of(STATUS), Optional.of("f2b-postfix\nadmin-blocklist\n"));

        assertThat(n.fail2banJails()).contains(List.of("postfix", "sshd"));
        assertThat(n.fail2banChains()).containsExactly("f2b-sshd");
        assertThat(n.dockerChains()).containsExactly("DOCKER", "DOCKER-USER");
        assertThat(n.otherGuardChains()).containsExactly("sshguard");
        assertThat(n.ipsets()).containsExactly("admin-blocklist", "f2b-postfix");
        assertThat(n.notes()).anySatisfy(s -> assertThat(s).startsWith("fail2ban is running (jails: postfix, sshd)"))
                .anySatisfy(s -> assertThat(s).contains("Docker's chains DOCKER, DOCKER-USER"))
                .anySatisfy(s -> assertThat(s).contains("ipsets admin-blocklist, f2b-postfix"));
    }

    @Test
    void aHostWithoutNeighboursHasNoNotes() {
        Neighbours n = Neighbours.of(List.of(IptablesSave.parse("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n")), Optional.empty(), Optional.empty());

        assertThat(n.fail2banJails()).isEmpty();
        assertThat(n.notes()).isEmpty();
    }
}
