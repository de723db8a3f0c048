package dev.portcullis.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Provisioner;
import dev.portcullis.RateLimit;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.LinuxTestHost;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rollback on a live host: a failure is injected at every step position, once as a failing
 * action and once as a failing read-back after the action ran, and afterwards the full
 * {@code iptables-save} and {@code ip6tables-save} (owned and foreign parts, counters aside)
 * and the saved rules files must equal the state before the apply.
 */
class IptablesRollbackIT {

    /** A policy with rules of both families, applied with persistence: three steps. */
    static final PortPolicy POLICY = PortPolicy.named("rollback")
            .allow(Protocol.TCP, 25).from("203.0.113.0/24", "2001:db8::/48").rateLimit(RateLimit.perMinute(60)).logged()
            .reject(Protocol.UDP, 161, 162)
            .allow(Protocol.TCP, 25).outbound()
            .build();
    static final String OLD_RULES_V4 = "# saved by an admin\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n"
            + ":OUTPUT ACCEPT [0:0]\nCOMMIT\n";

    @AutoClose
    static LinuxTestHost host;
    static HostFacts facts;
    static Plan plan;

    @BeforeAll
    static void startHost() {
        host = LinuxTestHost.start();
        facts = HostFactsGatherer.gather(host.runner());
        reset();
        plan = provisioner(host.runner()).plan(POLICY);
        assertThat(plan.steps()).as(plan.render()).hasSize(3);
    }

    // The host before every apply: the foreign rule set, an older rules.v4, no rules.v6.
    static void reset() {
        LiveHost.resetToForeignRules(host);
        host.run("mkdir", "-p", "/etc/iptables");
        host.runner().run(Command.builder("dd").args("of=/etc/iptables/rules.v4", "status=none").stdin(OLD_RULES_V4).build());
        host.run("rm", "-f", "/etc/iptables/rules.v6");
    }

    static Provisioner provisioner(CommandRunner runner) {
        return Provisioner.on(runner).facts(facts).firewall("linux-iptables").option("iptables.persist", "true");
    }

    static Stream<Arguments> failures() {
        return IntStream.range(0, 3).boxed().flatMap(step -> Stream.of(Arguments.of(step, true), Arguments.of(step, false)));
    }

    @ParameterizedTest(name = "step {0}, failing {1} ? action : read-back")
    @MethodSource("failures")
    void aFailureAtAnyStepLeavesEveryTableAndFileAsBefore(int step, boolean failAction) {
        reset();
        List<IptablesSave> before = LiveHost.tables(host);
        String filesBefore = files();
        List<Command> action = plan.steps().get(step).action().commands();
        FaultyRunner faulty = new FaultyRunner(host.runner(), failAction ? action.get(0) : action.get(action.size() - 1), failAction);

        ApplyReport report = provisioner(faulty).apply(POLICY);

        assertThat(faulty.injected).as("the fault was injected").isTrue();
        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
        assertThat(report.failedStep().orElseThrow().index()).isEqualTo(step);
        assertThat(LiveHost.allLines(LiveHost.tables(host))).isEqualTo(LiveHost.allLines(before));
        assertThat(files()).isEqualTo(filesBefore);
    }

    private static String files() {
        return host.runner().execute(Command.builder("grep").args("-H", "", "--", "/etc/iptables/rules.v4",
                "/etc/iptables/rules.v6").successExitCodes(0, 1, 2).build()).stdout();
    }

    /**
     * Fails one command: either the marked one itself (it never runs), or the command right after
     * it (the step's read-back), once.
     */
    static final class FaultyRunner implements CommandRunner {
        private final CommandRunner delegate;
        private final Command marked;
        private final boolean failMarked;
        private boolean armed;
        boolean injected;

        FaultyRunner(CommandRunner delegate, Command marked, boolean failMarked) {
            this.delegate = delegate;
            this.marked = marked;
            this.failMarked = failMarked;
        }

        @Override
        public synchronized CommandResult execute(Command command) {
            if (!injected && failMarked && command.equals(marked)) {
                injected = true;
                return CommandResult.of(command, 1, "");
            }
            if (!injected && armed) {
                injected = true;
                return CommandResult.of(command, 1, "");
            }
            CommandResult result = delegate.execute(command);
            if (!failMarked && command.equals(marked)) {
                armed = true;
            }
            return result;
        }

        @Override
        public String target() {
            return delegate.target();
        }
    }
}
