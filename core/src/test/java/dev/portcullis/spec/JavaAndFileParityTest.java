package dev.portcullis.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PostfixTuning;
import dev.portcullis.SaslType;
import dev.portcullis.PortPolicy;
import dev.portcullis.Protocol;
import dev.portcullis.SpecProblem;
import dev.portcullis.Tls;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** A file is validated exactly as Java code is: the same fields, the same reasons. */
class JavaAndFileParityTest {

    private static List<String> fromJava(ThrowingCallable build) {
        return catchThrowableOfType(InvalidSpecException.class, build).problems().stream()
                .map(p -> p.field() + ": " + p.reason()).collect(Collectors.toList());
    }

    private static List<String> fromFile(String yaml) {
        return catchThrowableOfType(SpecFileException.class, () -> Specs.readString(yaml, SpecFormat.YAML)).problems()
                .stream().map(p -> p.field() + ": " + p.reason()).collect(Collectors.toList());
    }

    @Test
    void aPortPolicyIsRefusedForTheSameReasons() {
        List<String> java = fromJava(() -> PortPolicy.named("Bad Name").zone("dmz!")
                .allow(Protocol.TCP, 0, 25).from("192.0.2.0/24", "10.0.0.0/33").logged("way too long a log prefix")
                .deny(Protocol.UDP, 53).rateLimit(dev.portcullis.RateLimit.perMinute(5))
                .allow(Protocol.TCP, 80).from("192.0.2.0/24").families(dev.portcullis.IpFamily.IPV6)
                .build());
        List<String> file = fromFile("kind: port-policy\n"
                + "name: Bad Name\n"
                + "zone: dmz!\n"
                + "rules:\n"
                + "  - {action: allow, ports: [0, 25], sources: [192.0.2.0/24, 10.0.0.0/33],"
                + " logPrefix: way too long a log prefix}\n"
                + "  - {action: deny, protocol: udp, ports: [53], rateLimit: {count: 5, per: minute}}\n"
                + "  - {ports: [80], sources: [192.0.2.0/24], families: [ipv6]}\n");
        assertThat(file).isEqualTo(java).hasSize(7);
    }

    @Test
    void aMailServerIsRefusedForTheSameReasons() {
        List<String> java = fromJava(() -> MailServerSpec.forHost("mail")
                .acceptMailFor("example.com", "exa_mple.org")
                .trustNetworks("0.0.0.0/0")
                .listenOn("all", "192.0.2.1")
                .tls(Tls.fromFiles(Path.of("cert.pem"), Path.of("/etc/ssl/key.pem")))
                .smtps()
                .relayHost("relay.example.net", 0)
                .build());
        List<String> file = fromFile("kind: mail-server\n"
                + "hostname: mail\n"
                + "acceptedDomains: [example.com, exa_mple.org]\n"
                + "trustedNetworks: [0.0.0.0/0]\n"
                + "listenInterfaces: [all, 192.0.2.1]\n"
                + "tls: {certificate: cert.pem, privateKey: /etc/ssl/key.pem}\n"
                + "smtps: true\n"
                + "relayHost: {host: relay.example.net, port: 0}\n");
        assertThat(file).isEqualTo(java).hasSize(6);
    }

    @Test
    void postfixTuningIsRefusedForTheSameReasonsUnderPostfix() {
        List<String> builder = fromJava(() -> PostfixTuning.builder().sasl(SaslType.CYRUS, "../x").processLimit(0).build())
                .stream().map(p -> "postfix." + p).collect(Collectors.toList());
        List<String> file = fromFile("kind: mail-server\nhostname: mail.example.com\n"
                + "postfix: {sasl: {type: cyrus, path: ../x}, processLimit: 0}\n");
        assertThat(file).isEqualTo(builder).hasSize(2);
    }

    @Test
    void dkimIsRefusedForTheSameReasonsUnderDkim() {
        List<String> builder = fromJava(() -> dev.portcullis.DkimSigning.builder().selector("-bad.").keyBits(512).build())
                .stream().map(p -> "dkim." + p).collect(Collectors.toList());
        List<String> file = fromFile("kind: mail-server\nhostname: mail.example.com\n"
                + "dkim: {selector: -bad., keyBits: 512}\n");
        assertThat(file).isEqualTo(builder).hasSize(2);
    }

    @Test
    void anUnknownSpfPolicyIsRefusedNamingTheWordsThatExist() {
        SpecFileException e = catchThrowableOfType(SpecFileException.class, () -> Specs.readString(
                "kind: mail-server\nhostname: mail.example.com\nspf: reject-all\n", SpecFormat.YAML));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spf");
            assertThat(p.reason()).contains("reject-fail", "mark-only");
        });
    }

    @Test
    void fileProblemsAddOnlyTheLine() {
        SpecFileException e = catchThrowableOfType(SpecFileException.class,
                () -> Specs.readString("kind: port-policy\nname: Bad\n", SpecFormat.YAML));
        SpecProblem p = e.problems().get(0);
        InvalidSpecException java = catchThrowableOfType(InvalidSpecException.class, () -> PortPolicy.named("Bad").build());
        assertThat(p).isEqualTo(java.problems().get(0).atLine(2));
    }
}
