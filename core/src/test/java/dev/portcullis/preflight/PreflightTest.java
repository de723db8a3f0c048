package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SecretRef;
import dev.portcullis.SqlLookup;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.exec.Command;
import dev.portcullis.preflight.PreflightCheck.Status;
import dev.portcullis.spi.Support;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Preflight's engine and core's own checks on a fake Debian host answering with outputs captured
 * from the live test host; modules' knowledge arrives through contributors (here a fake daemon).
 */
class PreflightTest {

    private final FakeLinuxHost host = new FakeLinuxHost().answer(3, "", "daemonctl", "state");

    private PreflightReport run(dev.portcullis.Spec spec) {
        return run(spec, host.options().build());
    }

    private PreflightReport run(dev.portcullis.Spec spec, PreflightOptions options) {
        return host.provisioner().preflight(spec, options);
    }

    private static PreflightCheck check(PreflightReport r, String id) {
        return r.check(id).orElseThrow();
    }

    @Test
    void runsTheSixChecksInOrder() {
        PreflightReport r = run(Specs.mail());

        assertThat(r.checks()).extracting(PreflightCheck::id).containsExactly("privileges", "hardware",
                "port-occupancy", "firewall-audit", "outbound-smtp", "mail-stack");
        assertThat(r.spec()).isEqualTo(Specs.mail().name());
        assertThat(r.target()).isEqualTo("fake debian host");
    }

    @Test
    void everyCommandRunsOnceAndIsCounted() {
        PreflightReport r = run(Specs.mail());

        List<Command> commands = host.commands();
        assertThat(r.processes()).isEqualTo(commands.size());
        assertThat(commands).doesNotHaveDuplicates();
        assertThat(commands).extracting(Command::program).doesNotContain("sh", "bash");
    }

    @Test
    void rootPasses() {
        PreflightCheck c = check(run(Specs.mail()), "privileges");

        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.evidence()).extracting(Evidence::source).containsExactly("id -u");
    }

    @Test
    void anUnprivilegedUserFails() {
        host.answer("1000\n", "id", "-u");

        PreflightCheck c = check(run(Specs.mail()), "privileges");

        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.reason()).contains("effective uid 1000").contains("root");
    }

    @Test
    void aLocalRunnerAsksThePlatformNotTheRunner() {
        PreflightOptions options = host.options().localPrivileges(
                () -> Optional.of(new LocalPrivileges.Reading(false, "JNA geteuid()", "1000"))).build();

        PreflightCheck c = check(host.provisioner().newBuilder().runner(host.localRunner()).build()
                .preflight(Specs.webPolicy(), options), "privileges");

        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.evidence()).extracting(Evidence::source).containsExactly("JNA geteuid()");
        assertThat(host.commands()).noneMatch(cmd -> cmd.program().equals("id"));
    }

    @Test
    void hardwareBelowTheDefaultsOnlyWarns() {
        PreflightCheck c = check(run(Specs.mail()), "hardware");

        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("2 cores, fewer than the 4 recommended");
        assertThat(c.detail("cores")).isEqualTo(2);
        assertThat(c.detail("spoolFreeBytes")).isEqualTo(82485336L * 1024);
    }

    @Test
    void hardwareThresholdsAreConfigurable() {
        PreflightCheck c = check(run(Specs.mail(), host.options().minimumCores(2)
                .minimumMemory(dev.portcullis.DataSize.ofMegabytes(512))
                .minimumSpoolFree(dev.portcullis.DataSize.ofMegabytes(1024)).build()), "hardware");

        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.reason()).contains("2 cores").contains("free for the mail spool");
    }

    @Test
    void theSpoolIsMeasuredWithItsAncestorsInOneCall() {
        run(Specs.mail());

        assertThat(host.commands()).filteredOn(cmd -> cmd.program().equals("df")).singleElement()
                .satisfies(cmd -> assertThat(cmd.argv()).containsExactly("df", "-P", "/var/spool/postfix", "/var/spool",
                        "/var", "/"));
    }

    @Test
    void aProcessAModuleNamesAsItsMailServerIsTheMailServerItself() {
        host.answer("LISTEN 0      100    0.0.0.0:25 0.0.0.0:* users:((\"daemond\",pid=100,fd=13))\n", "ss");

        PreflightCheck without = check(run(Specs.mail()), "port-occupancy");
        PreflightCheck with = check(new FakeLinuxHost().answer(3, "", "daemonctl", "state")
                .answer("LISTEN 0      100    0.0.0.0:25 0.0.0.0:* users:((\"daemond\",pid=100,fd=13))\n", "ss")
                .with(new FakeDaemon()).run(Specs.mail()), "port-occupancy");

        assertThat(without.status()).isEqualTo(Status.FAIL);
        assertThat(with.status()).isEqualTo(Status.PASS);
        assertThat(with.reason()).contains("port 25 is taken by daemond (pid 100) on 0.0.0.0");
    }

    @Test
    void anotherMailServerOnPort25FailsAMailSpec() {
        host.answer("LISTEN 0      20     0.0.0.0:25 0.0.0.0:* users:((\"exim4\",pid=812,fd=3))\n", "ss");

        PreflightCheck c = check(run(Specs.mail()), "port-occupancy");

        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.reason()).contains("port 25 is taken by exim4 (pid 812)").contains("cannot bind");
    }

    @Test
    void aPortThePolicyOpensWithNobodyBehindItWarns() {
        PreflightCheck c = check(run(Specs.webPolicy()), "port-occupancy");

        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("nothing listens on tcp/8080");
    }

    @Test
    void aLoopbackOnlyListenerWarnsAPolicyThatOpensItsPort() {
        host.answer(Fixtures.read("ss-master-loopback.txt"), "ss");

        PreflightCheck c = check(run(Specs.smtpPolicy()), "port-occupancy");

        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("on loopback only");
    }

    @Test
    void withoutSsTheKernelTableAndProcNameTheOwner() {
        host.without("ss")
                .answer(Fixtures.read("proc-net-tcp-loopback.txt"), "cat", "/proc/net/tcp", "/proc/net/tcp6")
                .answer(Fixtures.read("find-socket-owners.txt"), "find", "/proc")
                .answer("==> /proc/217/comm <==\nmaster\n", "head", "-v", "-n", "1", "/proc/217/comm");

        PreflightCheck c = check(run(Specs.mail()), "port-occupancy");

        assertThat(c.reason()).contains("port 25 is taken by master (pid 217) on 127.0.0.1");
        assertThat(host.commands()).extracting(Command::program).contains("find", "head");
    }

    @Test
    void coreAloneAsksNoNeighbourToolSuchAsFail2banOrIpset() {
        // the neighbours (fail2ban, Docker's chains, ipsets) are the firewall-audit module's audit
        PreflightCheck c = check(run(Specs.webPolicy()), "firewall-audit");

        assertThat(host.commands()).extracting(Command::program).doesNotContain("fail2ban-client", "ipset");
        assertThat(c.detail("neighbours")).isNull();
    }

    @Test
    void theAuditSaysWhichBackendItWouldChooseAndWhy() {
        host.withTool("iptables-save").withFirewall(FakeDaemon.backend()).with(new FakeDaemon());

        PreflightCheck c = check(run(Specs.webPolicy()), "firewall-audit");

        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.detail("backend")).isEqualTo("fake-iptables");
        assertThat(c.detail("backendReason")).isEqualTo("iptables-save on PATH");
        assertThat(c.reason()).contains("Portcullis would use the fake-iptables firewall backend: iptables-save on PATH");
        assertThat(c.detail("candidates")).asList().hasSize(2);
    }

    @Test
    void aContributorsFindingsAreTheAuditsFindings() {
        host.answer(0, "", "daemonctl", "state").with(new FakeDaemon());

        PreflightCheck c = check(run(Specs.mail()), "firewall-audit");

        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("port 25 is blocked inbound by daemon table in: drop tcp 25")
                .contains("active: daemon (1 rule)");
        assertThat(c.detail("active")).isEqualTo(List.of("daemon (1 rule)"));
        assertThat(c.evidence()).extracting(Evidence::source).containsExactly("daemonctl state");
    }

    @Test
    void judgingComesAfterEveryContributorHasAudited() {
        PreflightContributor later = new PreflightContributor() {
            @Override
            public void auditFirewalls(PreflightContext ctx, FirewallFindings findings) {
                findings.active(new ActiveFirewall("later", "", ActiveFirewall.Layer.OTHER));
            }
        };
        host.answer(0, "", "daemonctl", "state").with(new FakeDaemon()).with(later);

        assertThat(check(run(Specs.webPolicy()), "firewall-audit").detail("judgedAfter"))
                .isEqualTo(List.of("daemon", "later"));
    }

    @Test
    void aContributorThatThrowsIsAWarningAndTheOthersStillRun() {
        PreflightContributor broken = new PreflightContributor() {
            @Override
            public void auditFirewalls(PreflightContext ctx, FirewallFindings findings) {
                throw new IllegalStateException("parser broke");
            }
        };
        host.answer(0, "", "daemonctl", "state").with(broken).with(new FakeDaemon());

        PreflightCheck c = check(run(Specs.webPolicy()), "firewall-audit");

        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("could not finish").contains("parser broke").contains("active: daemon (1 rule)");
    }

    @Test
    void whatTheAuditLearnsReachesTheBackends() {
        host.answer(0, "", "daemonctl", "state").withTool("iptables-save").withFirewall(FakeDaemon.backend())
                .with(new FakeDaemon());

        PreflightCheck c = check(run(Specs.webPolicy()), "firewall-audit");

        assertThat(c.detail("backend")).isEqualTo("fake-daemon");
        assertThat(c.reason()).contains("active: daemon");
    }

    @Test
    void theReportsFactsLetProvisioningChooseAsPreflightDid() {
        host.answer(0, "", "daemonctl", "state").withTool("iptables-save").withFirewall(FakeDaemon.backend())
                .with(new FakeDaemon());

        PreflightReport r = run(Specs.webPolicy());

        assertThat(r.facts().fact(FakeDaemon.RUNNING)).contains(true);
        dev.portcullis.Provisioner p = dev.portcullis.Provisioner.on(host.runner()).facts(r.facts())
                .backends(List.of(FakeBackends.iptables(), FakeDaemon.backend()), List.of());
        assertThat(p.firewallBackend().id()).isEqualTo(check(r, "firewall-audit").detail("backend"));
    }

    @Test
    void withNoBackendTheAuditFailsWithTheProvisionersExplanation() {
        PreflightCheck c = check(host.provisioner().backends(List.of(), List.of()).preflight(Specs.webPolicy(),
                host.options().build()), "firewall-audit");

        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.reason()).contains("no firewall backend applies to this host (LINUX debian 12)")
                .contains("None is installed");
    }

    @Test
    void aRequestedBackendThatCannotWorkHereFails() {
        host.withFirewall(FakeDaemon.backend()).with(new FakeDaemon());
        PreflightCheck c = check(host.provisioner().firewall("fake-daemon").preflight(Specs.webPolicy(),
                host.options().build()), "firewall-audit");

        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.reason()).contains("firewall backend 'fake-daemon' cannot work on this host: the daemon does not run");
    }

    @Test
    void outboundSmtpIsNotTriedWithoutANamedRelay() {
        PreflightCheck c = check(run(Specs.mail()), "outbound-smtp");

        assertThat(c.status()).isEqualTo(Status.WARN);
        assertThat(c.reason()).contains("not tested").contains("never picks an address");
        assertThat(host.commands()).extracting(Command::program).doesNotContain("python3", "nc");
    }

    @Test
    void outboundSmtpDoesNotConcernAPolicyWithoutMail() {
        assertThat(check(run(Specs.webPolicy()), "outbound-smtp").status()).isEqualTo(Status.PASS);
    }

    @Test
    void outboundSmtpConnectsThroughTheRunnerToTheNamedRelayOnly() {
        host.answer("connected\n", "python3");

        PreflightCheck c = check(run(Specs.mail(), host.options().outboundSmtp("relay.example.net").build()),
                "outbound-smtp");

        assertThat(c.status()).isEqualTo(Status.PASS);
        Command py = host.commands().stream().filter(cmd -> cmd.program().equals("python3")).findFirst().orElseThrow();
        assertThat(py.argv().subList(3, 6)).containsExactly("relay.example.net", "25", "5");
    }

    @Test
    void aTimedOutConnectSaysPort25LooksBlocked() {
        host.answer(1, "timed out\n", "python3");

        PreflightCheck c = check(run(Specs.mail(), host.options().outboundSmtp("relay.example.net").build()),
                "outbound-smtp");

        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(c.reason()).contains("looks blocked");
    }

    @Test
    void withoutPython3TheConnectFallsBackToNetcat() {
        host.without("python3").answer(1, "", "nc");

        PreflightCheck c = check(run(Specs.mail(), host.options().outboundSmtp("192.0.2.25").build()), "outbound-smtp");

        assertThat(c.status()).isEqualTo(Status.FAIL);
        assertThat(host.commands()).filteredOn(cmd -> cmd.program().equals("nc")).singleElement()
                .satisfies(cmd -> assertThat(cmd.argv()).containsExactly("nc", "-z", "-v", "-w", "5", "192.0.2.25", "25"));
    }

    @Test
    void theSpecsOwnRelayHostIsANamedRelay() {
        host.answer("connected\n", "python3");
        MailServerSpec relayed = Specs.mail().toBuilder().relayHost("smarthost.example.net", 587).build();

        PreflightCheck c = check(run(relayed), "outbound-smtp");

        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.detail("target")).isEqualTo("smarthost.example.net:587");
    }

    @Test
    void withNoMailServerModuleTheMailStackSaysSo() {
        PreflightCheck c = check(run(Specs.webPolicy()), "mail-stack");

        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.reason()).contains("no module that knows a mail server is installed");
    }

    @Test
    void theReportIsJsonWithEvidenceAndDetails() {
        host.answer(0, "", "daemonctl", "state").with(new FakeDaemon());
        JsonNode json = json(run(Specs.smtpPolicy()));

        assertThat(json.get("status").asText()).isEqualTo("WARN");
        assertThat(json.get("processes").asInt()).isPositive();
        JsonNode audit = json.get("checks").get(3);
        assertThat(audit.get("id").asText()).isEqualTo("firewall-audit");
        assertThat(audit.get("details").get("blockingRules").get(0).get("rule").asText()).isEqualTo("drop tcp 25");
        assertThat(audit.get("evidence").findValuesAsText("source")).contains("daemonctl state");
        assertThat(json.get("checks").get(0).get("evidence").get(0).get("exitCode").asInt()).isZero();
    }

    @Test
    void aCheckThatBreaksIsAWarningAndTheOthersStillRun() {
        host.runner.answer(0, "", "ss");
        host.withMailServer(FakeBackends.mailServer("fake-mail", f -> Support.yes("always")));
        PreflightReport r = host.provisioner().newBuilder().runner(new dev.portcullis.exec.CommandRunner() {
            @Override
            public dev.portcullis.exec.CommandResult execute(Command command) {
                if (command.program().equals("ss")) {
                    throw new IllegalStateException("runner broke");
                }
                return host.runner().execute(command);
            }
        }).build().preflight(Specs.mail(), host.options().build());

        assertThat(check(r, "port-occupancy").status()).isEqualTo(Status.WARN);
        assertThat(check(r, "port-occupancy").reason()).contains("could not finish").contains("runner broke");
        assertThat(check(r, "mail-stack").status()).isEqualTo(Status.PASS);
    }

    static JsonNode json(PreflightReport r) {
        try {
            return new ObjectMapper().readTree(r.toJson());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
