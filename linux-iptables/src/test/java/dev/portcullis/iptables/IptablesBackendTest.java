package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.Plan;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.Backends;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.RestorePoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IptablesBackendTest {

    static final HostFacts DEBIAN = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).distro("debian", "12")
            .effectiveUid(0).tools("iptables", "iptables-save", "iptables-restore", "ip6tables", "ip6tables-save",
                    "ip6tables-restore", "iptables-nft", "iptables-legacy")
            .fact(IptablesFacts.VARIANT, IptablesVariant.NF_TABLES).fact(IptablesFacts.VERSION, "iptables v1.8.9 (nf_tables)").build();

    final IptablesBackend backend = new IptablesBackend();

    @Test
    void isFoundByServiceLoaderUnderItsId() {
        assertThat(Backends.firewalls()).anySatisfy(b -> assertThat(b.id()).isEqualTo("linux-iptables"));
        assertThat(backend.priority()).isLessThan(20);
    }

    @Test
    void supportsLinuxWithTheToolsAsRootAndSaysWhyNotOtherwise() {
        assertThat(backend.supports(DEBIAN).supported()).isTrue();
        assertThat(backend.supports(DEBIAN.toBuilder().tools("firewall-cmd").build()).reason()).contains("firewalld");
        assertThat(backend.supports(HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS).build()).reason())
                .contains("Linux");
        assertThat(backend.supports(HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).effectiveUid(0).build()))
                .satisfies(s -> {
                    assertThat(s.supported()).isFalse();
                    assertThat(s.reason()).contains("iptables-save");
                });
        assertThat(backend.supports(DEBIAN.toBuilder().effectiveUid(1000).build()).reason()).contains("root", "1000");
    }

    @Test
    void usesTheToolsOfTheHostsVariant() {
        assertThat(IptablesTools.forHost(DEBIAN, IpFamily.IPV6).orElseThrow().save()).isEqualTo("ip6tables-nft-save");
        HostFacts legacy = DEBIAN.toBuilder().fact(IptablesFacts.VARIANT, IptablesVariant.LEGACY).build();
        assertThat(IptablesTools.forHost(legacy, IpFamily.IPV4).orElseThrow().restore()).isEqualTo("iptables-legacy-restore");
        HostFacts plain = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).tools("iptables-save", "iptables-restore")
                .fact(IptablesFacts.VARIANT, IptablesVariant.NF_TABLES).build();
        assertThat(IptablesTools.forHost(plain, IpFamily.IPV4).orElseThrow().save()).isEqualTo("iptables-save");
        assertThat(IptablesTools.forHost(plain, IpFamily.IPV6)).isEmpty();
    }

    @Test
    void aConvergedReapplySpawnsOnlyTheTwoSnapshotReads() {
        RecordingCommandRunner host = new RecordingCommandRunner()
                .answer(Captures.text("smtp-inbound-applied.v4"), "iptables-nft-save")
                .answer(Captures.text("smtp-inbound-applied.v6"), "ip6tables-nft-save");
        CountingCommandRunner counting = new CountingCommandRunner(host);

        Plan plan = backend.plan(Captures.SMTP_INBOUND,
                new BackendContext(counting, DEBIAN, Map.of("iptables.position", "2")));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(counting.spawns()).isEqualTo(2);
    }

    @Test
    void notesWhenFirewalldManagesTheTables() {
        RecordingCommandRunner host = new RecordingCommandRunner();
        Plan plan = backend.plan(Captures.SMTP_INBOUND,
                new BackendContext(host, DEBIAN.toBuilder().tools("firewall-cmd").build(), Map.of()));

        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("firewalld manages the tables"));
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("nf_tables", "iptables-nft-restore"));
    }

    @Test
    void refusesABadPositionAndPersistenceOnAnUnknownDistribution() {
        RecordingCommandRunner host = new RecordingCommandRunner();
        assertThatThrownBy(() -> backend.plan(Captures.SMTP_INBOUND,
                new BackendContext(host, DEBIAN, Map.of("iptables.position", "0")))).hasMessageContaining("iptables.position");
        HostFacts unknown = DEBIAN.toBuilder().distro("alpine", "3.20").build();
        assertThatThrownBy(() -> backend.plan(Captures.SMTP_INBOUND,
                new BackendContext(host, unknown, Map.of("iptables.persist", "true")))).hasMessageContaining("alpine");
        assertThat(host.commands()).isEmpty();
    }

    @Test
    void persistsWhereTheDistributionsBootLoaderReads() {
        assertThat(PersistenceTarget.forHost(DEBIAN)).contains(PersistenceTarget.DEBIAN);
        assertThat(PersistenceTarget.forHost(DEBIAN.toBuilder().distro("ubuntu", "24.04").distroLike("debian").build()))
                .contains(PersistenceTarget.DEBIAN);
        HostFacts rocky = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).distro("rocky", "9")
                .distroLike("rhel", "centos", "fedora").build();
        assertThat(PersistenceTarget.forHost(rocky).orElseThrow().file(IpFamily.IPV6)).isEqualTo("/etc/sysconfig/ip6tables");
        assertThat(PersistenceTarget.forHost(HostFacts.builder().distro("alpine", "3").build())).isEmpty();
    }

    @Test
    void readsBothRulesFilesTheIpsetsFileAndWhetherTheBootLoadsItInOneProcess() {
        PersistenceTarget files = PersistenceTarget.DEBIAN;
        PersistenceTarget.PersistedFiles read = files.parse("/etc/iptables/rules.v4:*filter\n/etc/iptables/rules.v4:COMMIT\n",
                "grep: /etc/iptables/rules.v6: No such file or directory\n");

        assertThat(read.v4()).contains("*filter\nCOMMIT\n");
        assertThat(read.v6()).isEmpty();
        assertThat(files.readCommand().argv()).containsExactly("grep", "-H", "", "--", "/etc/iptables/rules.v4",
                "/etc/iptables/rules.v6", "/etc/iptables/ipsets", "/usr/share/netfilter-persistent/plugins.d/10-ipset");
        assertThat(read.ipsetLoader()).as("the loader's absence is not named").isTrue();
    }

    @Test
    void refusesAZonedPolicyBeforeReadingTheHostUnlessTheZoneIsMapped() {
        dev.portcullis.PortPolicy zoned = dev.portcullis.PortPolicy.named("db").zone("internal")
                .allow(dev.portcullis.Protocol.TCP, 3306).build();
        RecordingCommandRunner host = new RecordingCommandRunner();

        assertThatThrownBy(() -> backend.plan(zoned, new BackendContext(host, DEBIAN, Map.of())))
                .isInstanceOf(dev.portcullis.InvalidSpecException.class).hasMessageContaining("zone");
        assertThat(host.commands()).isEmpty();
        assertThat(IptablesBackend.zoneInterfaces(Map.of("iptables.zone.internal", "eth1, eth2", "other", "x")))
                .isEqualTo(Map.of("internal", java.util.List.of("eth1", "eth2")));
    }

    @Test
    void refusesAnInterfaceNameThatIsNotOneNamingTheOption() {
        for (String bad : new String[] {"eth1;reboot", "", "-i", "an-interface-name-too-long", "eth 1"}) {
            assertThatThrownBy(() -> IptablesBackend.zoneInterfaces(Map.of("iptables.zone.internal", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iptables.zone.internal");
        }
    }
    @Test
    void theRestorePointPutsThePolicysSetsBackBeforeTheRulesLoadAndDestroysTheSetsTheApplyCreatesAfterThem() {
        // the host has set 1 of "sets" (two networks) and a foreign set; the policy to apply needs no
        // set for rule 1 any more (one source) and a new set for rule 2
        String ipsetSave = String.join("\n",
                "create pc-sets-1-v4 hash:net family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x1",
                "add pc-sets-1-v4 192.0.2.0/24", "add pc-sets-1-v4 198.51.100.0/24",
                "create blocklist hash:ip family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x2",
                "add blocklist 203.0.113.9", "");
        RecordingCommandRunner host = new RecordingCommandRunner().answer("*filter\nCOMMIT\n", "iptables-nft-save")
                .answer("*filter\nCOMMIT\n", "ip6tables-nft-save").answer(ipsetSave, "ipset", "save");
        PortPolicy policy = PortPolicy.named("sets").sourceSetThreshold(2)
                .allow(Protocol.TCP, 25).from("192.0.2.0/24")
                .allow(Protocol.TCP, 26).from("203.0.113.0/25", "203.0.113.128/25").build();
        String folder = "/var/lib/portcullis/confirm/revert-1-ab";

        RestorePoint point = backend.restorePoint(folder, policy,
                new BackendContext(host, DEBIAN.toBuilder().tools("ipset").build(), Map.of()));

        assertThat(point.restore()).containsExactly(
                List.of("ipset", "-exist", "-file", folder + "/ipsets-before-rules.restore", "restore"),
                List.of("iptables-nft-restore", folder + "/ipv4.rules"),
                List.of("ip6tables-nft-restore", folder + "/ipv6.rules"),
                List.of("ipset", "-exist", "-file", folder + "/ipsets-after-rules.restore", "restore"));
        assertThat(saved(point, folder + "/ipsets-before-rules.restore")).isEqualTo(String.join("\n",
                "create pc-sets-1-v4 hash:net family inet", "add pc-sets-1-v4 192.0.2.0/24", "add pc-sets-1-v4 198.51.100.0/24", ""));
        assertThat(saved(point, folder + "/ipsets-after-rules.restore")).isEqualTo("destroy pc-sets-2-v4\n");
        assertThat(point.save()).noneSatisfy(c -> assertThat(new String(c.stdin().orElse(new byte[0]),
                java.nio.charset.StandardCharsets.UTF_8)).contains("blocklist"));
    }

    @Test
    void aPolicyWithoutSetsOnAHostWithoutThemRestoresOnlyTheRules() {
        RecordingCommandRunner host = new RecordingCommandRunner().answer("*filter\nCOMMIT\n", "iptables-nft-save")
                .answer("*filter\nCOMMIT\n", "ip6tables-nft-save").answer("", "ipset", "save");

        RestorePoint point = backend.restorePoint("/f", Captures.SMTP_INBOUND,
                new BackendContext(host, DEBIAN.toBuilder().tools("ipset").build(), Map.of()));

        assertThat(point.restore()).containsExactly(List.of("iptables-nft-restore", "/f/ipv4.rules"),
                List.of("ip6tables-nft-restore", "/f/ipv6.rules"));
    }

    private static String saved(RestorePoint point, String file) {
        return point.save().stream().filter(c -> c.argv().contains("of=" + file)).findFirst()
                .map(c -> new String(c.stdin().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("nothing saved to " + file + ": " + point.save()));
    }
}
