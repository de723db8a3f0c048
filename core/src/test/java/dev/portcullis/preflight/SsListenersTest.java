package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SsListenersTest {

    @Test
    void readsPostfixMasterAndItsPidOnBothFamilies() {
        List<Listener> listeners = SsListeners.parse(Fixtures.read("ss-master.txt"));

        assertThat(listeners).extracting(Listener::address, Listener::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0.0.0.0", 25), org.assertj.core.groups.Tuple.tuple("::", 25));
        assertThat(listeners.get(0).owners()).containsExactly(new Listener.Owner("master", 100));
    }

    @Test
    void keepsEveryProcessThatSharesTheSocket() {
        Listener l = SsListeners.parse(Fixtures.read("ss-master-loopback.txt")).get(0);

        assertThat(l.address()).isEqualTo("127.0.0.1");
        assertThat(l.loopbackOnly()).isTrue();
        assertThat(l.owners()).containsExactly(new Listener.Owner("smtpd", 227), new Listener.Owner("master", 217));
    }

    @Test
    void leavesOwnersEmptyWhenTheyCannotBeRead() {
        List<Listener> listeners = SsListeners.parse(Fixtures.read("ss-owner-unreadable.txt"));

        assertThat(listeners).hasSize(2).allMatch(l -> l.owners().isEmpty() && l.port() == 25);
        assertThat(listeners.get(0).ownersText()).contains("could not be read");
    }

    @Test
    void readsOwnersWhereTheyAreReadableAndNotWhereTheyAreNot() {
        List<Listener> listeners = SsListeners.parse(Fixtures.read("ss-postfix-python.txt"));

        assertThat(listeners).hasSize(3);
        assertThat(listeners.get(0).port()).isEqualTo(587);
        assertThat(listeners.get(0).owners()).containsExactly(new Listener.Owner("python3", 218));
        assertThat(listeners.get(1).owners()).isEmpty();
    }

    @Test
    void normalisesAddressForms() {
        assertThat(SsListeners.address("[::]")).isEqualTo("::");
        assertThat(SsListeners.address("*")).isEqualTo("*");
        assertThat(SsListeners.address("127.0.0.53%lo")).isEqualTo("127.0.0.53");
        assertThat(SsListeners.address("[::ffff:127.0.0.1]")).isEqualTo("::ffff:127.0.0.1");
    }
}
