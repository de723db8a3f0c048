package dev.portcullis.testing;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.exec.LocalCommandRunner;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Checks, once per JVM and before Testcontainers initialises, that live tests can run here, and
 * adapts Testcontainers to the engine: the only setting decided at run time is the Docker API
 * version, pinned to the engine's own when the engine is older than what Testcontainers asks
 * for by default (Docker 20.10 speaks 1.41; Testcontainers 2.0 asks for 1.44; Docker 29 refuses
 * anything older, so pinning everywhere would break new engines).
 *
 * <p>Every failure names the way out: live tests are never skipped silently.
 */
final class DockerPreflight {

    private static final Logger LOG = LoggerFactory.getLogger(DockerPreflight.class);

    /** The API version Testcontainers 2.0 uses when none is configured. */
    static final String TESTCONTAINERS_DEFAULT_API = "1.44";
    /** The reaper image Testcontainers 2.0.5 uses; keep in step with scripts/test.sh. */
    static final String RYUK_IMAGE = "testcontainers/ryuk:0.14.0";
    /** The docker-java setting that pins the API version (read from system properties). */
    static final String API_VERSION_PROPERTY = "api.version";

    static final String HOW_TO_GET_DOCKER = "Live tests (*IT) need a running Docker engine and the Portcullis test"
            + " images. Run scripts/test.sh, which installs docker.io, starts dockerd, builds the images and runs"
            + " the build; or install docker.io yourself (apt-get install docker.io), start dockerd and run"
            + " scripts/build-test-images.sh. To skip live tests deliberately, pass -DskipLiveTests.";

    private static volatile boolean passed;

    private DockerPreflight() {
    }

    /**
     * Runs the checks once; later calls return at once.
     *
     * @param image the test host image that must exist locally
     * @throws IllegalStateException when live tests cannot run, saying how to fix it
     */
    static synchronized void check(String image) {
        if (passed) {
            return;
        }
        CommandRunner local = LocalCommandRunner.create();
        String serverApi = serverApiVersion(local);
        pinApiVersionIfEngineIsOld(serverApi);
        requireImage(local, image);
        requireRyukOrItsAbsence(local);
        passed = true;
    }

    private static String serverApiVersion(CommandRunner local) {
        CommandResult version;
        try {
            version = local.execute(Command.builder("docker")
                    .args("version", "--format", "{{.Server.APIVersion}}")
                    .timeout(Duration.ofSeconds(30))
                    .build());
        } catch (CommandRunnerException e) {
            throw new IllegalStateException("The docker command is not installed (" + e.getMessage() + "). "
                    + HOW_TO_GET_DOCKER, e);
        }
        String api = version.stdout().strip();
        if (!version.isSuccess() || !api.matches("\\d+\\.\\d+")) {
            throw new IllegalStateException("The Docker engine does not answer: "
                    + CommandResult.excerpt(version.stderr().strip(), 300) + "\n" + HOW_TO_GET_DOCKER);
        }
        return api;
    }

    static void pinApiVersionIfEngineIsOld(String serverApi) {
        String configured = System.getProperty(API_VERSION_PROPERTY);
        if (configured != null) {
            LOG.info("Docker API version {} set by the user; the engine speaks {}", configured, serverApi);
            return;
        }
        if (compareVersions(serverApi, TESTCONTAINERS_DEFAULT_API) < 0) {
            System.setProperty(API_VERSION_PROPERTY, serverApi);
            LOG.info("Docker engine speaks API {} only: pinned api.version={}", serverApi, serverApi);
        }
    }

    private static void requireImage(CommandRunner local, String image) {
        CommandResult inspect = local.execute(Command.builder("docker")
                .args("image", "inspect", "--format", "{{.Id}}", image)
                .timeout(Duration.ofSeconds(30))
                .build());
        if (!inspect.isSuccess()) {
            throw new IllegalStateException("The test host image " + image + " is missing. " + HOW_TO_GET_DOCKER);
        }
    }

    /**
     * Testcontainers starts its reaper (Ryuk) from a Docker Hub image unless told not to. Where
     * that image can be neither found nor pulled, Testcontainers retries for minutes and then
     * fails obscurely; say at once what to do instead.
     */
    private static void requireRyukOrItsAbsence(CommandRunner local) {
        if (Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            return;
        }
        String ryuk = TestcontainersConfiguration.getInstance().getEnvVarOrProperty("ryuk.container.image", RYUK_IMAGE);
        if (local.execute(Command.builder("docker").args("image", "inspect", "--format", "{{.Id}}", ryuk)
                .timeout(Duration.ofSeconds(30)).build()).isSuccess()) {
            return;
        }
        CommandResult pull = local.execute(Command.builder("docker").args("pull", "-q", ryuk)
                .timeout(Duration.ofSeconds(120)).build());
        if (!pull.isSuccess()) {
            throw new IllegalStateException("Testcontainers needs its reaper image " + ryuk
                    + ", which this Docker engine cannot pull (" + CommandResult.excerpt(pull.stderr().strip(), 200)
                    + "). Run the build through scripts/test.sh, which detects this, or pass"
                    + " -Dportcullis.noDockerHub=true to Maven (it sets TESTCONTAINERS_RYUK_DISABLED=true;"
                    + " the fixture removes its containers itself).");
        }
    }

    /**
     * @param a a dotted version such as {@code 1.41}
     * @param b another
     * @return negative, zero or positive as {@code a} is older, equal or newer
     */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }
}
