package dev.portcullis.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Spec;
import java.io.IOException;

/**
 * Teaches any Jackson {@code ObjectMapper} (JSON or YAML) to read and write Portcullis specs, so
 * the model itself carries no Jackson annotations. A document names its logical {@code kind}
 * ({@code port-policy} or {@code mail-server}), never a Java class. Reading drives the model's
 * builders, so a document is validated exactly as Java code is; a refused document raises a
 * {@link SpecFileException} whose problems name their field and line.
 *
 * <pre>{@code
 * ObjectMapper mapper = new YAMLMapper().registerModule(new PortcullisJsonModule());
 * PortPolicy policy = mapper.readValue(file, PortPolicy.class);
 * }</pre>
 *
 * <p>{@link Specs} is the simpler entry point; this module is for applications that embed specs
 * in their own documents.
 */
public final class PortcullisJsonModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    /** Registers serializers and deserializers for {@link Spec}, {@link PortPolicy} and {@link MailServerSpec}. */
    public PortcullisJsonModule() {
        super("portcullis", Version.unknownVersion());
        addSerializer(PortPolicy.class, new JsonSerializer<PortPolicy>() {
            @Override
            public void serialize(PortPolicy value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                provider.defaultSerializeValue(PortPolicyWriter.write(value), gen);
            }
        });
        addSerializer(MailServerSpec.class, new JsonSerializer<MailServerSpec>() {
            @Override
            public void serialize(MailServerSpec value, JsonGenerator gen, SerializerProvider provider)
                    throws IOException {
                provider.defaultSerializeValue(MailServerSpecWriter.write(value), gen);
            }
        });
        addDeserializer(Spec.class, new SpecDeserializer<>(Spec.class));
        addDeserializer(PortPolicy.class, new SpecDeserializer<>(PortPolicy.class));
        addDeserializer(MailServerSpec.class, new SpecDeserializer<>(MailServerSpec.class));
    }

    /** Reads a spec of one type from wherever the parser stands. */
    private static final class SpecDeserializer<T extends Spec> extends JsonDeserializer<T> {
        private final Class<T> type;

        SpecDeserializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return SpecReader.read(parser, type, "a " + type.getSimpleName() + " document");
        }
    }
}
