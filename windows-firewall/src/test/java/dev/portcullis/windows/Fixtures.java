package dev.portcullis.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.powershell.PowerShellScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recorded outputs and golden scripts under src/test/resources. */
final class Fixtures {

    private Fixtures() {
    }

    static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the snapshot parsed from a recorded inspection output, through the runner's reader */
    static WindowsFirewallSnapshot snapshot(String fixture) {
        Command c = Command.of("powershell.exe");
        return WindowsFirewallSnapshot.parse("Portcullis smtp-inbound",
                PowerShellRunner.read(CommandResult.of(c, 0, text("fixtures/" + fixture))).json());
    }

    /**
     * Compares a script with its golden file. With -Dportcullis.updateGolden=true the file is
     * (re)written under src/test/resources and the test still fails, so that an update is always
     * looked at before it is committed.
     */
    static void assertGolden(PowerShellScript script, String name) {
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
