package dev.portcullis.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorSessionTest {

    @Test
    void readsClientAddressAndServerPortFromSshConnection() {
        assertThat(OperatorSession.fromSshConnection("192.0.2.7 51234 198.51.100.1 2222"))
                .contains(new OperatorSession("192.0.2.7", 2222));
    }

    @Test
    void readsAnIpv6Session() {
        assertThat(OperatorSession.fromSshConnection("2001:db8::7 51234 2001:db8::1 22"))
                .contains(new OperatorSession("2001:db8::7", 22));
    }

    @Test
    void absentOrMalformedValuesGiveNoSession() {
        assertThat(OperatorSession.fromSshConnection(null)).isEmpty();
        assertThat(OperatorSession.fromSshConnection("")).isEmpty();
        assertThat(OperatorSession.fromSshConnection("192.0.2.7 51234 198.51.100.1")).isEmpty();
        assertThat(OperatorSession.fromSshConnection("192.0.2.7 51234 198.51.100.1 ssh")).isEmpty();
        assertThat(OperatorSession.fromSshConnection("192.0.2.7 51234 198.51.100.1 70000")).isEmpty();
    }

    @Test
    void aLocalRunnerReportsTheSessionOfItsEnvironmentAndWrappersPassItOn() {
        CommandRunner local = LocalCommandRunner.withEnvironment(
                Map.of("SSH_CONNECTION", "203.0.113.9 40000 10.0.0.1 22", "LC_ALL", "C.UTF-8"));
        Optional<OperatorSession> expected = Optional.of(new OperatorSession("203.0.113.9", 22));
        assertThat(local.operatorSession()).isEqualTo(expected);
        assertThat(new CountingCommandRunner(local).operatorSession()).isEqualTo(expected);
        assertThat(InterceptingCommandRunner.wrap(local).operatorSession()).isEqualTo(expected);
        assertThat(LocalCommandRunner.withEnvironment(Map.of()).operatorSession()).isEmpty();
    }
}
