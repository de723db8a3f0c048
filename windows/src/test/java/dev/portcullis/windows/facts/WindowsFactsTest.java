package dev.portcullis.windows.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.powershell.FakePowerShellHost;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsFactsTest {

    private static final String ASK = "Portcullis: is this host Windows";

    @Test
    void aRemoteHostThatAnswersNoUnameButWindowsPowerShellIsWindows() {
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answerText(ASK, "PORTCULLIS-RESULT:{\"platform\":\"Win32NT\",\"version\":\"10.0.17763.0\"}");
        HostFacts facts = HostFactsGatherer.gather(host, List.of(new WindowsFacts()));

        assertThat(facts.osFamily()).isEqualTo(HostFacts.OsFamily.WINDOWS);
        assertThat(facts.kernel()).hasValue("Windows 10.0.17763.0");
        assertThat(host.purposes()).containsExactly("# " + ASK);
    }

    @Test
    void powershellOnAnotherSystemDoesNotMakeItWindows() {
        FakePowerShellHost host = new FakePowerShellHost(false)
                .answerText(ASK, "PORTCULLIS-RESULT:{\"platform\":\"Unix\",\"version\":\"6.1.0.0\"}");
        assertThat(HostFactsGatherer.gather(host, List.of(new WindowsFacts())).osFamily()).isEqualTo(HostFacts.OsFamily.OTHER);
    }

    @Test
    void aPosixHostIsNotAsked() {
        FakePowerShellHost host = new FakePowerShellHost(false);
        HostFacts linux = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).kernel("Linux 6.1").build();
        HostFacts.Builder facts = linux.toBuilder();
        new WindowsFacts().contribute(host, linux, facts);

        assertThat(facts.build()).isEqualTo(linux);
        assertThat(host.commands()).isEmpty();
        assertThat(WindowsFacts.mayBeWindows(linux)).isFalse();
        assertThat(WindowsFacts.mayBeWindows(HostFacts.builder().build())).isTrue();
    }

    @Test
    void asksForBothPowerShellsOnThePath() {
        assertThat(new WindowsFacts().tools()).containsExactlyInAnyOrder("powershell", "pwsh");
    }
}
