package dev.portcullis.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Spec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A spec written to a file and read back equals the original, in both formats and for both kinds. */
class SpecsRoundTripTest {

    static Stream<Arguments> richSpecsInEveryFormat() {
        List<Spec> specs = List.of(RichSpecs.smtpInbound(), RichSpecs.oddCorners(), RichSpecs.mailStatic(),
                RichSpecs.mailMysql(), RichSpecs.mailEverythingElse());
        return specs.stream().flatMap(s -> Stream.of(Arguments.of(s, "spec.json"), Arguments.of(s, "spec.yaml"),
                Arguments.of(s, "spec.yml")));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("richSpecsInEveryFormat")
    void readingWhatWasWrittenGivesAnEqualSpec(Spec spec, String fileName, @TempDir Path dir) {
        Path file = dir.resolve(fileName);
        Specs.write(spec, file);
        Spec read = Specs.read(file);
        assertThat(read).isEqualTo(spec).hasSameHashCodeAs(spec);
        // Writing again gives the same text: the format is stable.
        assertThat(Specs.writeString(read, SpecFormat.of(file))).isEqualTo(Specs.writeString(spec, SpecFormat.of(file)));
    }

    @Test
    void exampleFilesDescribeTheRichSpecs() throws URISyntaxException {
        assertThat(Specs.read(example("smtp-inbound.yaml"))).isEqualTo(RichSpecs.smtpInbound());
        assertThat(Specs.read(example("smtp-inbound.json"))).isEqualTo(RichSpecs.smtpInbound());
        assertThat(Specs.read(example("mail-static.yaml"))).isEqualTo(RichSpecs.mailStatic());
        assertThat(Specs.read(example("mail-mysql.json"))).isEqualTo(RichSpecs.mailMysql());
    }

    @Test
    void typedReadReturnsTheKindAsked() throws URISyntaxException {
        PortPolicy policy = Specs.read(example("smtp-inbound.yaml"), PortPolicy.class);
        MailServerSpec mail = Specs.read(example("mail-mysql.json"), MailServerSpec.class);
        assertThat(policy.name()).isEqualTo("smtp-inbound");
        assertThat(mail.hostname().value()).isEqualTo("mx1.example.net");
    }

    @Test
    void portsAndRateLimitsReadAsAHumanWritesThem() {
        String json = Specs.writeString(RichSpecs.smtpInbound(), SpecFormat.JSON);
        assertThat(json).contains("\"kind\" : \"port-policy\"")
                .contains("\"ports\" : [ \"25\" ]")
                .contains("\"ports\" : [ \"1000-2000\" ]")
                .contains("\"per\" : \"minute\"")
                .doesNotContain("dev.portcullis").doesNotContain("@class");
        String yaml = Specs.writeString(RichSpecs.smtpInbound(), SpecFormat.YAML);
        assertThat(yaml).startsWith("kind: port-policy\n").contains("- \"25\"").contains("per: minute");
    }

    @Test
    void portsMayBeWrittenAsNumbers() {
        PortPolicy p = Specs.readString("{\"kind\":\"port-policy\",\"name\":\"web\",\"rules\":[{\"ports\":[80, \"443\"]}]}",
                SpecFormat.JSON, PortPolicy.class);
        assertThat(p).isEqualTo(PortPolicy.named("web").allow(dev.portcullis.Protocol.TCP, 80, 443).build());
    }

    @Test
    void theSourceSetThresholdIsWrittenOnlyWhenItIsNotTheDefault() {
        PortPolicy plain = PortPolicy.named("relays").allow(dev.portcullis.Protocol.TCP, 25).build();
        assertThat(Specs.writeString(plain, SpecFormat.YAML)).doesNotContain("sourceSetThreshold");
        PortPolicy sets = plain.toBuilder().sourceSetThreshold(20).build();
        String yaml = Specs.writeString(sets, SpecFormat.YAML);
        assertThat(yaml).contains("sourceSetThreshold: 20");
        assertThat(Specs.readString(yaml, SpecFormat.YAML, PortPolicy.class)).isEqualTo(sets);
        assertThat(Specs.readString(Specs.writeString(sets, SpecFormat.JSON), SpecFormat.JSON, PortPolicy.class))
                .isEqualTo(sets);
    }

    @Test
    void aFileSourceSetThresholdIsReadAndCheckedLikeTheJavaOne() {
        PortPolicy p = Specs.readString("kind: port-policy\nname: relays\nsourceSetThreshold: 50\n"
                + "rules:\n  - {ports: [25]}\n", SpecFormat.YAML, PortPolicy.class);
        assertThat(p.sourceSetThreshold()).isEqualTo(50);
        SpecFileException tooSmall = org.assertj.core.api.Assertions.catchThrowableOfType(SpecFileException.class,
                () -> Specs.readString("kind: port-policy\nname: relays\nsourceSetThreshold: 1\n", SpecFormat.YAML));
        assertThat(tooSmall.problems()).extracting(dev.portcullis.SpecProblem::field).containsExactly("sourceSetThreshold");
        SpecFileException notANumber = org.assertj.core.api.Assertions.catchThrowableOfType(SpecFileException.class,
                () -> Specs.readString("kind: port-policy\nname: relays\nsourceSetThreshold: many\n", SpecFormat.YAML));
        assertThat(notANumber.problems()).extracting(dev.portcullis.SpecProblem::field)
                .containsExactly("sourceSetThreshold");
    }

    @Test
    void writesYamlThatReadsBackWhenStringsLookLikeOtherTypes(@TempDir Path dir) throws IOException {
        // "yes", "on", "1e3" and "0.0.0.0/0"-like strings must stay strings in YAML.
        PortPolicy p = PortPolicy.named("on").description("yes").allow(dev.portcullis.Protocol.TCP, 25).logged("1e3").build();
        Path file = dir.resolve("odd.yaml");
        Specs.write(p, file);
        assertThat(Specs.read(file)).isEqualTo(p);
        assertThat(Files.readString(file)).contains("name: \"on\"");
    }

    static Path example(String name) throws URISyntaxException {
        return Path.of(SpecsRoundTripTest.class.getResource("/specs/" + name).toURI());
    }
}
