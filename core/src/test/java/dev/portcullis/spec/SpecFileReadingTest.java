package dev.portcullis.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.PortPolicy;
import dev.portcullis.SpecProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a spec file is before it is a document: a small regular file in UTF-8. */
class SpecFileReadingTest {

    private static final String POLICY_YAML = "kind: port-policy\nname: p\nrules:\n  - action: allow\n"
            + "    protocol: tcp\n    ports: [\"25\"]\n";
    private static final String POLICY_JSON = "{\"kind\": \"port-policy\", \"name\": \"p\", \"rules\": [\n"
            + "  {\"action\": \"allow\", \"protocol\": \"tcp\", \"ports\": [\"25\"]}]}\n";

    private static SpecProblem refusal(Path file) {
        SpecFileException e = catchThrowableOfType(SpecFileException.class, () -> Specs.read(file));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesADeviceBehindASpecFileNameInsteadOfReadingItWithoutEnd(@TempDir Path dir) throws IOException {
        for (String device : new String[] {"/dev/zero", "/dev/urandom"}) {
            Path link = Files.createSymbolicLink(dir.resolve(device.substring(5) + ".yaml"), Path.of(device));
            assertThat(refusal(link).reason()).isEqualTo("the file is a device, FIFO or socket, not a regular file");
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesAFifoWithoutOpeningIt(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("spec.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(5, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
        // Opening a FIFO with no writer blocks: a refusal within the timeout proves it was never opened.
        assertThat(refusal(fifo).reason()).isEqualTo("the file is a device, FIFO or socket, not a regular file");
    }

    @Test
    void refusesADirectoryAndAFileOverOneMebibyte(@TempDir Path dir) throws IOException {
        Path directory = Files.createDirectory(dir.resolve("d.yaml"));
        assertThat(refusal(directory).reason()).isEqualTo("the file is a directory, not a regular file");
        Path large = dir.resolve("large.yaml");
        Files.write(large, new byte[1024 * 1024 + 1]);
        assertThat(refusal(large).reason()).isEqualTo("the file holds more than 1048576 bytes");
    }

    @Test
    void aLatin1SpecIsRefusedWithTheLineOfItsFirstForeignByte(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("p.yaml");
        Files.write(latin1, (POLICY_YAML + "description: Müller\n").getBytes(StandardCharsets.ISO_8859_1));
        SpecProblem p = refusal(latin1);
        assertThat(p.line()).hasValue(7);
        assertThat(p.reason()).isEqualTo("the file is not UTF-8: byte 0xFC on line 7 is not part of a UTF-8 character"
                + " (save the file as UTF-8)");
    }

    @Test
    void aUtf8ByteOrderMarkIsSkippedInJsonAndYamlAlike(@TempDir Path dir) throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path json = dir.resolve("p.json");
        Path yaml = dir.resolve("p.yaml");
        Files.write(json, concat(bom, POLICY_JSON.getBytes(StandardCharsets.UTF_8)));
        Files.write(yaml, concat(bom, POLICY_YAML.getBytes(StandardCharsets.UTF_8)));
        assertThat(Specs.read(json, PortPolicy.class)).isEqualTo(Specs.read(yaml, PortPolicy.class));
        assertThat(Specs.readString("\uFEFF" + POLICY_JSON, SpecFormat.JSON))
                .isEqualTo(Specs.readString("\uFEFF" + POLICY_YAML, SpecFormat.YAML));
    }

    @Test
    void aUtf16SpecIsRefusedInJsonAndYamlAlike(@TempDir Path dir) throws IOException {
        for (String name : new String[] {"p.json", "p.yaml"}) {
            Path file = dir.resolve(name);
            Files.write(file, (name.endsWith("json") ? POLICY_JSON : POLICY_YAML).getBytes(StandardCharsets.UTF_16));
            assertThat(refusal(file).reason()).isEqualTo("the file is UTF-16 (it starts with a UTF-16 byte-order mark);"
                    + " save it as UTF-8");
        }
    }

    @Test
    void aMissingFileIsAnUnreadableFileNotAnInvalidSpec(@TempDir Path dir) {
        assertThatThrownBy(() -> Specs.read(dir.resolve("missing.yaml"))).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("missing.yaml");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
