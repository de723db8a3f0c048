package dev.portcullis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.CancellationToken;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.ProvisioningListener;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.MailServerBackend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One immutable provisioner, one builder for every setting, newBuilder() to derive a variant. */
class ProvisionerTest {

    private static final HostFacts WINDOWS = HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS).build();

    private final FakeHost host = new FakeHost();
    private final List<FirewallBackend> firewalls = List.of(new FakeHost.Firewall("fake-firewall"));
    private final List<MailServerBackend> mailServers = List.of(new FakeHost.MailServer("fake-mail"));
    private final MailServerSpec mail = MailServerSpec.forHost("mx.example.com").acceptMailFor("example.com").build();

    private long factReads(CountingCommandRunner counting) {
        return counting.commands().stream().filter(c -> c.program().equals("uname")).count();
    }

    @Test
    void builderDefaultsAreThisMachineAndTheBackendsOnTheClassPath() {
        Provisioner p = Provisioner.builder().build();

        assertThat(p.runner().isLocal()).isTrue();
        assertThat(p.firewallId()).isEmpty();
        assertThat(p.mailServerId()).isEmpty();
        assertThat(p.options()).isEmpty();
        assertThat(p.listener()).isSameAs(ProvisioningListener.NONE);
        assertThat(p.cancellation().isCancelled()).isFalse();
    }

    @Test
    void builderSetsEverySettingAtOnce() {
        CancellationToken token = new CancellationToken();
        ProvisioningListener listener = event -> { };

        Provisioner p = Provisioner.builder().runner(host).firewall("fake-firewall").mailServer("fake-mail")
                .listener(listener).cancellation(token).option("a", "1").option("b", "2").option("a", "3")
                .backends(firewalls, mailServers).facts(WINDOWS).build();

        assertThat(p.runner()).isSameAs(host);
        assertThat(p.firewallId()).hasValue("fake-firewall");
        assertThat(p.mailServerId()).hasValue("fake-mail");
        assertThat(p.listener()).isSameAs(listener);
        assertThat(p.cancellation()).isSameAs(token);
        assertThat(p.options()).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
        assertThat(p.firewalls()).isEqualTo(firewalls);
        assertThat(p.mailServers()).isEqualTo(mailServers);
        assertThat(p.facts()).isSameAs(WINDOWS);
        assertThat(host.ran()).as("given facts are not gathered").isEmpty();
    }

    @Test
    void newBuilderDerivesAVariantAndLeavesTheOriginalAsItWas() {
        Provisioner original = Provisioner.builder().runner(host).firewall("fake-firewall").option("a", "1")
                .backends(firewalls, mailServers).build();

        Provisioner variant = original.newBuilder().mailServer("fake-mail").option("b", "2").removeOption("a").build();

        assertThat(variant.firewallId()).hasValue("fake-firewall");
        assertThat(variant.mailServerId()).hasValue("fake-mail");
        assertThat(variant.options()).containsExactly(Map.entry("b", "2"));
        assertThat(variant.runner()).isSameAs(host);
        assertThat(original.mailServerId()).isEmpty();
        assertThat(original.options()).containsExactly(Map.entry("a", "1"));
    }

    @Test
    void copiesThatReachTheSameHostGatherItsFactsOnce() {
        CountingCommandRunner counting = new CountingCommandRunner(host);
        Provisioner p = Provisioner.on(counting).backends(firewalls, mailServers);

        p.facts();
        p.firewall("fake-firewall").facts();
        p.newBuilder().option("a", "1").listener(event -> { }).build().facts();

        assertThat(factReads(counting)).isEqualTo(1);
    }

    @Test
    void anotherRunnerMeansAnotherHostWhoseFactsAreGatheredAnew() {
        CountingCommandRunner first = new CountingCommandRunner(host);
        CountingCommandRunner second = new CountingCommandRunner(new FakeHost());
        Provisioner p = Provisioner.on(first);
        p.facts();

        Provisioner elsewhere = p.newBuilder().runner(second).build();
        elsewhere.facts();

        assertThat(factReads(first)).isEqualTo(1);
        assertThat(factReads(second)).isEqualTo(1);
    }

    @Test
    void givenFactsStayWhenTheRunnerChanges() {
        Provisioner p = Provisioner.builder().facts(WINDOWS).runner(host).build();

        assertThat(p.facts()).isSameAs(WINDOWS);
        assertThat(p.newBuilder().runner(new FakeHost()).build().facts()).isSameAs(WINDOWS);
        assertThat(host.ran()).isEmpty();
    }

    @Test
    void planRemovalOfAMailServerIsADryRunOfWhatRemoveDoes() {
        Provisioner p = Provisioner.on(host).backends(firewalls, mailServers);
        p.apply(mail);
        Map<String, String> applied = host.mailConfig();

        Plan removal = p.planRemoval(mail);

        assertThat(host.mailConfig()).as("planning changes nothing").isEqualTo(applied);
        assertThat(removal.backend()).isEqualTo("fake-mail");
        assertThat(removal.render()).contains("fakemail unset myhostname mydomain accepted message_size_limit");
        assertThat(p.remove(mail).succeeded()).isTrue();
        assertThat(host.mailConfig()).isEmpty();
        assertThat(p.planRemoval(mail).isEmpty()).as("nothing left to remove").isTrue();
    }

    @Test
    void shortcutsAreTheBuilderInOneStep() {
        Provisioner base = Provisioner.on(host).backends(firewalls, mailServers);

        Provisioner viaShortcuts = base.firewall("fake-firewall").option("a", "1");
        Provisioner viaBuilder = base.newBuilder().firewall("fake-firewall").option("a", "1").build();

        assertThat(viaShortcuts.firewallId()).isEqualTo(viaBuilder.firewallId());
        assertThat(viaShortcuts.options()).isEqualTo(viaBuilder.options());
        assertThat(viaShortcuts.firewalls()).isEqualTo(viaBuilder.firewalls());
    }
}
