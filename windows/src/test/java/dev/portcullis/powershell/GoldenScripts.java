package dev.portcullis.powershell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recorded outputs and golden scripts under a PowerShell backend's src/test/resources. */
public final class GoldenScripts {

    private GoldenScripts() {
    }

    /**
     * @param resource path of a test resource, e.g. {@code fixtures/inspect-fresh.stdout}
     * @return its text
     */
    public static String text(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compares a script with its golden file. With -Dportcullis.updateGolden=true the file is
     * (re)written under src/test/resources and the test still fails, so that an update is always
     * looked at before it is committed.
     *
     * @param script the generated script
     * @param name file name under {@code golden/}
     */
    public static void assertGolden(PowerShellScript script, String name) {
        String path = "golden/" + name;
        if (Boolean.getBoolean("portcullis.updateGolden")) {
            try {
                Path file = Path.of("src/test/resources", path);
                Files.createDirectories(file.getParent());
                Files.writeString(file, script.text(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new AssertionError("golden file " + path + " rewritten: review it, then run without portcullis.updateGolden");
        }
        assertThat(script.text()).isEqualTo(text(path));
    }
}
