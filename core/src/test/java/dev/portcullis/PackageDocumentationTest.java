package dev.portcullis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of every module says what it holds: a {@code package-info.java} whose Javadoc is
 * read on the package summary page, the first thing a reader of the API sees.
 */
class PackageDocumentationTest {

    /** The reactor root: core's tests run in the core module's directory. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void everyMainPackageOfEveryModuleHasAPackageInfoWithJavadoc() throws IOException {
        List<Path> packages;
        try (Stream<Path> files = Files.walk(ROOT)) {
            packages = files.filter(p -> p.toString().replace('\\', '/').contains("/src/main/java/"))
                    .filter(p -> p.getFileName().toString().endsWith(".java"))
                    .map(Path::getParent).distinct().toList();
        }
        assertThat(packages).as("main packages under " + ROOT).isNotEmpty();
        assertThat(packages).allSatisfy(dir -> assertThat(documentation(dir.resolve("package-info.java")))
                .as(ROOT.relativize(dir) + "/package-info.java").contains("/**").contains("*/\npackage "));
    }

    private static String documentation(Path packageInfo) {
        try {
            return Files.exists(packageInfo) ? Files.readString(packageInfo).replace("\r\n", "\n") : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
