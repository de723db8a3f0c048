package dev.portcullis.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.ssh.SshTestAgent;
import dev.portcullis.ssh.SshTestLogin;
import dev.portcullis.testing.LinuxTestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code portcullis --inventory} and {@code --host} against four live test hosts over SSH, one of
 * them made to fail half way (its ip6tables-restore refuses, after the IPv4 rules went in). The
 * hosts are started in parallel, once for the class; the tests build on each other in order.
 * Every claim of the report is checked on the hosts through {@code docker exec}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetCommandLineIT {

    static final String POLICY = """
            kind: port-policy
            name: fleet-smtp
            rules:
              - action: allow
                protocol: tcp
                ports: ["25"]
            """;

    @TempDir
    static Path folder;
    static List<LinuxTestHost> hosts = new ArrayList<>();
    static List<SshTestLogin> logins = new ArrayList<>();
    static Path spec;
    static Path inventory;
    static List<String> before = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        List<CompletableFuture<LinuxTestHost>> starting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            starting.add(CompletableFuture.supplyAsync(LinuxTestHost::start));
        }
        for (CompletableFuture<LinuxTestHost> f : starting) {
            hosts.add(f.join());
        }
        StringBuilder yaml = new StringBuilder("groups:\n  mail:\n    hosts:\n");
        for (int i = 0; i < 4; i++) {
            Path dir = Files.createDirectories(folder.resolve("h" + (i + 1)));
            SshTestLogin login = SshTestLogin.install(hosts.get(i), dir);
            logins.add(login);
            // h2 logs in as deploy and works through sudo -n; the others as root
            yaml.append("      h").append(i + 1).append(": { address: ").append(hosts.get(i).address())
                    .append(", user: ").append(i == 1 ? "deploy" : "root")
                    .append(", identity: ").append(login.identity()).append(", known-hosts: ").append(login.knownHosts())
                    .append(" }\n");
            before.add(rules(i));
        }
        inventory = Files.writeString(folder.resolve("hosts.yaml"), yaml);
        spec = Files.writeString(folder.resolve("policy.yaml"), POLICY);
        // h3 fails half way: the IPv4 step has run when the IPv6 one is refused, so there is something to roll back.
        for (String tool : List.of("/usr/sbin/ip6tables-restore", "/usr/sbin/ip6tables-nft-restore")) {
            hosts.get(2).run("sh", "-c", "rm -f " + tool + " && printf '#!/bin/sh\\necho injected failure >&2\\nexit 1\\n' > "
                    + tool + " && chmod 755 " + tool);
        }
    }

    @AfterAll
    static void stop() {
        hosts.forEach(LinuxTestHost::close);
    }

    static String rules(int host) {
        return hosts.get(host).run("iptables", "-S").stdout() + hosts.get(host).run("ip6tables", "-S").stdout();
    }

    /** The test hosts have firewalld installed but not running: the backend is named, as an operator would. */
    static Cli.Run cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--backend";
        all[args.length + 1] = "linux-iptables";
        return Cli.run(CliEnvironment.system().withTerminal(false), all);
    }

    @Test
    @Order(1)
    void withMaxFailuresOneTheReportSaysWhichConvergedWhichFailedAndWhichWereNotAttempted() {
        Cli.Run run = cli("apply", "--spec", spec.toString(), "--inventory", inventory.toString(), "--max-failures", "1");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.FAILED_ROLLED_BACK.code());
        assertThat(run.out()).containsPattern("h1 +CONVERGED").containsPattern("h2 +CONVERGED")
                .containsPattern("h3 +FAILED").containsPattern("h4 +NOT_ATTEMPTED")
                .contains("2 converged, 1 failed, 1 not attempted")
                .contains("======== h3: FAILED").contains("ROLLED_BACK");
        assertThat(rules(0)).contains("fleet-smtp");
        assertThat(rules(1)).as("deploy applied through sudo -n").contains("fleet-smtp");
        assertThat(rules(2)).as("h3 rolled back to exactly what it had").isEqualTo(before.get(2));
        assertThat(rules(3)).as("h4 never touched").isEqualTo(before.get(3));
    }

    @Test
    @Order(2)
    void verifyInParallelReportsEveryHost() {
        Cli.Run run = cli("verify", "--spec", spec.toString(), "--inventory", inventory.toString(), "--parallel", "4");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.DRIFT.code());
        assertThat(run.out()).containsPattern("h1 +CONVERGED").containsPattern("h2 +CONVERGED")
                .containsPattern("h3 +FAILED").containsPattern("h4 +FAILED");
    }

    @Test
    @Order(3)
    void oneHostOverSshWithHostIdentityAndKnownHosts() {
        String login = "root@" + hosts.get(3).address();
        String[] remote = {"--spec", spec.toString(), "--host", login, "--identity", logins.get(3).identity().toString(),
            "--known-hosts", logins.get(3).knownHosts().toString()};

        Cli.Run applied = cli(concat("apply", remote));
        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        assertThat(rules(3)).contains("fleet-smtp");
        assertThat(cli(concat("verify", remote)).exitCode()).isZero();
        Cli.Run removed = cli(concat("remove", remote));
        assertThat(removed.exitCode()).as(removed.out() + removed.err()).isZero();
        assertThat(rules(3)).isEqualTo(before.get(3));
    }

    @Test
    @Order(4)
    void anUnknownHostKeyIsRefusedWithItsFingerprint() throws Exception {
        Path empty = Files.writeString(folder.resolve("empty_known_hosts"), "");
        Cli.Run run = cli("verify", "--spec", spec.toString(), "--host", "root@" + hosts.get(0).address(), "--identity",
                logins.get(0).identity().toString(), "--known-hosts", empty.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR.code());
        assertThat(run.err()).contains("is not in " + empty).containsPattern("SHA256:[A-Za-z0-9+/]{43}");
    }

    @Test
    @Order(5)
    void withoutIdentityTheHostLogsInThroughTheSshAgent() throws Exception {
        String[] remote = {"plan", "--live", "--spec", spec.toString(), "--host", "root@" + hosts.get(0).address(),
            "--known-hosts", logins.get(0).knownHosts().toString(), "--backend", "linux-iptables"};
        try (SshTestAgent agent = SshTestAgent.start(Files.createDirectories(folder.resolve("agent")))) {
            CliEnvironment withAgent = CliEnvironment.system().withTerminal(false).withSshAgentSocket(Optional.of(agent.socket()));
            Cli.Run refused = Cli.run(withAgent, remote);
            assertThat(refused.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR.code());
            assertThat(refused.err()).contains("the SSH agent at " + agent.socket() + " holds no key");

            agent.add(logins.get(0).identity());
            Cli.Run run = Cli.run(withAgent, remote);
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("# plan by linux-iptables for policy fleet-smtp on ssh root@" + hosts.get(0).address());
        }
    }

    /**
     * {@code events} and {@code report} read h4's mail log over SSH, logged in as {@code deploy}
     * (the log is root's: the read goes through sudo -n): one message accepted and delivered, one
     * relay refused, both sent from h4 to its own network address (outside mynetworks).
     */
    @Test
    @Order(6)
    void eventsAndReportReadTheMailLogOfAHostOverSsh() throws Exception {
        LinuxTestHost h4 = hosts.get(3).startPostfix();
        h4.run("truncate", "-s", "0", "/var/log/postfix.log");   // the start-up probe's session is not part of it
        swaks(h4, "root@testhost.portcullis.test");
        swaks(h4, "someone@elsewhere.example");
        String[] remote = {"--host", "deploy@" + h4.address(), "--identity", logins.get(3).identity().toString(),
            "--known-hosts", logins.get(3).knownHosts().toString()};
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        do {   // poll, not sleep: the delivery and the second disconnect are logged a moment after swaks returns
            Cli.Run run = Cli.run(CliEnvironment.system().withTerminal(false), concat("events", concat("--json", remote)));
            assertThat(run.exitCode()).as(run.err()).isZero();
            events.clear();
            for (String line : run.out().lines().toList()) {
                events.add(json.readTree(line));
            }
        } while ((count(events, "connection-closed") < 2 || count(events, "delivery") < 1) && System.nanoTime() < deadline);

        assertThat(events).filteredOn(e -> action(e).equals("rejected")).singleElement().satisfies(e -> {
            assertThat(e.at("/source/ip").asText()).isEqualTo(h4.address());
            assertThat(e.at("/email/to/address/0").asText()).isEqualTo("someone@elsewhere.example");
        });
        assertThat(events).filteredOn(e -> action(e).equals("delivery")).singleElement()
                .satisfies(e -> assertThat(e.at("/mail/status").asText()).isEqualTo("sent"));

        Cli.Run report = Cli.run(CliEnvironment.system().withTerminal(false), concat("report", concat("--json", remote)));
        assertThat(report.exitCode()).as(report.err()).isZero();
        JsonNode r = report.json();
        assertThat(r.at("/connections/total").asInt()).isEqualTo(2);
        assertThat(r.at("/outcomes/received").asInt()).isEqualTo(1);
        assertThat(r.at("/outcomes/rejected").asInt()).isEqualTo(1);
        assertThat(r.at("/rejectReasons/relay-denied").asInt()).isEqualTo(1);
        assertThat(r.at("/topRejectedClients/0/ip").asText()).isEqualTo(h4.address());
        assertThat(r.at("/source").asText()).contains("/var/log/postfix.log");
        assertThat(r.at("/deferredQueueNow").isInt()).as("postqueue -j answered over SSH").isTrue();
        assertThat(r.at("/deferredQueueNow").asInt()).isZero();
    }

    private static void swaks(LinuxTestHost host, String to) {
        dev.portcullis.exec.CommandResult r = host.runner().execute(dev.portcullis.exec.Command.of("swaks", "--server",
                host.address(), "--helo", "client.test", "--from", "sender@client.test", "--to", to, "--timeout", "10"));
        assertThat(r.exitCode()).as(r.toString()).isIn(0, 23, 24, 25);
    }

    private static String action(JsonNode event) {
        return event.at("/event/action").asText();
    }

    private static long count(List<JsonNode> events, String action) {
        return events.stream().filter(e -> action(e).equals(action)).count();
    }

    private static String[] concat(String verb, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = verb;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
