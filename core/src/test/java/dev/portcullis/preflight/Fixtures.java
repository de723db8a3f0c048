package dev.portcullis.preflight;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Outputs captured from the live test host (and recorded Windows JSON), under
 * src/test/resources/preflight: what core's own checks read. Shared through core's test-jar.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * @param name a file under src/test/resources/preflight
     * @return its content
     */
    public static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/preflight/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
