package dev.portcullis.firewalld;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.spi.RestorePoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * firewalld's part of confirm-or-revert: every zone's runtime and permanent settings and the
 * permanent services Portcullis owns ({@code portcullis-*}, the only ones it creates or deletes), read and written through firewalld's own Python client
 * ({@code restore-point.py}, shipped beside this class and copied into the revert's folder). The
 * restore changes only what differs from the saved state and never reloads, so runtime-only state
 * that is not a zone setting (direct rules, ipset entries) stays as it is.
 */
final class FirewalldRestorePoint {

    static final String SCRIPT = script();

    private FirewalldRestorePoint() {
    }

    /**
     * @param folder the revert's root-only folder on the host
     * @param runner reaches the host (firewalld must be running)
     * @return the saved state and the argv that restores it
     */
    static RestorePoint of(String folder, CommandRunner runner) {
        String state = runner.run(Command.builder("python3").args("-", "save").stdin(SCRIPT).build()).stdout();
        String script = folder + "/restore-point.py";
        String saved = folder + "/firewalld.json";
        return new RestorePoint(
                List.of(Command.builder("dd").args("of=" + script, "status=none").stdin(SCRIPT).build(),
                        Command.builder("dd").args("of=" + saved, "status=none").stdin(state).build()),
                List.of(List.of("python3", script, "restore", saved)));
    }

    private static String script() {
        try (InputStream in = FirewalldRestorePoint.class.getResourceAsStream("restore-point.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
