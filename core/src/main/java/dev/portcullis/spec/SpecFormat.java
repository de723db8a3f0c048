package dev.portcullis.spec;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats a spec is read from and written to. */
public enum SpecFormat {
    /** JSON ({@code .json}). */
    JSON,
    /** YAML ({@code .yaml} or {@code .yml}). */
    YAML;

    /**
     * Chooses the format by file extension.
     *
     * @param file a spec file
     * @return JSON for {@code .json}, YAML for {@code .yaml} and {@code .yml}
     * @throws IllegalArgumentException for any other extension
     */
    public static SpecFormat of(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".json")) {
            return JSON;
        }
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
            return YAML;
        }
        throw new IllegalArgumentException("cannot tell the format of " + file
                + ": a spec file ends in .json, .yaml or .yml");
    }
}
