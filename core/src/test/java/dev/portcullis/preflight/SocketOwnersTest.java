package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SocketOwnersTest {

    @Test
    void mapsSocketInodesToPids() {
        assertThat(SocketOwners.parseFind(Fixtures.read("find-socket-owners.txt")))
                .isEqualTo(Map.of(138455L, List.of(217L)));
    }

    @Test
    void namesProcessesFromTheirCommFiles() {
        Map<Long, String> names = SocketOwners.parseComm(Fixtures.read("head-comm.txt"));

        assertThat(names).containsEntry(1L, "docker-init").containsEntry(8L, "sleep").hasSize(2);
    }

    @Test
    void findMatchesInodesLiterallyAndPrintsDescriptorAndTarget() {
        List<String> args = SocketOwners.findArguments(List.of(1L, 2L));

        assertThat(args).containsSubsequence("(", "-lname", "socket:\\[1\\]", "-o", "-lname", "socket:\\[2\\]", ")")
                .endsWith("-printf", "%p %l\\n");
    }
}
