package dev.portcullis.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portcullis.examples.cli.Cli.Run;
import org.junit.jupiter.api.Test;

/** {@code portcullis explain}: which rule decides, and why, from the spec file alone. */
class ExplainCommandTest {

    private static final String GATEWAY = "specs/smtp-gateway.yaml";

    private static Run explain(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "explain";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(Cli.fakes(FakeHosts.user()), all);
    }

    @Test
    void saysWhichRuleDropsAStrangerAndWhyTheEarlierRuleDoesNotMatch() {
        Run run = explain("--spec", GATEWAY, "--from", "192.0.2.7", "--port", "25/tcp");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("policy smtp-gateway, inbound tcp port 25 from 192.0.2.7:\n")
                .contains("  rules[0] (allow tcp [25] from [203.0.113.0/24, 198.51.100.25/32, 2001:db8:25::/48] [IPV4, IPV6]"
                        + " limit 120/minute (inbound SMTP from the filtering service)) does not match: 192.0.2.7 is not"
                        + " in its sources")
                .contains("DROP by rules[1] (deny tcp [25] from any [IPV4, IPV6] (everyone else)): the first rule in"
                        + " written order that matches");
    }

    @Test
    void theAllowlistIsAcceptedWithANoteOnHowBackendsCountTheRateLimit() {
        Run run = explain("--spec", GATEWAY, "--from", "2001:db8:25::7", "--port", "25");

        assertThat(run.out()).contains("ACCEPT by rules[0]").contains("  note: accepted only within the rate limit 120/minute");
    }

    @Test
    void aPortNoRuleMentionsIsNotDecidedByThePolicy() {
        Run run = explain("--spec", GATEWAY, "--from", "192.0.2.7", "--port", "25/udp");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("it is for tcp, not udp").contains("NOT DECIDED by this policy");
    }

    @Test
    void printsTheDecisionAsJson() {
        JsonNode json = explain("--spec", GATEWAY, "--from", "192.0.2.7", "--port", "25/tcp", "--json").json();

        assertThat(json.get("verdict").asText()).isEqualTo("DROP");
        assertThat(json.get("rule").asText()).isEqualTo("rules[1]");
        assertThat(json.get("skipped")).hasSize(1);
        assertThat(json.get("decidedByPolicy").asBoolean()).isTrue();
    }

    @Test
    void explainsTheMailServersOwnPorts() {
        Run run = explain("--spec", "specs/mail-server.yaml", "--from", "198.51.100.7", "--port", "587/tcp");

        assertThat(run.out()).contains("ACCEPT by rules[0]");
    }

    @Test
    void refusesAnIpv4MappedAddressNamingTheOption() {
        Run run = explain("--spec", GATEWAY, "--from", "::ffff:192.0.2.7", "--port", "25/tcp");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err()).contains("--from: '::ffff:192.0.2.7' is an IPv4-mapped IPv6 address")
                .contains("write the IPv4 form 192.0.2.7 instead");
    }

    @Test
    void refusesANetworkAnUnknownProtocolAndAPortRange() {
        assertThat(explain("--spec", GATEWAY, "--from", "192.0.2.0/24", "--port", "25").err())
                .contains("--from: '192.0.2.0/24' is a network");
        assertThat(explain("--spec", GATEWAY, "--from", "192.0.2.7", "--port", "25/sctp").err())
                .contains("--port: the protocol must be tcp or udp");
        assertThat(explain("--spec", GATEWAY, "--from", "192.0.2.7", "--port", "25-26").exitCode())
                .isEqualTo(ExitCode.USAGE.code());
    }

    @Test
    void aMissingSpecFileIsExitCode2() {
        assertThat(explain("--spec", "specs/no-such-file.yaml", "--from", "192.0.2.7", "--port", "25").exitCode())
                .isEqualTo(ExitCode.INVALID_SPEC.code());
    }
}
