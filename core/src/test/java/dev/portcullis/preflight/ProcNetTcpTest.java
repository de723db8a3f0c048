package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcNetTcpTest {

    @Test
    void decodesIpv4ListenersWithTheirInodes() {
        List<ProcNetTcp.Socket> sockets = ProcNetTcp.listening(Fixtures.read("proc-net-tcp.txt"));

        assertThat(sockets).containsExactly(new ProcNetTcp.Socket("0.0.0.0", 587, 105586),
                new ProcNetTcp.Socket("0.0.0.0", 25, 94215));
    }

    @Test
    void decodesIpv6Listeners() {
        assertThat(ProcNetTcp.listening(Fixtures.read("proc-net-tcp6.txt")))
                .containsExactly(new ProcNetTcp.Socket("::", 25, 94216));
    }

    @Test
    void readsBothTablesConcatenatedAsCatPrintsThem() {
        String both = Fixtures.read("proc-net-tcp.txt") + Fixtures.read("proc-net-tcp6.txt");

        assertThat(ProcNetTcp.listening(both)).hasSize(3);
    }

    @Test
    void skipsConnectionsThatAreNotListening() {
        assertThat(ProcNetTcp.listening(Fixtures.read("proc-net-tcp-loopback.txt")))
                .containsExactly(new ProcNetTcp.Socket("127.0.0.1", 25, 138455));
    }

    @Test
    void decodesLittleEndianWords() {
        assertThat(ProcNetTcp.address("0100007F")).isEqualTo("127.0.0.1");
        assertThat(ProcNetTcp.address("00000000000000000000000001000000")).isEqualTo("::1");
        assertThat(ProcNetTcp.address("B80D0120000000000000000001000000")).isEqualTo("2001:db8::1");
    }
}
