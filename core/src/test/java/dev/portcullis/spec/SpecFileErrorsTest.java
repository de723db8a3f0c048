package dev.portcullis.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.SpecProblem;
import java.net.URISyntaxException;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A malformed document is refused with every problem, each naming its field and line. */
class SpecFileErrorsTest {

    private static SpecFileException refusal(String text, SpecFormat format) {
        return catchThrowableOfType(SpecFileException.class, () -> Specs.readString(text, format));
    }

    private static List<String> located(SpecFileException e) {
        return e.problems().stream().map(p -> p.line().orElse(0) + " " + p.field()).collect(Collectors.toList());
    }

    @Test
    void validationProblemsCarryTheLineOfTheirField() throws URISyntaxException {
        SpecFileException e = catchThrowableOfType(SpecFileException.class,
                () -> Specs.read(SpecsRoundTripTest.example("invalid-policy.yaml")));
        assertThat(located(e)).containsExactly("7 rules[0].sources[0]", "9 rules[1].ports[0]", "10 rules[1].sorces");
        assertThat(e.problems().get(0).reason()).isEqualTo("'10.0.0.0/33' is not a CIDR");
        assertThat(e.getMessage()).contains("invalid-policy.yaml")
                .contains("line 7: rules[0].sources[0]: '10.0.0.0/33' is not a CIDR")
                .contains("did you mean 'sources'?");
        assertThat(e).isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void jsonValidationProblemsCarryLinesToo() {
        String json = "{\n"
                + "  \"kind\": \"mail-server\",\n"
                + "  \"hostname\": \"mail.example.com\",\n"
                + "  \"trustedNetworks\": [\n"
                + "    \"192.168.0.0/16\",\n"
                + "    \"0.0.0.0/0\"\n"
                + "  ],\n"
                + "  \"relayHost\": {\"host\": \"relay.example.net\", \"port\": 70000}\n"
                + "}\n";
        SpecFileException e = refusal(json, SpecFormat.JSON);
        assertThat(located(e)).containsExactly("6 trustedNetworks[1]", "8 relayHost.port");
        assertThat(e.problems().get(0).reason()).contains("open relay");
    }

    @Test
    void refusesAYamlAliasThatWouldReadAsItsOwnName() {
        // Jackson reads "*deny" as the text "deny": the second rule would silently deny what the anchor allows.
        String yaml = "kind: port-policy\nname: p\nrules:\n  - action: &deny allow\n    protocol: tcp\n"
                + "    ports: [\"25\"]\n  - action: *deny\n    protocol: tcp\n    ports: [\"587\"]\n";
        SpecFileException e = refusal(yaml, SpecFormat.YAML);
        assertThat(located(e)).containsExactly("7 rules[1].action");
        assertThat(e.getMessage()).contains("line 7: rules[1].action: the YAML alias '*deny' is not allowed in a spec");
    }

    @Test
    void refusesAnchorsAndAliasesOnListsMappingsAndKeys() {
        String yaml = "kind: mail-server\nhostname: mail.example.com\nacceptedDomains: &domains [example.com]\n"
                + "trustedNetworks: *domains\n";
        SpecFileException e = refusal(yaml, SpecFormat.YAML);
        assertThat(located(e)).contains("3 acceptedDomains", "4 trustedNetworks");
        assertThat(e.getMessage()).contains("line 3: acceptedDomains: the YAML anchor '&domains' is not allowed");
        String mapping = "kind: mail-server\nhostname: mail.example.com\ntls: &t {certificate: /a.pem, privateKey: /a.key}\n";
        assertThat(located(refusal(mapping, SpecFormat.YAML))).containsExactly("3 tls");
        String key = "kind: port-policy\n&n name: p\nrules: []\n";
        assertThat(located(refusal(key, SpecFormat.YAML))).contains("2 name");
    }

    @Test
    void unknownFieldsAreErrorsNamingFieldAndLine() {
        String yaml = "kind: mail-server\nhostname: mail.example.com\ntls:\n  certificate: /a.pem\n"
                + "  privateKey: /a.key\n  minVersion: TLSv1.2\nfrobnicate: true\n";
        SpecFileException e = refusal(yaml, SpecFormat.YAML);
        assertThat(located(e)).containsExactly("6 tls.minVersion", "7 frobnicate");
        assertThat(e.problems().get(1).reason()).startsWith("unknown field 'frobnicate'");
    }

    @Test
    void syntaxErrorsCarryJacksonsLocation() {
        SpecFileException json = refusal("{\n  \"kind\": \"port-policy\",\n  \"name\": \"x\"\n  \"rules\": []\n}", SpecFormat.JSON);
        assertThat(json.problems()).hasSize(1);
        assertThat(json.problems().get(0).line()).isEqualTo(OptionalInt.of(4));
        assertThat(json.problems().get(0).reason()).startsWith("syntax error: ");

        SpecFileException yaml = refusal("kind: port-policy\nname: x\nrules:\n  - ports: [25\n  - oops: {\n", SpecFormat.YAML);
        assertThat(yaml.problems()).hasSize(1);
        assertThat(yaml.problems().get(0).line().getAsInt()).isBetween(4, 6);
        assertThat(yaml.getMessage()).doesNotContain("\n  -   ");
    }

    @Test
    void duplicateFieldsAreErrors() {
        SpecFileException e = refusal("kind: port-policy\nname: a\nname: b\n", SpecFormat.YAML);
        assertThat(located(e)).containsExactly("3 name");
        // The value kept is still validated.
        assertThat(located(refusal("kind: port-policy\nname: A\nname: b\n", SpecFormat.YAML)))
                .containsExactly("2 name", "3 name");
        assertThat(e.problems().get(0).reason()).contains("first on line 2");
    }

    @Test
    void aDocumentNamesItsKind() {
        assertThat(refusal("name: a\n", SpecFormat.YAML).problems())
                .extracting(SpecProblem::field).containsExactly("kind");
        assertThat(refusal("kind: com.example.Policy\nname: a\n", SpecFormat.YAML).problems().get(0).reason())
                .contains("is not one of port-policy, mail-server");
        assertThat(refusal("", SpecFormat.YAML).problems().get(0).reason()).contains("empty");
        assertThat(refusal("[1, 2]", SpecFormat.JSON).problems().get(0).reason()).contains("mapping");
    }

    @Test
    void aTypedReadRefusesTheOtherKind() {
        SpecFileException e = catchThrowableOfType(SpecFileException.class, () -> Specs.readString(
                "kind: mail-server\nhostname: mail.example.com\n", SpecFormat.YAML, PortPolicy.class));
        assertThat(e.problems().get(0).field()).isEqualTo("kind");
        assertThat(e.problems().get(0).reason()).contains("port-policy was expected");
    }

    @Test
    void postfixSettingsAtTheTopLevelAreSentUnderPostfix() {
        String yaml = "kind: mail-server\nhostname: mail.example.com\nsasl: {type: dovecot}\nprocessLimit: 50\n";
        SpecFileException e = refusal(yaml, SpecFormat.YAML);
        assertThat(located(e)).containsExactly("3 sasl", "4 processLimit");
        assertThat(e.problems().get(0).reason()).isEqualTo("is a Postfix setting: write it under postfix"
                + " (postfix: {sasl: ...})");
    }

    @Test
    void wrongTypesAreNamedOnce() {
        String yaml = "kind: mail-server\n"
                + "hostname: [mail.example.com]\n"
                + "postfix: {processLimit: many}\n"
                + "submission: yes please\n"
                + "tls: /etc/ssl/cert.pem\n";
        SpecFileException e = refusal(yaml, SpecFormat.YAML);
        assertThat(located(e)).containsExactly("2 hostname", "3 postfix.processLimit", "4 submission", "5 tls");
        assertThat(e.problems()).extracting(SpecProblem::reason).containsExactly("must be text",
                "must be a whole number", "must be true or false", "must be a mapping of fields");
    }

    @Test
    void missingFieldsAreReportedByTheBuilderOnTheEnclosingLine() {
        SpecFileException e = refusal("kind: port-policy\nrules:\n  - action: allow\n", SpecFormat.YAML);
        assertThat(e.problems()).extracting(p -> p.field() + ": " + p.reason())
                .containsExactly("name: is missing", "rules[0].ports: a rule needs at least one port");
        assertThat(e.problems().get(1).line()).isEqualTo(OptionalInt.of(3));
    }

    @Test
    void aRelayHostWithoutAHostIsNotSilentlyDropped() {
        SpecFileException e = refusal("kind: mail-server\nhostname: mail.example.com\nrelayHost:\n  port: 587\n",
                SpecFormat.YAML);
        assertThat(located(e)).containsExactly("3 relayHost.host");
    }

    @Test
    void aRelayLoginIsRefusedNamingEachFieldAndLine() {
        String yaml = "kind: mail-server\n"
                + "hostname: mail.example.com\n"
                + "relayHost:\n"
                + "  host: email-smtp.eu-west-1.amazonaws.com\n"
                + "  port: 587\n"
                + "  user: not a login\n"
                + "  password: env:SES_PASSWORD\n"
                + "  trustedCa: ca.pem\n";
        SpecFileException e = refusal(yaml, SpecFormat.YAML);
        assertThat(located(e)).containsExactly("6 relayHost.user", "8 relayHost.trustedCa");

        SpecFileException pasted = refusal(yaml.replace("user: not a login", "user: AKIA1").replace("env:SES_PASSWORD",
                "hunter2-the-password"), SpecFormat.YAML);
        assertThat(located(pasted)).containsExactly("7 relayHost.password");
        assertThat(pasted.getMessage()).doesNotContain("hunter2");

        SpecFileException noPassword = refusal("kind: mail-server\nhostname: mail.example.com\n"
                + "relayHost: {host: relay.example.net, port: 587, user: apikey}\n", SpecFormat.YAML);
        assertThat(noPassword.problems()).extracting(p -> p.field() + ": " + p.reason())
                .containsExactly("relayHost.password: is missing (a secret reference: env:NAME or file:/path)");
    }

    @Test
    void postfixExtrasAreReadAsOneLineValuesAndRefusedNamingTheParameter() {
        MailServerSpec spec = (MailServerSpec) Specs.readString("kind: mail-server\nhostname: mail.example.com\n"
                + "postfix:\n  extra:\n    max_idle: 200s\n    default_destination_concurrency_limit: 10\n"
                + "    smtputf8_enable: no\n", SpecFormat.YAML);
        assertThat(spec.postfixTuning().extras()).containsExactly(
                java.util.Map.entry("default_destination_concurrency_limit", "10"), java.util.Map.entry("max_idle", "200s"),
                java.util.Map.entry("smtputf8_enable", "no"));

        SpecFileException e = refusal("kind: mail-server\nhostname: mail.example.com\n"
                + "postfix:\n  extra:\n    max_idle: [1, 2]\n    \"bad name\": 1\n    maximal_queue_lifetime: \"1d\\nrelayhost = x\"\n",
                SpecFormat.YAML);
        assertThat(e.problems()).extracting(p -> p.line().orElse(0) + " " + p.field() + ": " + p.reason()).containsExactlyInAnyOrder(
                "5 postfix.extra.max_idle: must be one value (text, a number, yes or no), not a list or mapping",
                "4 postfix.extra: 'bad name' is not a Postfix parameter name (letters, digits and _, starting with a letter,"
                        + " at most 100 (as postconf -d lists them))",
                "7 postfix.extra.maximal_queue_lifetime: holds a line break or NUL: main.cf values are one line");
    }

    @Test
    void problemsInsideVirtualMailboxesUseTheirFullPath() {
        String yaml = "kind: mail-server\n"
                + "hostname: mail.example.com\n"
                + "acceptedDomains: [example.com]\n"
                + "virtualMailboxes:\n"
                + "  type: mysql\n"
                + "  mysql:\n"
                + "    host: db.example.com\n"
                + "    database: mail\n"
                + "    user: 'postfix;'\n"
                + "    password: hunter2\n"
                + "    mailboxLookup: {table: boxes, keyColumn: 'email OR 1=1', resultColumn: 2dir}\n"
                + "  owner: {uid: 0, gid: 0}\n";
        SpecFileException e = refusal(yaml, SpecFormat.YAML);
        assertThat(located(e)).containsExactly(
                "9 virtualMailboxes.mysql.user",
                "10 virtualMailboxes.mysql.password",
                "11 virtualMailboxes.mysql.mailboxLookup.keyColumn",
                "11 virtualMailboxes.mysql.mailboxLookup.resultColumn");
        // The literal that was mistakenly given as a password is not echoed.
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void staticMailboxProblemsPointAtTheirEntry() {
        String yaml = "kind: mail-server\n"
                + "hostname: mail.example.com\n"
                + "acceptedDomains: [example.com]\n"
                + "virtualMailboxes:\n"
                + "  type: static\n"
                + "  mailboxes:\n"
                + "    - {address: alice@example.com, mailbox: example.com/alice/}\n"
                + "    - address: bob@example.com\n"
                + "      mailbox: ../../etc/\n"
                + "    - {address: alice@example.com, mailbox: x/}\n"
                + "  baseDirectory: relative/path\n";
        SpecFileException e = refusal(yaml, SpecFormat.YAML);
        assertThat(located(e)).containsExactly("9 virtualMailboxes.mailboxes[1].mailbox",
                "10 virtualMailboxes.mailboxes[2].address");
        // The base directory is only checked once the map is valid, as in Java.
        String fixed = yaml.replace("../../etc/", "example.com/bob/").replace("{address: alice@example.com, mailbox: x/}",
                "{address: carol@example.com, mailbox: x/}");
        assertThat(located(refusal(fixed, SpecFormat.YAML))).containsExactly("11 virtualMailboxes.baseDirectory");
    }

    @Test
    void theJacksonModuleReportsTheSameProblems() throws Exception {
        var mapper = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().registerModule(new PortcullisJsonModule());
        SpecFileException e = catchThrowableOfType(SpecFileException.class, () -> mapper.readValue(
                "kind: port-policy\nname: Bad_Name\nrules: []\n", PortPolicy.class));
        assertThat(located(e)).containsExactly("2 name");
        MailServerSpec mail = mapper.readValue(Specs.writeString(RichSpecs.mailMysql(), SpecFormat.YAML),
                MailServerSpec.class);
        assertThat(mail).isEqualTo(RichSpecs.mailMysql());
    }
}
