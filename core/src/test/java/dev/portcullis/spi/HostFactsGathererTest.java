package dev.portcullis.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.RecordingCommandRunner;
import java.util.List;
import java.util.Set;
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

    /** A module that asks about its own tool and reads one fact about it. */
    private static final HostFactsContributor FRIDGE = new HostFactsContributor() {
        @Override
        public Set<String> tools() {
            return Set.of("fridgectl");
        }

        @Override
        public void contribute(CommandRunner runner, HostFacts known, HostFacts.Builder facts) {
            if (known.hasTool("fridgectl")) {
                facts.fact(TEMPERATURE, Long.valueOf(runner.run(Command.builder("fridgectl").arg("temp").build())
                        .stdout().strip()));
            }
        }
    };

    private static final FactKey<Long> TEMPERATURE = FactKey.count("fridge.temperature");

    @Test
    void gathersOsDistroUidAndToolsThroughTheRunner() {
        RecordingCommandRunner runner = new RecordingCommandRunner()
                .answer("Linux 6.1.0-18-amd64\n", "uname", "-sr")
                .answer(DEBIAN_OS_RELEASE, "cat", "/etc/os-release")
                .answer("0\n", "id", "-u")
                .answer(1, "/usr/bin/ss\n/usr/bin/systemctl\n", "which");
        HostFacts facts = HostFactsGatherer.gather(runner, List.of());
        assertThat(facts.osFamily()).isEqualTo(HostFacts.OsFamily.LINUX);
        assertThat(facts.distroId()).contains("debian");
        assertThat(facts.distroVersion()).contains("12");
        assertThat(facts.kernel()).contains("Linux 6.1.0-18-amd64");
        assertThat(facts.isRoot()).isTrue();
        assertThat(facts.tools()).containsExactlyInAnyOrder("ss", "systemctl");
        assertThat(runner.commands()).hasSize(4);
    }

    @Test
    void aContributorsToolsAreLookedUpInTheSameWhichAndItsFactsAreTyped() {
        RecordingCommandRunner runner = new RecordingCommandRunner()
                .answer("Linux 6.1.0-18-amd64\n", "uname", "-sr")
                .answer(DEBIAN_OS_RELEASE, "cat", "/etc/os-release")
                .answer("0\n", "id", "-u")
                .answer(1, "/usr/bin/fridgectl\n", "which")
                .answer("4\n", "fridgectl", "temp");
        HostFacts facts = HostFactsGatherer.gather(runner, List.of(FRIDGE));
        assertThat(runner.commands().get(3).argv()).contains("fridgectl", "ss");
        assertThat(facts.fact(TEMPERATURE)).contains(4L);
        assertThat(facts.attributes()).containsEntry("fridge.temperature", "4");
    }

    @Test
    void aContributorThatBreaksCostsOnlyItsOwnFacts() {
        RecordingCommandRunner runner = new RecordingCommandRunner()
                .answer("Linux 6.1.0-18-amd64\n", "uname", "-sr")
                .answer(DEBIAN_OS_RELEASE, "cat", "/etc/os-release")
                .answer("0\n", "id", "-u")
                .answer(1, "/usr/bin/fridgectl\n", "which")
                .answer("warm\n", "fridgectl", "temp");
        HostFacts facts = HostFactsGatherer.gather(runner, List.of(FRIDGE));
        assertThat(facts.fact(TEMPERATURE)).isEmpty();
        assertThat(facts.distroId()).contains("debian");
    }

    @Test
    void readsIdLikeForDerivedDistributions() {
        var m = HostFactsGatherer.parseOsRelease("ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\n");
        assertThat(m).containsEntry("ID", "rocky").containsEntry("ID_LIKE", "rhel centos fedora");
        RecordingCommandRunner runner = new RecordingCommandRunner()
                .answer("Linux 5.14.0\n", "uname", "-sr")
                .answer("ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\n", "cat", "/etc/os-release")
                .answer("1000\n", "id", "-u");
        HostFacts facts = HostFactsGatherer.gather(runner, List.of());
        assertThat(facts.isLike("rhel")).isTrue();
        assertThat(facts.isLike("debian")).isFalse();
        assertThat(facts.isRoot()).isFalse();
    }

    @Test
    void aHostThatCannotRunUnameYieldsUnknownFacts() {
        RecordingCommandRunner runner = new RecordingCommandRunner().answer(127, "", "uname");
        HostFacts facts = HostFactsGatherer.gather(runner, List.of());
        assertThat(facts.osFamily()).isEqualTo(HostFacts.OsFamily.OTHER);
        assertThat(facts.tools()).isEmpty();
    }
}
