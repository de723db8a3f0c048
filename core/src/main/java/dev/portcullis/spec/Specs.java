package dev.portcullis.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.portcullis.Spec;
import dev.portcullis.SpecProblem;
import dev.portcullis.internal.SmallFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and writes specs as JSON or YAML files. A document names its logical {@code kind}:
 *
 * <pre>{@code
 * kind: port-policy
 * name: smtp-inbound
 * rules:
 *   - action: allow
 *     protocol: tcp
 *     ports: ["25"]
 *     sources: ["203.0.113.0/24", "2001:db8::/48"]
 *     rateLimit: {count: 60, per: minute}
 * }</pre>
 *
 * <p>Reading validates exactly as the Java builders do and reports every problem at once, each
 * with its field path and line ({@link SpecFileException}); unknown fields are errors. Secrets
 * stay references ({@code env:DB_PASSWORD}, {@code file:/path}) and are never resolved here.
 * {@code Specs.read(path)} of what {@code Specs.write(spec, path)} wrote equals {@code spec}.
 *
 * <p>A spec file must be a regular file (symbolic links followed) of at most 1 MiB in UTF-8; it is
 * read through a bounded stream, so a device, FIFO or {@code /proc} file is refused, never read
 * without end. A UTF-8 byte-order mark is skipped in JSON and YAML alike; any other encoding is
 * refused with the line of its first byte that is not UTF-8.
 */
public final class Specs {

    /** Spec files are small; a larger one is a mistake or an attack, and is refused unread. */
    private static final int MAX_FILE_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON_MAPPER = JsonMapper.builder(jsonFactory())
            .addModule(new PortcullisJsonModule()).enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final ObjectMapper YAML_MAPPER = YAMLMapper.builder(yamlFactory())
            .addModule(new PortcullisJsonModule()).build();

    private Specs() {
    }

    private static JsonFactory jsonFactory() {
        // Locations carry lines only, never the document's text: a message must not echo a secret.
        return JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
    }

    private static YAMLFactory yamlFactory() {
        return YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR).build();
    }

    /**
     * Reads a spec file of either kind; the format follows the extension.
     *
     * @param file a {@code .json}, {@code .yaml} or {@code .yml} file
     * @return the spec ({@link dev.portcullis.PortPolicy} or {@link dev.portcullis.MailServerSpec})
     * @throws SpecFileException when the file is malformed or the spec invalid (every problem, with lines)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Spec read(Path file) {
        return read(file, Spec.class);
    }

    /**
     * Reads a spec file of a known kind.
     *
     * @param file a {@code .json}, {@code .yaml} or {@code .yml} file
     * @param type {@code PortPolicy.class}, {@code MailServerSpec.class} or {@code Spec.class}
     * @param <T> the type
     * @return the spec
     * @throws SpecFileException when the file is malformed, of another kind, or the spec invalid
     * @throws UncheckedIOException when the file cannot be read
     */
    public static <T extends Spec> T read(Path file, Class<T> type) {
        SpecFormat format = SpecFormat.of(file);
        String text;
        try {
            text = SmallFile.utf8(SmallFile.read(file, MAX_FILE_BYTES));
        } catch (SmallFile.Refused e) {
            SpecProblem problem = SpecProblem.of("", "the file " + e.getMessage());
            throw new SpecFileException(file.toString(), List.of(e.line() > 0 ? problem.atLine(e.line()) : problem));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spec file " + file, e);
        }
        try {
            return parse(text, format, type, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spec file " + file, e);
        }
    }

    /**
     * Reads a spec of either kind from text.
     *
     * @param text the document
     * @param format its format
     * @return the spec
     * @throws SpecFileException when the document is malformed or the spec invalid
     */
    public static Spec readString(String text, SpecFormat format) {
        return readString(text, format, Spec.class);
    }

    /**
     * Reads a spec of a known kind from text.
     *
     * @param text the document
     * @param format its format
     * @param type {@code PortPolicy.class}, {@code MailServerSpec.class} or {@code Spec.class}
     * @param <T> the type
     * @return the spec
     * @throws SpecFileException when the document is malformed, of another kind, or the spec invalid
     */
    public static <T extends Spec> T readString(String text, SpecFormat format, Class<T> type) {
        try {
            return parse(text, format, type, format + " text");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T extends Spec> T parse(String text, SpecFormat format, Class<T> type, String source)
            throws IOException {
        // A UTF-8 byte-order mark reads as U+FEFF: YAML skips it, JSON refused it. Both skip it now.
        String document = text.startsWith("\uFEFF") ? text.substring(1) : text;
        try (JsonParser parser = shared(format).getFactory().createParser(document)) {
            return SpecReader.read(parser, type, source, true);
        } catch (JsonProcessingException e) {
            throw SpecReader.syntaxError(e, source, null);
        }
    }

    /**
     * Writes a spec to a file, in the format its extension names, replacing the file.
     *
     * @param spec the spec
     * @param file a {@code .json}, {@code .yaml} or {@code .yml} file
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Spec spec, Path file) {
        String text = writeString(spec, SpecFormat.of(file));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write spec file " + file, e);
        }
    }

    /**
     * @param spec the spec
     * @param format JSON or YAML
     * @return the document, ending in a newline
     */
    public static String writeString(Spec spec, SpecFormat format) {
        try {
            String text = shared(format).writeValueAsString(spec);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param format JSON or YAML
     * @return a mapper with {@link PortcullisJsonModule} registered, configured as this class writes
     */
    public static ObjectMapper mapper(SpecFormat format) {
        return shared(format).copy();
    }

    private static ObjectMapper shared(SpecFormat format) {
        return format == SpecFormat.JSON ? JSON_MAPPER : YAML_MAPPER;
    }
}
