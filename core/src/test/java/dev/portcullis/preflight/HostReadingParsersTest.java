package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small parsers the hardware and mail stack checks use, on outputs captured from the test host. */
class HostReadingParsersTest {

    @Test
    void meminfoTotalIsInBytes() {
        long kib = Long.parseLong(Fixtures.read("meminfo.txt").lines().filter(l -> l.startsWith("MemTotal:"))
                .findFirst().orElseThrow().replaceAll("[^0-9]", ""));

        assertThat(MemInfo.totalBytes(Fixtures.read("meminfo.txt"))).hasValue(kib * 1024);
    }

    @Test
    void dfGivesAvailableBytesAndMountPoint() {
        DiskFree.Filesystem fs = DiskFree.first(Fixtures.read("df.txt")).orElseThrow();

        assertThat(fs.availableBytes()).isEqualTo(82486060L * 1024);
        assertThat(fs.mountedOn()).isEqualTo("/");
        assertThat(DiskFree.parse(Fixtures.read("df-ancestors.txt"))).hasSize(5);
    }

    @Test
    void spoolIsMeasuredWithItsAncestors() {
        assertThat(DiskFree.pathAndAncestors("/var/spool/postfix"))
                .containsExactly("/var/spool/postfix", "/var/spool", "/var", "/");
        assertThat(DiskFree.pathAndAncestors("/")).containsExactly("/");
    }

    @Test
    void portListsInEveryFirewallsSpelling() {
        assertThat(PortList.parse("25")).hasSize(1);
        assertThat(PortList.parse("20:30").get(0).contains(25)).isTrue();
        assertThat(PortList.parse("{ 25, 1000-2000 }")).hasSize(2);
        assertThat(PortList.parse("465,587")).hasSize(2);
        assertThat(PortList.contains(PortList.parse("smtp"), 25)).isTrue();
        assertThat(PortList.parse("@mail_ports")).isEmpty();
        assertThat(PortList.parse("Any")).isEmpty();
        assertThat(PortList.parse("")).isEqualTo(List.of());
    }
}
