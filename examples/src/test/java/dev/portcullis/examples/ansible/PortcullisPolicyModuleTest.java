package dev.portcullis.examples.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module wrapper {@code examples/ansible/library/portcullis_policy} as Ansible runs it
 * ({@code /bin/sh MODULE ARGS_FILE}): it hands the arguments file to the jar unchanged, and answers
 * with one JSON failure of its own when the jar or Java is missing.
 */
class PortcullisPolicyModuleTest {

    static final Path MODULE = Path.of("ansible/library/portcullis_policy");

    @TempDir
    Path dir;

    record Ran(int exit, String out) {
    }

    Ran module(Map<String, String> env) throws IOException, InterruptedException {
        Path args = Files.writeString(dir.resolve("args with space.json"), "{}");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", MODULE.toString(), args.toString()).redirectErrorStream(false);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Ran(p.exitValue(), out);
    }

    @Test
    void theExamplePlaybooksSpecIsValid() throws IOException {
        JsonNode vars = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Path.of("ansible/group_vars/portcullis.yml").toFile());
        dev.portcullis.Spec spec = dev.portcullis.spec.Specs.readString(vars.path("portcullis_spec").toString(),
                dev.portcullis.spec.SpecFormat.JSON);
        assertThat(spec).isInstanceOf(dev.portcullis.PortPolicy.class);
        assertThat(Files.readString(Path.of("ansible/site.yml"))).contains("portcullis_policy:", "hosts: portcullis");
    }

    @Test
    void isAWantJsonModule() throws IOException {
        assertThat(Files.readString(MODULE)).startsWith("#!/bin/sh\n# WANT_JSON\n");
        assertThat(Files.isExecutable(MODULE)).isTrue();
    }

    @Test
    void runsTheJarsAnsibleCommandWithTheArgumentsFileAsOneWord() throws Exception {
        Path jar = Files.writeString(dir.resolve("portcullis.jar"), "");

        Ran ran = module(Map.of("PORTCULLIS_JAR", jar.toString(), "PORTCULLIS_JAVA", "/bin/echo"));

        assertThat(ran.exit()).isZero();
        assertThat(ran.out()).isEqualTo("-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar " + jar + " ansible "
                + dir.resolve("args with space.json") + "\n");
        Ran plain = module(Map.of("PORTCULLIS_JAR", jar.toString(), "PORTCULLIS_JAVA", "/bin/echo", "PORTCULLIS_JAVA_OPTS", ""));
        assertThat(plain.out()).startsWith("-jar ");
    }

    @Test
    void aMissingJarOrJavaIsOneFailedJsonResult() throws Exception {
        Path jar = Files.writeString(dir.resolve("portcullis.jar"), "");
        Ran noJar = module(Map.of("PORTCULLIS_JAR", dir.resolve("absent.jar").toString()));
        Ran noJava = module(Map.of("PORTCULLIS_JAR", jar.toString(), "PORTCULLIS_JAVA", dir.resolve("no-java").toString()));

        for (Ran ran : new Ran[] {noJar, noJava}) {
            JsonNode r = new ObjectMapper().readTree(ran.out());
            assertThat(ran.exit()).isEqualTo(1);
            assertThat(r.path("failed").asBoolean()).isTrue();
            assertThat(r.path("changed").asBoolean()).isFalse();
        }
        assertThat(new ObjectMapper().readTree(noJar.out()).path("msg").asText()).contains("PORTCULLIS_JAR");
        assertThat(new ObjectMapper().readTree(noJava.out()).path("msg").asText()).contains("PORTCULLIS_JAVA");
    }
}
