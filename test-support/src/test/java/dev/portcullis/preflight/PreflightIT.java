package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.preflight.PreflightCheck.Status;
import dev.portcullis.testing.LinuxTestHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Preflight on a live Debian 12 host. The host starts bare; the tests then start Postfix and a
 * listener on 587 and add firewall rules, each removing its rules again, and preflight must see
 * exactly that. The only connections made go to the host's own loopback.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreflightIT {

    @AutoClose
    static LinuxTestHost host;

    @BeforeAll
    static void startHost() {
        host = LinuxTestHost.start();
    }

    private static PreflightReport preflight(dev.portcullis.Spec spec) {
        return preflight(host.runner(), spec, PreflightOptions.builder());
    }

    private static PreflightReport preflight(CommandRunner runner, dev.portcullis.Spec spec, PreflightOptions.Builder o) {
        PreflightReport report = Preflight.run(runner, spec, o.build());
        System.out.println(report);
        return report;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listeners(PreflightCheck c) {
        return (List<Map<String, Object>>) c.detail("listeners");
    }

    @Test
    @Order(1)
    void aBareHostHasFreePortsAStoppedPostfixAndNoBackendToChoose() {
        PreflightReport r = preflight(LiveSpecs.mail());

        assertThat(r.check("privileges").orElseThrow().status()).isEqualTo(Status.PASS);
        assertThat(r.check("privileges").orElseThrow().detail("value")).isEqualTo("0");
        assertThat(r.check("hardware").orElseThrow().detail("cores"))
                .isEqualTo(Integer.parseInt(host.run("nproc").stdout().strip()));
        PreflightCheck ports = r.check("port-occupancy").orElseThrow();
        assertThat(ports.status()).isEqualTo(Status.PASS);
        assertThat(ports.reason()).contains("port 25 is free");
        PreflightCheck mail = r.check("mail-stack").orElseThrow();
        assertThat(mail.detail("postfixVersion")).isEqualTo("3.7.11");
        assertThat(mail.detail("mysqlMaps")).isEqualTo(true);
        assertThat(mail.detail("postfixRunning")).isEqualTo(false);
        assertThat(mail.reason()).contains("installed but not running");
        PreflightCheck audit = r.check("firewall-audit").orElseThrow();
        assertThat(audit.status()).as("no backend module is on test-support's class path").isEqualTo(Status.FAIL);
        assertThat(audit.reason()).contains("no firewall backend applies to this host (LINUX debian 12)")
                .contains("None is installed");
    }

    @Test
    @Order(3)
    void postfixOnPort25IsReportedAsMaster() {
        host.startPostfix();
        String masterPid = host.run("cat", "/var/spool/postfix/pid/master.pid").stdout().strip();

        PreflightReport r = preflight(LiveSpecs.mail());

        PreflightCheck ports = r.check("port-occupancy").orElseThrow();
        assertThat(ports.status()).isEqualTo(Status.PASS);
        assertThat(ports.reason()).contains("port 25 is taken by master (pid " + masterPid + ")");
        assertThat(listeners(ports)).filteredOn(l -> l.get("port").equals(25)).isNotEmpty()
                .allSatisfy(l -> assertThat(l.get("processes").toString()).contains("name=master"));
        assertThat(r.check("mail-stack").orElseThrow().detail("postfixRunning")).isEqualTo(true);
    }

    @Test
    @Order(4)
    void anotherProgramOnThe587TheSpecNeedsFails() {
        host.listenOn(587);

        PreflightCheck ports = preflight(LiveSpecs.mailWithSubmission()).check("port-occupancy").orElseThrow();

        assertThat(ports.status()).isEqualTo(Status.FAIL);
        assertThat(ports.reason()).containsPattern("port 587 is taken by python3 \\(pid \\d+\\)")
                .contains("cannot bind");
    }

    @Test
    @Order(5)
    void withoutSsTheKernelTablesAndProcStillNameTheOwners() {
        CommandRunner noSs = new CommandRunner() {
            @Override
            public CommandResult execute(Command command) {
                if (command.program().equals("ss")) {
                    throw new CommandRunnerException("could not start ss: not installed here", null);
                }
                return host.runner().execute(command);
            }

            @Override
            public String target() {
                return host.runner().target() + " without ss";
            }
        };

        PreflightCheck ports = preflight(noSs, LiveSpecs.mailWithSubmission(), PreflightOptions.builder())
                .check("port-occupancy").orElseThrow();

        assertThat(ports.reason()).containsPattern("port 587 is taken by python3 \\(pid \\d+\\)")
                .contains("port 25 is taken by master");
        assertThat(listeners(ports)).extracting(l -> l.get("source").toString()).allMatch(s -> s.startsWith("/proc/net/tcp"));
    }

    @Test
    @Order(6)
    void aDropRuleForPort25IsNamedByTheAudit() {
        host.run("iptables", "-A", "INPUT", "-p", "tcp", "--dport", "25", "-j", "DROP");
        try {
            PreflightCheck audit = preflight(LiveSpecs.mail()).check("firewall-audit").orElseThrow();

            assertThat(audit.reason()).contains("port 25 is blocked inbound by iptables filter INPUT:"
                    + " -A INPUT -p tcp -m tcp --dport 25 -j DROP");
            assertThat(audit.detail("active").toString()).contains("iptables (nf_tables, 1 filter rules)");
            assertThat(audit.evidence()).extracting(Evidence::source).contains("iptables-save", "nft list ruleset");
        } finally {
            host.run("iptables", "-D", "INPUT", "-p", "tcp", "--dport", "25", "-j", "DROP");
        }
    }

    @Test
    @Order(7)
    void outboundSmtpIsTriedFromTheHostItselfAndABlockIsSeen() {
        PreflightOptions.Builder loopback = PreflightOptions.builder().outboundSmtp("127.0.0.1")
                .connectTimeout(Duration.ofSeconds(2));

        PreflightCheck open = preflight(host.runner(), LiveSpecs.mail(), loopback).check("outbound-smtp").orElseThrow();
        host.run("iptables", "-A", "OUTPUT", "-p", "tcp", "--dport", "25", "-j", "DROP");
        PreflightReport blocked;
        try {
            blocked = preflight(host.runner(), LiveSpecs.mail(), loopback);
        } finally {
            host.run("iptables", "-D", "OUTPUT", "-p", "tcp", "--dport", "25", "-j", "DROP");
        }

        assertThat(open.status()).isEqualTo(Status.PASS);
        assertThat(open.evidence().get(0).source()).startsWith("python3 -c");
        PreflightCheck out = blocked.check("outbound-smtp").orElseThrow();
        assertThat(out.status()).isEqualTo(Status.FAIL);
        assertThat(out.reason()).contains("no answer from 127.0.0.1:25 within 2 s").contains("looks blocked");
        assertThat(blocked.check("firewall-audit").orElseThrow().reason())
                .contains("outbound SMTP (tcp/25) is blocked by iptables filter OUTPUT");
    }

    @Test
    @Order(8)
    void theReportIsJsonAndItsProcessCountIsExact() throws Exception {
        dev.portcullis.exec.CountingCommandRunner counting = new dev.portcullis.exec.CountingCommandRunner(host.runner());
        long start = System.nanoTime();

        PreflightReport r = preflight(counting, LiveSpecs.mail(), PreflightOptions.builder());

        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("preflight on the test host: " + counting.spawns() + " processes, " + millis + " ms");
        assertThat(r.processes()).isEqualTo(counting.spawns());
        assertThat(counting.commands()).doesNotHaveDuplicates();
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertThat(json.get("checks")).hasSize(6);
        assertThat(json.get("processes").asInt()).isEqualTo(counting.spawns());
    }
}
