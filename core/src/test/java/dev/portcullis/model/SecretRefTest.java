package dev.portcullis.model;

import static dev.portcullis.model.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SecretRefTest {

    @Test
    void parsesEnvironmentAndFileReferences() {
        assertThat(SecretRef.parse("env:DB_PASSWORD")).hasToString("env:DB_PASSWORD").isEqualTo(SecretRef.env("DB_PASSWORD"));
        assertThat(SecretRef.parse("file:/run/secrets/db")).hasToString("file:/run/secrets/db")
                .isEqualTo(SecretRef.file(Path.of("/run/secrets/db")));
    }

    @Test
    void refusesAnythingElseWithoutEchoingIt() {
        for (String bad : new String[] {"hunter2", "env:", "env:1ABC", "env:A-B", "file:relative", "file:/a/../b",
            "file:/a/./b", "file:/a\nb", "ENV:X", "env:X;Y", ""}) {
            var e = refusal(() -> SecretRef.parse(bad));
            assertThat(e.problems()).hasSize(1);
            assertThat(e.problems().get(0).field()).isEqualTo("secret");
            if (bad.length() > 4) {
                assertThat(e.getMessage()).doesNotContain(bad.substring(bad.indexOf(':') + 1));
            }
        }
        assertThat(refusal(() -> SecretRef.parse(null)).problems().get(0).reason()).isEqualTo("is missing");
        assertThat(refusal(() -> SecretRef.file(Path.of("relative"))).problems().get(0).field()).isEqualTo("secret");
    }

    @Test
    void resolvesOnlyWhenAsked(@TempDir Path dir) throws Exception {
        assertThat(SecretRef.env("P").resolve(Map.of("P", "v")).reveal()).isEqualTo("v");
        assertThatThrownBy(() -> SecretRef.env("P").resolve(Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessage("secret env:P is not set");
        Path f = dir.resolve("s");
        Files.writeString(f, "only\n");
        SecretRef file = SecretRef.file(f);
        assertThat(file.resolve(Map.of()).reveal()).isEqualTo("only");
        assertThat(file.resolve(Map.of())).hasToString("******");
        Files.delete(f);
        assertThatThrownBy(() -> file.resolve(Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessage("secret " + file + " cannot be read: NoSuchFileException");
    }

    private static String refusalOf(Path file) {
        return catchThrowableOfType(IllegalStateException.class, () -> SecretRef.file(file).resolve(Map.of())).getMessage();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void refusesDevicesFifosAndPseudoFilesInsteadOfReadingThem(@TempDir Path dir) throws Exception {
        assertThat(refusalOf(Path.of("/dev/zero"))).isEqualTo("secret file:/dev/zero is refused: the file is in /dev,"
                + " which holds system state, not secrets");
        Path link = Files.createSymbolicLink(dir.resolve("zero"), Path.of("/dev/urandom"));
        assertThat(refusalOf(link)).contains("is refused: the file is in /dev");
        assertThat(refusalOf(Path.of("/proc/self/environ"))).contains("is refused: the file is in /proc");
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(5, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
        assertThat(refusalOf(fifo)).endsWith("is refused: the file is a device, FIFO or socket, not a regular file");
    }

    @Test
    void refusesAFileOfSeveralLinesRatherThanTakingItsFirstLine(@TempDir Path dir) throws Exception {
        // /etc/shadow's first line is root's password hash: a multi-line file is never cut to one line.
        Path shadowLike = dir.resolve("shadow");
        Files.writeString(shadowLike, "root:$6$salt$hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
        String message = refusalOf(shadowLike);
        assertThat(message).contains("holds more than one line").doesNotContain("root").doesNotContain("hash");
        Path windows = dir.resolve("crlf");
        Files.writeString(windows, "s3cret\r\n");
        assertThat(SecretRef.file(windows).resolve(Map.of()).reveal()).isEqualTo("s3cret");
    }

    @Test
    void refusesLargeEmptyBinaryAndWritableByOthersFiles(@TempDir Path dir) throws Exception {
        Path large = dir.resolve("large");
        Files.writeString(large, "x".repeat(4097));
        assertThat(refusalOf(large)).endsWith("the file holds more than 4096 bytes");
        Path empty = Files.createFile(dir.resolve("empty"));
        assertThat(refusalOf(empty)).endsWith("the file is empty");
        Path binary = dir.resolve("binary");
        Files.write(binary, new byte[] {'a', 0, 'b'});
        assertThat(refusalOf(binary)).endsWith("the file holds control characters");
        Path latin1 = dir.resolve("latin1");
        Files.write(latin1, new byte[] {'M', (byte) 0xFC, 'l'});
        assertThat(refusalOf(latin1)).endsWith("the file is not UTF-8 text").doesNotContain("0xFC");
        Path shared = dir.resolve("shared");
        Files.writeString(shared, "s3cret\n");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw-r--"));
        assertThat(refusalOf(shared)).contains("can be changed by users other than its owner");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("r--r--r--"));
        assertThat(SecretRef.file(shared).resolve(Map.of()).reveal()).isEqualTo("s3cret");
    }
}
