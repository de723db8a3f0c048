package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.RateLimit;
import dev.portcullis.exec.CountingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend on a live Debian host whose INPUT drops by default and which carries Docker- and
 * fail2ban-like rules of its own. Every test starts from that foreign rule set.
 */
class IptablesBackendIT {

    static final Duration QUICK = Duration.ofSeconds(2);

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;
    static String allowed;
    static String allowed6;
    static dev.portcullis.spi.HostFacts facts;

    @BeforeAll
    static void startHost() {
        host = LinuxTestHost.start().listenOn(25).listenOn(26);
        client = host.newClient();
        allowed = host.network().address(130);
        allowed6 = host.network().ipv6Address(130).orElse("2001:db8:130::1");
        facts = dev.portcullis.spi.HostFactsGatherer.gather(host.runner());
    }

    @BeforeEach
    void foreignRulesOnly() {
        LiveHost.resetToForeignRules(host);
    }

    static PortPolicy smtp() {
        return PortPolicy.named("smtp-inbound")
                .allow(Protocol.TCP, 25).from(allowed + "/32", allowed6 + "/128").rateLimit(RateLimit.perMinute(600)).logged()
                .build();
    }

    static Provisioner provisioner(dev.portcullis.exec.CommandRunner runner) {
        return Provisioner.on(runner).facts(facts).firewall("linux-iptables");
    }

    @Test
    void anAllowedSourceReachesPort25AnotherSourceDoesNotAndPort26StaysClosed() {
        assertThat(client.canConnect(allowed, host.address(), 25, QUICK)).as("closed before apply").isFalse();

        ApplyReport report = provisioner(host.runner()).apply(smtp());

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(client.canConnect(allowed, host.address(), 25, QUICK)).as("allowed source to 25").isTrue();
        assertThat(client.canConnect(client.address(), host.address(), 25, QUICK)).as("other source to 25").isFalse();
        assertThat(client.canConnect(allowed, host.address(), 26, QUICK)).as("allowed source to 26").isFalse();
    }

    @Test
    void overIpv6TooAnAllowedSourceReachesPort25AndAnotherDoesNot() {
        // A skipped live test counts as a failed one: an engine without IPv6 networks fails here.
        assertThat(host.ipv6Address()).as("the Docker engine gave the test network no IPv6").isPresent();
        String target = host.ipv6Address().get();
        assertThat(client.canConnect(allowed6, target, 25, QUICK)).as("closed before apply").isFalse();

        provisioner(host.runner()).apply(smtp());

        assertThat(client.canConnect(allowed6, target, 25, QUICK)).as("allowed IPv6 source").isTrue();
        assertThat(client.canConnect(client.ipv6Address().orElseThrow(), target, 25, QUICK)).as("other IPv6 source").isFalse();
        assertThat(client.canConnect(allowed6, target, 26, QUICK)).as("allowed IPv6 source to 26").isFalse();
    }

    @Test
    void foreignRulesStayIdenticalThroughApplyReapplyAndRemoveWhichRestoresEverything() {
        List<IptablesSave> before = LiveHost.tables(host);
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());
        Provisioner p = provisioner(counting);

        ApplyReport applied = p.apply(smtp());
        int applySpawns = counting.spawns();
        List<IptablesSave> afterApply = LiveHost.tables(host);
        counting.reset();
        ApplyReport reapplied = p.apply(smtp());
        int reapplySpawns = counting.spawns();
        List<IptablesSave> afterReapply = LiveHost.tables(host);
        ApplyReport removed = p.remove(smtp());
        List<IptablesSave> afterRemove = LiveHost.tables(host);

        assertThat(applied.outcome()).as(applied.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(reapplied.outcome()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        assertThat(removed.outcome()).as(removed.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(LiveHost.foreignLines(afterApply)).isEqualTo(LiveHost.foreignLines(before));
        assertThat(LiveHost.foreignLines(afterReapply)).isEqualTo(LiveHost.foreignLines(before));
        assertThat(LiveHost.allLines(afterApply)).isNotEqualTo(LiveHost.allLines(before));
        assertThat(LiveHost.allLines(afterRemove)).isEqualTo(LiveHost.allLines(before));
        assertThat(applySpawns).as("3 snapshot reads (two saves, ipset save), 2 restores, 2 read-backs; the host's lock and journal")
                .isEqualTo(7 + dev.portcullis.hoststate.SingleWriter.LOCK_AND_JOURNAL_READ_SPAWNS + dev.portcullis.hoststate.SingleWriter.journalSpawns(applied.steps().size()));
        assertThat(reapplySpawns).as("converged re-apply: the three snapshot reads (two saves, ipset save); the host's lock and journal")
                .isEqualTo(3 + dev.portcullis.hoststate.SingleWriter.LOCK_AND_JOURNAL_READ_SPAWNS);
    }

    @Test
    void ipv6RulesAppearInIp6tablesSave() {
        provisioner(host.runner()).apply(smtp());

        String v6 = host.run("ip6tables-save").stdout();
        assertThat(v6).contains("-A PORTCULLIS-INPUT -s " + allowed6 + "/128 -p tcp -m tcp --dport 25",
                "--comment \"portcullis:smtp-inbound:1\" -j ACCEPT", "-j PORTCULLIS-INPUT");
        assertThat(host.run("iptables-save").stdout()).doesNotContain(allowed6).contains(allowed + "/32");
    }

    @Test
    void policiesCoexistAndRemovingOneLeavesTheOther() {
        PortPolicy other = PortPolicy.named("submission").allow(Protocol.TCP, 587).build();
        Provisioner p = provisioner(host.runner());
        p.apply(smtp());
        p.apply(other);
        List<String> otherRules = host.run("iptables-save").stdout().lines()
                .filter(l -> l.contains("portcullis:submission")).toList();

        p.remove(smtp());

        assertThat(host.run("iptables-save").stdout().lines().filter(l -> l.contains("portcullis:")).toList())
                .isEqualTo(otherRules);
        assertThat(p.verify(other).converged()).isTrue();
        assertThat(p.verify(smtp()).converged()).isFalse();
    }

    @Test
    void verifyReportsDriftWithoutChangingAnything() {
        Provisioner p = provisioner(host.runner());
        p.apply(smtp());
        assertThat(p.verify(smtp()).converged()).isTrue();
        host.run("iptables", "-D", "PORTCULLIS-INPUT", "3");
        host.run("iptables", "-I", "INPUT", "1", "-p", "tcp", "--dport", "25", "-j", "DROP");
        host.run("ip6tables", "-D", "INPUT", "-m", "comment", "--comment", "portcullis-shared:jump", "-j", "PORTCULLIS-INPUT");
        List<IptablesSave> drifted = LiveHost.tables(host);

        VerifyReport report = p.verify(smtp());

        assertThat(report.converged()).isFalse();
        assertThat(report.drifts()).anySatisfy(d -> assertThat(d.subject()).isEqualTo("rule portcullis:smtp-inbound:1:log"));
        // A foreign DROP above the jump is the coexistence contract at work: named, not drift.
        assertThat(report.drifts()).noneSatisfy(d -> assertThat(d.subject()).endsWith("is shadowed"));
        assertThat(report.findings()).anySatisfy(f -> assertThat(f)
                .contains("stays in front of the policy", "-A INPUT -p tcp -m tcp --dport 25 -j DROP"));
        assertThat(report.drifts()).anySatisfy(d -> assertThat(d.subject()).isEqualTo("jump from INPUT to PORTCULLIS-INPUT"));
        assertThat(LiveHost.allLines(LiveHost.tables(host))).isEqualTo(LiveHost.allLines(drifted));
    }

    @Test
    void persistsForTheNextBootOnlyWhenAskedAndRemovesFromTheFilesToo() {
        host.runner().run(dev.portcullis.exec.Command.of("rm", "-rf", "/etc/iptables"));
        Provisioner p = provisioner(host.runner());
        p.apply(smtp());
        assertThat(host.runner().execute(dev.portcullis.exec.Command.of("test", "-e", "/etc/iptables/rules.v4")).exitCode())
                .as("not persisted without the option").isNotZero();

        Provisioner persisting = p.option("iptables.persist", "true");
        ApplyReport saved = persisting.apply(smtp());

        assertThat(saved.outcome()).as(saved.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(host.run("cat", "/etc/iptables/rules.v4").stdout()).contains("portcullis:smtp-inbound:1", "f2b-sshd");
        assertThat(host.run("cat", "/etc/iptables/rules.v6").stdout()).contains(allowed6);
        assertThat(persisting.apply(smtp()).outcome()).isEqualTo(ApplyReport.Outcome.UNCHANGED);

        persisting.remove(smtp());

        assertThat(host.run("cat", "/etc/iptables/rules.v4").stdout()).doesNotContain("PORTCULLIS").contains("f2b-sshd");
    }
}
