package dev.portcullis.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.exec.CountingCommandRunner;
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
 * listener on 587 and add firewall rules (removing them again), and preflight must see exactly
 * that. The only connections made go to the host's own loopback.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreflightIT {

    private static final Duration QUICK = Duration.ofSeconds(2);

    @AutoClose
    static LinuxTestHost host;

    @BeforeAll
    static void startHost() {
        host = LinuxTestHost.start();
    }

    private static PreflightReport preflight(CommandRunner runner, dev.portcullis.Spec spec, PreflightOptions.Builder o) {
        long start = System.nanoTime();
        PreflightReport report = Preflight.run(runner, spec, o.build());
        System.out.println(report + "\n  wall time seen by the test: " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return report;
    }

    private static PreflightOptions.Builder toLoopbackRelay() {
        return PreflightOptions.builder().outboundSmtp("127.0.0.1").connectTimeout(QUICK);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listeners(PreflightCheck c) {
        return (List<Map<String, Object>>) c.detail("listeners");
    }

    @Test
    @Order(1)
    void aBareHostHasFreePortsAStoppedPostfixAndNoBackendToChoose() throws Exception {
        CountingCommandRunner counting = new CountingCommandRunner(host.runner());

        long start = System.nanoTime();
        PreflightReport r = dev.portcullis.Provisioner.on(counting).backends(List.of(), List.of())
                .preflight(LiveSpecs.mail());
        System.out.println(r + "\n  wall time seen by the test: " + (System.nanoTime() - start) / 1_000_000 + " ms");

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
        assertThat(audit.status()).as("no backend is offered to the audit").isEqualTo(Status.FAIL);
        assertThat(audit.reason()).contains("no firewall backend applies to this host (LINUX debian 12)")
                .contains("None is installed");
        assertThat(r.processes()).isEqualTo(counting.spawns());
        assertThat(counting.commands()).doesNotHaveDuplicates();
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertThat(json.get("checks")).hasSize(6);
        assertThat(json.get("processes").asInt()).isEqualTo(counting.spawns());
    }

    @Test
    @Order(2)
    void postfixOnPort25IsReportedAsMasterAndAnswersOnLoopback() {
        host.startPostfix();
        String masterPid = host.run("cat", "/var/spool/postfix/pid/master.pid").stdout().strip();

        PreflightReport r = preflight(host.runner(), LiveSpecs.mail(), toLoopbackRelay());

        PreflightCheck ports = r.check("port-occupancy").orElseThrow();
        assertThat(ports.status()).isEqualTo(Status.PASS);
        assertThat(ports.reason()).contains("port 25 is taken by master (pid " + masterPid + ")");
        assertThat(listeners(ports)).filteredOn(l -> l.get("port").equals(25)).isNotEmpty()
                .allSatisfy(l -> assertThat(l.get("processes").toString()).contains("name=master"));
        assertThat(r.check("mail-stack").orElseThrow().detail("postfixRunning")).isEqualTo(true);
        PreflightCheck out = r.check("outbound-smtp").orElseThrow();
        assertThat(out.status()).isEqualTo(Status.PASS);
        assertThat(out.evidence().get(0).source()).startsWith("python3 -c");
    }

    @Test
    @Order(3)
    void anotherProgramOnThe587TheSpecNeedsFails() {
        host.listenOn(587);

        PreflightCheck ports = preflight(host.runner(), LiveSpecs.mailWithSubmission(), PreflightOptions.builder())
                .check("port-occupancy").orElseThrow();

        assertThat(ports.status()).isEqualTo(Status.FAIL);
        assertThat(ports.reason()).containsPattern("port 587 is taken by python3 \\(pid \\d+\\)")
                .contains("cannot bind");
    }

    @Test
    @Order(4)
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
    @Order(5)
    void dropRulesForPort25AreNamedInBothIptablesFlavoursAndTheBlockedOutboundConnectIsSeen() {
        List<String> in = List.of("INPUT", "-p", "tcp", "--dport", "25", "-j", "DROP");
        List<String> out = List.of("OUTPUT", "-p", "tcp", "--dport", "25", "-j", "DROP");
        iptables("iptables", "-A", in);
        iptables("iptables", "-A", out);
        iptables("iptables-legacy", "-A", in);
        PreflightReport r;
        try {
            r = preflight(host.runner(), LiveSpecs.mail(), toLoopbackRelay());
        } finally {
            iptables("iptables", "-D", in);
            iptables("iptables", "-D", out);
            iptables("iptables-legacy", "-D", in);
        }

        PreflightCheck audit = r.check("firewall-audit").orElseThrow();
        assertThat(audit.reason()).contains("port 25 is blocked inbound by iptables filter INPUT:"
                + " -A INPUT -p tcp -m tcp --dport 25 -j DROP")
                .contains("outbound SMTP (tcp/25) is blocked by iptables filter OUTPUT:"
                        + " -A OUTPUT -p tcp -m tcp --dport 25 -j DROP");
        assertThat(audit.detail("active").toString()).contains("iptables (nf_tables, 2 filter rules)")
                .contains("iptables-legacy (1 filter rules)");
        assertThat(audit.reason()).contains("port 25 is blocked inbound by iptables-legacy filter INPUT")
                .contains("rules exist in both iptables-legacy and nf_tables");
        assertThat(audit.evidence()).extracting(Evidence::source).contains("iptables-save", "nft list ruleset");
        PreflightCheck outbound = r.check("outbound-smtp").orElseThrow();
        assertThat(outbound.status()).isEqualTo(Status.FAIL);
        assertThat(outbound.reason()).contains("no answer from 127.0.0.1:25 within 2 s").contains("looks blocked");
    }

    private static void iptables(String program, String op, List<String> rule) {
        host.runner().run(Command.builder(program).arg(op).args(rule).build());
    }
}
