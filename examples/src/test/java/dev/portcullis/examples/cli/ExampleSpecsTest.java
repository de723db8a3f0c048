package dev.portcullis.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.Connection;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.Spec;
import dev.portcullis.TlsCipherPolicy;
import dev.portcullis.Verdict;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.examples.cli.Cli.Run;
import dev.portcullis.examples.nftables.NftablesBackend;
import dev.portcullis.examples.testing.FakePostfixBackend;
import dev.portcullis.spec.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every spec under examples/specs loads and plans; each says what its comments promise. */
class ExampleSpecsTest {

    static Stream<Path> specs() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("specs"))) {
            return files.sorted().toList().stream();
        }
    }

    @Test
    void theThreeDocumentedUsesHaveASpec() throws IOException {
        assertThat(specs().map(p -> p.getFileName().toString())).contains("smtp-gateway.yaml", "smtp-gateway.json",
                "mail-server.yaml", "virtual-users-mysql.yaml");
    }

    /** The main job, with the real backends found on the class path, as scripts/portcullis.sh runs it. */
    @ParameterizedTest
    @MethodSource("specs")
    void mainJobPlansEachSpecOfflineWithTheInstalledBackends(Path spec) {
        Run run = Cli.run(CliEnvironment.system().withTerminal(false), "plan", "--offline", "--spec", spec.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("######## an assumed empty debian host").contains("# plan by ");
    }

    @Test
    void smtpGatewayOpensPort25ToItsAllowlistOnly() {
        PortPolicy yaml = Specs.read(Path.of("specs/smtp-gateway.yaml"), PortPolicy.class);
        FakeHosts user = FakeHosts.user();

        Run run = Cli.run(Cli.fakes(user), "plan", "--spec", "specs/smtp-gateway.yaml", "--host-facts", "debian");

        assertThat(Specs.read(Path.of("specs/smtp-gateway.json"))).isEqualTo(yaml);
        assertThat(yaml.rules()).hasSize(2);
        assertThat(yaml.decide(Connection.inbound("203.0.113.9", Protocol.TCP, 25)).verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(yaml.decide(Connection.inbound("192.0.2.9", Protocol.TCP, 25)).verdict()).isEqualTo(Verdict.DROP);
        assertThat(run.out())
                .contains("add rule inet portcullis in_smtp_gateway ip saddr { 203.0.113.0/24, 198.51.100.25/32 } tcp dport 25")
                .contains("add rule inet portcullis in_smtp_gateway ip6 saddr 2001:db8:25::/48 tcp dport 25")
                .containsSubsequence("tcp dport 25 limit rate 120/minute accept", "tcp dport 25 drop comment \"smtp-gateway\"");
    }

    @Test
    void signedMailSignsWithDkimAndRefusesSpfFailuresWithTheRealPostfixPlan() {
        MailServerSpec spec = Specs.read(Path.of("specs/signed-mail.yaml"), MailServerSpec.class);

        Run run = Cli.run(CliEnvironment.system().withTerminal(false), "plan", "--offline", "--spec", "specs/signed-mail.yaml");

        assertThat(spec.dkim()).hasValueSatisfying(d -> assertThat(d.selector()).isEqualTo("2026a"));
        assertThat(spec.spf()).contains(dev.portcullis.SpfPolicy.REJECT_FAIL);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("install opendkim, postfix-policyd-spf-python with apt-get")
                .contains("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048")
                .contains("smtpd_milters=inet:127.0.0.1:8891")
                .contains("reject_unauth_destination, check_policy_service unix:private/policyd-spf")
                .contains("DNS to publish: 2026a._domainkey.example.org. IN TXT");
    }

    @ParameterizedTest
    @MethodSource("relaySpecs")
    void cloudRelaySpecsLogInOverTlsWithThePasswordOnlyAsAReference(String file, String level, String password) {
        MailServerSpec spec = Specs.read(Path.of("specs", file), MailServerSpec.class);

        Run run = Cli.run(CliEnvironment.system().withTerminal(false), "plan", "--offline", "--spec", "specs/" + file);

        assertThat(spec.relayHost()).hasValueSatisfying(r -> assertThat(r.password()).hasValueSatisfying(p -> assertThat(p)
                .hasToString(password)));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("smtp_sasl_auth_enable=yes", "smtp_sasl_password_maps=hash:/etc/postfix/portcullis-relay-passwd",
                "smtp_tls_security_level=" + level, "install -m 0600 -o root -g root /dev/stdin /etc/postfix/portcullis-relay-passwd",
                "[stdin redacted", "postmap hash:/etc/postfix/portcullis-relay-passwd");
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> relaySpecs() {
        return Stream.of(org.junit.jupiter.params.provider.Arguments.of("relay-aws-ses.yaml", "encrypt",
                        "file:/etc/portcullis/ses-smtp-password"),
                org.junit.jupiter.params.provider.Arguments.of("relay-aliyun.yaml", "secure",
                        "file:/etc/portcullis/aliyun-smtp-password"));
    }

    @Test
    void tlsCiphersChoosesTheIntermediateLevelAndThePostfixPlanSetsItsSuites() {
        MailServerSpec spec = Specs.read(Path.of("specs/tls-ciphers.yaml"), MailServerSpec.class);

        Run run = Cli.run(CliEnvironment.system().withTerminal(false), "plan", "--offline", "--spec", "specs/tls-ciphers.yaml");

        assertThat(spec.tls()).hasValueSatisfying(t -> assertThat(t.cipherPolicy()).contains(TlsCipherPolicy.INTERMEDIATE));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("smtpd_tls_exclude_ciphers=aNULL, eNULL")
                .contains("smtpd_tls_mandatory_exclude_ciphers=kRSA, SHA1, SHA256, SHA384")
                .contains("smtpd_tls_mandatory_protocols=!SSLv2, !SSLv3, !TLSv1, !TLSv1.1")
                .contains("tls_preempt_cipherlist=yes")
                .contains("smtp_tls_exclude_ciphers=aNULL, eNULL");
    }

    @Test
    void mailServerHasSubmissionAndTlsAndOpensItsThreePorts() {
        FakePostfixBackend postfix = new FakePostfixBackend();
        CliEnvironment env = Cli.fakes(FakeHosts.user()).withBackends(List.of(new NftablesBackend()), List.of(postfix));

        Run run = Cli.run(env, "plan", "--spec", "specs/mail-server.yaml", "--host-facts", "debian");

        assertThat(run.exitCode()).isZero();
        MailServerSpec spec = postfix.planned().get(0);
        assertThat(spec.submission()).isTrue();
        assertThat(spec.smtps()).isTrue();
        assertThat(spec.tls()).hasValueSatisfying(t -> assertThat(t.certificate()).hasToString("/etc/ssl/certs/mail.example.com.pem"));
        assertThat(run.out()).contains("# plan by fake-postfix for mail server mail.example.com")
                .contains("tcp dport { 25, 465, 587 } accept comment \"mail-mail-example-com\"");
    }

    @Test
    void virtualUsersComeFromMysqlAndThePasswordStaysAReference() {
        FakePostfixBackend postfix = new FakePostfixBackend();
        CliEnvironment env = Cli.fakes(FakeHosts.user()).withBackends(List.of(new NftablesBackend()), List.of(postfix));

        Run run = Cli.run(env, "plan", "--spec", "specs/virtual-users-mysql.yaml", "--host-facts", "debian", "--json");

        assertThat(run.exitCode()).isZero();
        VirtualMailboxes boxes = postfix.planned().get(0).virtualMailboxes();
        assertThat(boxes.kind()).isEqualTo(VirtualMailboxes.Kind.MYSQL);
        assertThat(boxes.mysql()).hasValueSatisfying(m -> {
            assertThat(m.password()).hasToString("env:MAIL_DB_PASSWORD");
            assertThat(m.mailboxLookup().toPostfixQuery()).isEqualTo("SELECT maildir FROM virtual_users WHERE email='%s'");
        });
    }

    @ParameterizedTest
    @MethodSource("specs")
    void eachSpecReadsBackAsWhatItWrites(Path spec) {
        Spec read = Specs.read(spec);

        assertThat(Specs.readString(Specs.writeString(read, dev.portcullis.spec.SpecFormat.YAML),
                dev.portcullis.spec.SpecFormat.YAML)).isEqualTo(read);
    }
}
