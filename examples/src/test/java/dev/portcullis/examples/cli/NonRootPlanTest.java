package dev.portcullis.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.examples.cli.Cli.Run;
import dev.portcullis.examples.nftables.NftablesBackend;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.Backends;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.Support;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's main job as an ordinary user runs it: {@code portcullis plan --spec FILE} with the
 * real backends, on a machine where {@code id -u} is not 0, so the command line takes its non-root
 * path and plans every assumed host offline. Every example spec and a set of small policies must
 * plan on every assumed host (or be refused there by name), never fail.
 */
class NonRootPlanTest {

    private static final String ASSUMED = "######## an assumed empty ";

    @TempDir
    Path dir;

    static Stream<Path> exampleSpecs() throws IOException {
        return ExampleSpecsTest.specs();
    }

    static Stream<Arguments> smallPolicies() {
        return Stream.of(
                Arguments.of("one-allow-rule", "kind: port-policy\nname: web\nrules:\n"
                        + "  - {action: allow, protocol: tcp, ports: [\"443\"]}\n"),
                Arguments.of("a-deny-rule", "kind: port-policy\nname: no-telnet\nrules:\n"
                        + "  - {action: deny, protocol: tcp, ports: [\"23\"], sources: [198.51.100.0/24]}\n"),
                Arguments.of("udp", "kind: port-policy\nname: dns\nrules:\n"
                        + "  - {action: allow, protocol: udp, ports: [\"53\"]}\n"),
                Arguments.of("a-rate-limit", "kind: port-policy\nname: smtp-limited\nrules:\n"
                        + "  - action: allow\n    protocol: tcp\n    ports: [\"25\"]\n    rateLimit: {count: 60, per: minute}\n"),
                Arguments.of("a-mail-server", "kind: mail-server\nhostname: mx.example.com\nacceptedDomains: [example.com]\n"),
                Arguments.of("a-mail-server-with-self-signed-tls", "kind: mail-server\nhostname: mx.example.com\n"
                        + "acceptedDomains: [example.com]\nsubmission: true\ntls:\n  selfSigned: true\n"
                        + "  certificate: /etc/ssl/certs/mx.pem\n  privateKey: /etc/ssl/private/mx.key\n"
                        + "virtualMailboxes:\n  type: static\n  mailboxes:\n"
                        + "    - {address: a@example.com, mailbox: example.com/a/, password: env:A_PASSWORD}\n"));
    }

    private static Run planAsUser(FakeHosts user, Path spec, String... more) {
        CliEnvironment env = CliEnvironment.system().withLocalRunner(() -> user).withTerminal(false);
        return Cli.run(env, Stream.concat(Stream.of("plan", "--spec", spec.toString()), Stream.of(more)).toArray(String[]::new));
    }

    private static void assertEveryAssumedHostPlannedOrDeclined(Run run, FakeHosts user) {
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(run.err()).doesNotContain("failed").doesNotContain("Exception");
        assertThat(run.out()).contains("# planned offline because this machine is not root")
                .contains(ASSUMED + "debian host", ASSUMED + "rhel host", ASSUMED + "windows host")
                .doesNotContain("FAILED").doesNotContain("unexpected error");
        // Debian and RHEL always have a backend for every spec: their plans are printed.
        String debian = run.out().substring(run.out().indexOf(ASSUMED + "debian"), run.out().indexOf(ASSUMED + "rhel"));
        String rhel = run.out().substring(run.out().indexOf(ASSUMED + "rhel"), run.out().indexOf(ASSUMED + "windows"));
        assertThat(debian).contains("# plan by ");
        assertThat(rhel).contains("# plan by ");
        String windows = run.out().substring(run.out().indexOf(ASSUMED + "windows"));
        assertThat(windows).containsAnyOf("# plan by ", "# the backend there refuses this spec");
        // Only the facts were read from this machine: nothing was planned against it, nothing changed.
        assertThat(user.ran).extracting(c -> c.program()).containsOnly("uname", "cat", "id", "which");
    }

    @ParameterizedTest
    @MethodSource("exampleSpecs")
    void everyExampleSpecPlansForANonRootUser(Path spec) {
        FakeHosts user = FakeHosts.user();

        Run run = planAsUser(user, spec);

        assertEveryAssumedHostPlannedOrDeclined(run, user);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallPolicies")
    void smallSpecsPlanForANonRootUser(String name, String yaml) throws IOException {
        Path spec = Files.writeString(dir.resolve(name + ".yaml"), yaml);
        FakeHosts user = FakeHosts.user();

        Run run = planAsUser(user, spec);

        assertEveryAssumedHostPlannedOrDeclined(run, user);
    }

    @Test
    void oneAllowRuleIsPlannedByTheWindowsFirewallOnAFreshWindowsHost() throws IOException {
        Path spec = Files.writeString(dir.resolve("web.yaml"), "kind: port-policy\nname: web\nrules:\n"
                + "  - {action: allow, protocol: tcp, ports: [\"443\"]}\n");

        Run run = planAsUser(FakeHosts.user(), spec, "--host-facts", "windows");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("# plan by windows-firewall for policy web").contains("New-NetFirewallRule")
                .contains("'443'");
    }

    @Test
    void aFailureOnOneAssumedHostLeavesTheOthersPlannedAndExitsSeventy() {
        FakeHosts user = FakeHosts.user();
        CliEnvironment env = CliEnvironment.system().withLocalRunner(() -> user).withTerminal(false)
                .withBackends(List.of(new NftablesBackend(), new BrokenWindowsBackend()), Backends.mailServers());

        Run run = Cli.run(env, "plan", "--offline", "--spec", "specs/smtp-gateway.yaml");

        assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR.code());
        assertThat(run.out()).contains(ASSUMED + "debian host", ASSUMED + "rhel host")
                .contains("# plan by example-nftables for policy smtp-gateway")
                .contains("# planning FAILED there (a bug: please report it): java.lang.IllegalStateException: broken on purpose");
        assertThat(run.err()).contains("portcullis plan: planning for an assumed empty windows host")
                .contains("failed: java.lang.IllegalStateException: broken on purpose");
    }

    @Test
    void aFailureOnTheOnlyAssumedHostAsked() {
        CliEnvironment env = CliEnvironment.system().withLocalRunner(FakeHosts::user).withTerminal(false)
                .withBackends(List.of(new BrokenWindowsBackend()), Backends.mailServers());

        Run run = Cli.run(env, "plan", "--host-facts", "windows", "--spec", "specs/smtp-gateway.yaml");

        assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL_ERROR.code());
        assertThat(run.err()).contains("broken on purpose");
    }

    /** A firewall backend for Windows whose planning always fails. */
    private static final class BrokenWindowsBackend implements FirewallBackend {
        @Override
        public String id() {
            return "broken-windows";
        }

        @Override
        public Support supports(HostFacts facts) {
            return facts.osFamily() == HostFacts.OsFamily.WINDOWS ? Support.yes("Windows") : Support.no("needs Windows");
        }

        @Override
        public Plan plan(PortPolicy spec, BackendContext context) {
            throw new IllegalStateException("broken on purpose");
        }

        @Override
        public Plan planRemoval(PortPolicy spec, BackendContext context) {
            throw new IllegalStateException("broken on purpose");
        }

        @Override
        public VerifyReport verify(PortPolicy spec, BackendContext context) {
            throw new IllegalStateException("broken on purpose");
        }
    }
}
