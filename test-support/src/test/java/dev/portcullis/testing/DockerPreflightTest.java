package dev.portcullis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DockerPreflightTest {

    private String saved;

    @BeforeEach
    void saveApiVersion() {
        saved = System.getProperty(DockerPreflight.API_VERSION_PROPERTY);
        System.clearProperty(DockerPreflight.API_VERSION_PROPERTY);
    }

    @AfterEach
    void restoreApiVersion() {
        if (saved == null) {
            System.clearProperty(DockerPreflight.API_VERSION_PROPERTY);
        } else {
            System.setProperty(DockerPreflight.API_VERSION_PROPERTY, saved);
        }
    }

    @Test
    void pinsTheApiVersionOfAnEngineOlderThanTestcontainersExpects() {
        DockerPreflight.pinApiVersionIfEngineIsOld("1.41");

        assertThat(System.getProperty("api.version")).isEqualTo("1.41");
    }

    @Test
    void leavesTheApiVersionAloneForCurrentEngines() {
        DockerPreflight.pinApiVersionIfEngineIsOld("1.52");

        assertThat(System.getProperty("api.version")).isNull();
    }

    @Test
    void neverOverridesAnApiVersionTheUserSet() {
        System.setProperty("api.version", "1.43");

        DockerPreflight.pinApiVersionIfEngineIsOld("1.41");

        assertThat(System.getProperty("api.version")).isEqualTo("1.43");
    }

    @Test
    void comparesVersionsNumericallyNotAsText() {
        assertThat(DockerPreflight.compareVersions("1.9", "1.44")).isNegative();
        assertThat(DockerPreflight.compareVersions("1.100", "1.44")).isPositive();
        assertThat(DockerPreflight.compareVersions("1.44", "1.44")).isZero();
    }

    @Test
    void failureMessageSaysHowToGetDockerAndHowToOptOut() {
        assertThat(DockerPreflight.HOW_TO_GET_DOCKER)
                .contains("scripts/test.sh").contains("docker.io").contains("-DskipLiveTests");
    }
}
