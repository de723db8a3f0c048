package dev.portcullis.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.RecordingCommandRunner;
import org.junit.jupiter.api.Test;

/** Host facts come from a few reads through the runner, so they work for containers and remote hosts. */
class HostFactsGathererTest {

    private static final String DEBIAN_OS_RELEASE = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            HOME_URL="https://www.debian.org/"
            """;

    @Test
    void gathersOsDistroUidToolsAndIptablesVariantThroughTheRunner() {
        RecordingCommandRunner runner = new RecordingCommandRunner()
                .answer("Linux 6.1.0-18-amd64\n", "uname", "-sr")
                .answer(DEBIAN_OS_RELEASE, "cat", "/etc/os-release")
                .answer("0\n", "id", "-u")
                .answer(1, "/usr/sbin/iptables\n/usr/sbin/iptables-save\n/usr/sbin/postconf\n", "which")
                .answer("iptables v1.8.9 (nf_tables)\n", "iptables", "-V");
        HostFacts facts = HostFactsGatherer.gather(runner);
        assertThat(facts.osFamily()).isEqualTo(HostFacts.OsFamily.LINUX);
        assertThat(facts.distroId()).contains("debian");
        assertThat(facts.distroVersion()).contains("12");
        assertThat(facts.kernel()).contains("Linux 6.1.0-18-amd64");
        assertThat(facts.isRoot()).isTrue();
        assertThat(facts.tools()).containsExactlyInAnyOrder("iptables", "iptables-save", "postconf");
        assertThat(facts.attribute("iptables.variant")).contains("nf_tables");
        assertThat(runner.commands()).hasSize(5);
    }

    @Test
    void readsIdLikeForDerivedDistributions() {
        var m = HostFactsGatherer.parseOsRelease("ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\n");
        assertThat(m).containsEntry("ID", "rocky").containsEntry("ID_LIKE", "rhel centos fedora");
        RecordingCommandRunner runner = new RecordingCommandRunner()
                .answer("Linux 5.14.0\n", "uname", "-sr")
                .answer("ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\n", "cat", "/etc/os-release")
                .answer("1000\n", "id", "-u");
        HostFacts facts = HostFactsGatherer.gather(runner);
        assertThat(facts.isLike("rhel")).isTrue();
        assertThat(facts.isLike("debian")).isFalse();
        assertThat(facts.isRoot()).isFalse();
        assertThat(facts.attribute("iptables.variant")).isEmpty();
    }

    @Test
    void aHostThatCannotRunUnameYieldsUnknownFacts() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer(127, "", "uname");
        HostFacts facts = HostFactsGatherer.gather(runner);
        assertThat(facts.osFamily()).isEqualTo(HostFacts.OsFamily.OTHER);
        assertThat(facts.tools()).isEmpty();
    }
}
