package dev.portcullis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the scripts test-support runs inside its containers from its own resources. */
final class ScriptResource {

    private ScriptResource() {
    }

    /**
     * @param name a resource next to this class
     * @return its text
     * @throws IllegalStateException when it is missing
     */
    static String text(String name) {
        try (InputStream in = ScriptResource.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
