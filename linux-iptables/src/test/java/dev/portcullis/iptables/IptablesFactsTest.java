package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The iptables module reads its own facts: its tools on PATH, and the variant from iptables -V. */
class IptablesFactsTest {

    private static RecordingCommandRunner debian(String which) {
        return new RecordingCommandRunner()
                .answer("Linux 6.1.0-18-amd64\n", "uname", "-sr")
                .answer("ID=debian\nVERSION_ID=\"12\"\n", "cat", "/etc/os-release")
                .answer("0\n", "id", "-u")
                .answer(1, which, "which");
    }

    @Test
    void readsTheVariantFromIptablesVersionThroughTheRunner() {
        RecordingCommandRunner runner = debian("/usr/sbin/iptables\n/usr/sbin/iptables-save\n")
                .answer("iptables v1.8.9 (nf_tables)\n", "iptables", "-V");

        HostFacts facts = HostFactsGatherer.gather(runner, List.of(new IptablesFacts()));

        assertThat(facts.fact(IptablesFacts.VARIANT)).contains(IptablesVariant.NF_TABLES);
        assertThat(facts.fact(IptablesFacts.VERSION)).contains("iptables v1.8.9 (nf_tables)");
        assertThat(facts.attributes()).containsEntry("iptables.variant", "nf_tables");
        assertThat(runner.commands().get(3).argv()).contains("iptables-legacy-save", "ip6tables-nft-restore");
        assertThat(runner.commands()).hasSize(5);
    }

    @Test
    void anIptablesThatDoesNotNameNfTablesIsLegacy() {
        RecordingCommandRunner runner = debian("/usr/sbin/iptables\n").answer("iptables v1.6.1\n", "iptables", "-V");

        assertThat(HostFactsGatherer.gather(runner, List.of(new IptablesFacts())).fact(IptablesFacts.VARIANT))
                .contains(IptablesVariant.LEGACY);
    }

    @Test
    void withoutIptablesOnPathNothingMoreIsRead() {
        RecordingCommandRunner runner = debian("");

        HostFacts facts = HostFactsGatherer.gather(runner, List.of(new IptablesFacts()));

        assertThat(facts.fact(IptablesFacts.VARIANT)).isEmpty();
        assertThat(runner.commands()).hasSize(4);
    }

    @Test
    void theModuleIsFoundOnTheClassPath() {
        assertThat(HostFactsGatherer.installedContributors()).hasAtLeastOneElementOfType(IptablesFacts.class);
    }
}
