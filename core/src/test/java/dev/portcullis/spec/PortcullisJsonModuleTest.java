package dev.portcullis.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.portcullis.PortPolicy;
import dev.portcullis.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Jackson wiring lives in one module; the model knows nothing of Jackson. */
class PortcullisJsonModuleTest {

    @Test
    void anyObjectMapperReadsAndWritesSpecsOnceTheModuleIsRegistered() throws IOException {
        ObjectMapper mapper = JsonMapper.builder().addModule(new PortcullisJsonModule()).build();
        String json = mapper.writeValueAsString(RichSpecs.smtpInbound());
        assertThat(json).startsWith("{\"kind\":\"port-policy\"");
        assertThat(mapper.readValue(json, PortPolicy.class)).isEqualTo(RichSpecs.smtpInbound());
        assertThat(mapper.readValue(json, Spec.class)).isEqualTo(RichSpecs.smtpInbound());
    }

    @Test
    void specsInsideAnotherDocumentAreReadWhereTheyStand() throws IOException {
        ObjectMapper mapper = JsonMapper.builder().addModule(new PortcullisJsonModule()).build();
        String json = "{\"policies\": [" + mapper.writeValueAsString(RichSpecs.smtpInbound()) + ", "
                + mapper.writeValueAsString(RichSpecs.oddCorners()) + "]}";
        Installer installer = mapper.readValue(json, Installer.class);
        assertThat(installer.policies).containsExactly(RichSpecs.smtpInbound(), RichSpecs.oddCorners());
    }

    /** An application document holding specs. */
    static final class Installer {
        public List<PortPolicy> policies;
    }

    @Test
    void theModelCarriesNoJacksonAnnotations() throws URISyntaxException, IOException {
        Path classes = Path.of(PortPolicy.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/portcullis");
        List<String> annotated = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.list(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(files).hasSizeGreaterThan(15);
        for (Path f : files) {
            String name = "dev.portcullis." + f.getFileName().toString().replace(".class", "");
            Class<?> type = load(name);
            List<AnnotatedElement> elements = new ArrayList<>(List.of(type));
            elements.addAll(Arrays.asList(type.getDeclaredMethods()));
            elements.addAll(Arrays.asList(type.getDeclaredFields()));
            elements.addAll(Arrays.asList(type.getDeclaredConstructors()));
            for (AnnotatedElement e : elements) {
                for (var a : e.getAnnotations()) {
                    if (a.annotationType().getName().startsWith("com.fasterxml")) {
                        annotated.add(e + " @" + a.annotationType().getSimpleName());
                    }
                }
            }
        }
        assertThat(annotated).isEmpty();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PortPolicy.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
