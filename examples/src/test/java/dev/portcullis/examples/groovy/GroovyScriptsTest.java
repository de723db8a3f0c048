package dev.portcullis.examples.groovy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.Provisioner;
import dev.portcullis.examples.cli.AssumedHost;
import dev.portcullis.examples.nftables.NftablesBackend;
import dev.portcullis.examples.testing.FakeNftHost;
import dev.portcullis.examples.testing.FakePostfixBackend;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Groovy scripts under examples/scripts, run through Groovy as a user runs them, with a
 * provisioner bound to a recording runner (or a fake nftables host for apply), the example
 * nftables backend and a fake Postfix.
 */
class GroovyScriptsTest {

    private final FakePostfixBackend postfix = new FakePostfixBackend();
    private final StringWriter printed = new StringWriter();

    private Object run(String script, CommandRunner runner, boolean apply) throws IOException {
        Binding binding = new Binding();
        binding.setVariable("provisioner", Provisioner.on(runner).facts(AssumedHost.DEBIAN.facts())
                .backends(List.of(new NftablesBackend()), List.of(postfix)));
        binding.setVariable("apply", apply);
        binding.setVariable("out", new PrintWriter(printed, true));
        return new GroovyShell(getClass().getClassLoader(), binding).evaluate(Path.of("scripts", script).toFile());
    }

    private static String stdin(Command c) {
        return new String(c.stdin().orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void smtpAllowlistPlansPort25ForTheAllowlistOnlyAndChangesNothing() throws IOException {
        RecordingCommandRunner runner = new RecordingCommandRunner();

        Plan plan = (Plan) run("smtp-allowlist.groovy", runner, false);

        assertThat(plan.backend()).isEqualTo("example-nftables");
        assertThat(stdin(plan.commands().get(0))).contains(
                "ip saddr { 203.0.113.0/24, 198.51.100.25/32 } tcp dport 25 limit rate 120/minute accept",
                "ip6 saddr 2001:db8:25::/48 tcp dport 25 limit rate 120/minute accept",
                "tcp dport 25 drop comment \"smtp-allowlist\"");
        assertThat(runner.commands()).extracting(Command::argv)
                .containsExactly(List.of("nft", "list", "table", "inet", "portcullis"));
        assertThat(printed.toString()).contains("# plan by example-nftables for policy smtp-allowlist");
    }

    @Test
    void smtpAllowlistAppliesAndItsClosureListenerSeesEveryStep() throws IOException {
        ApplyReport report = (ApplyReport) run("smtp-allowlist.groovy", new FakeNftHost(), true);

        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(printed.toString()).contains("  STEP_STARTED [1/1] load nftables chains [in_smtp_allowlist]",
                "  STEP_FINISHED [1/1]", "  PLAN_SUCCEEDED");
    }

    @Test
    void postfixWithFirewallPlansTheMailServerThenExactlyItsPorts() throws IOException {
        List<?> plans = (List<?>) run("postfix-with-firewall.groovy", new RecordingCommandRunner(), false);

        assertThat(plans).extracting(p -> ((Plan) p).backend()).containsExactly("fake-postfix", "example-nftables");
        MailServerSpec spec = postfix.planned().get(0);
        assertThat(spec.submission()).isTrue();
        assertThat(spec.trustedNetworks()).extracting(c -> c.toCidrString()).containsExactly("192.168.10.0/24");
        assertThat(spec.tls()).hasValueSatisfying(t -> assertThat(t.minimumVersion().protocolName()).isEqualTo("TLSv1.2"));
        assertThat(stdin(((Plan) plans.get(1)).commands().get(0)))
                .contains("add rule inet portcullis in_mail_mail_example_com tcp dport { 25, 587 } accept");
    }

    @Test
    void postfixWithFirewallOpensNoPortWhenTheMailServerFailsAndIsRolledBack() throws IOException {
        FakeNftHost host = new FakeNftHost().failing("postfix", "reload");

        List<?> reports = (List<?>) run("postfix-with-firewall.groovy", host, true);

        assertThat(reports).singleElement().satisfies(r ->
                assertThat(((ApplyReport) r).outcome()).isEqualTo(ApplyReport.Outcome.ROLLED_BACK));
        assertThat(host.ran()).noneMatch(c -> c.argv().equals(List.of("nft", "-f", "-")));
        assertThat(printed.toString()).contains("STEP_FAILED [3/3] reload postfix", "STEP_ROLLED_BACK [2/3]",
                "STEP_ROLLED_BACK [1/3]", "PLAN_ROLLED_BACK");
    }
}
