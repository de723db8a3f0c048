package dev.portcullis.model;

import static dev.portcullis.model.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
        Files.writeString(f, "first\nsecond\n");
        SecretRef file = SecretRef.file(f);
        assertThat(file.resolve(Map.of()).reveal()).isEqualTo("first");
        assertThat(file.resolve(Map.of())).hasToString("******");
        Files.delete(f);
        assertThatThrownBy(() -> file.resolve(Map.of())).isInstanceOf(IllegalStateException.class)
                .hasMessage("secret " + file + " cannot be read: NoSuchFileException");
    }
}
