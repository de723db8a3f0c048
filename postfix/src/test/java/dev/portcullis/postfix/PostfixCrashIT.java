package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.DataSize;
import dev.portcullis.MailServerSpec;
import dev.portcullis.Provisioner;
import dev.portcullis.Tls;
import dev.portcullis.hoststate.ApplyJournal;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.ChildJvm;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Postfix apply killed with {@code kill -9} at the start of each of its steps, in a JVM of its own:
 * the next apply finds the journal on the host, says what was interrupted, undoes the half change
 * and converges; the running Postfix then serves ports 25 and 587 over the wire; remove restores
 * main.cf and master.cf byte for byte. Two positions are the cases seen on the code before the
 * journal: killed after the files were written but before the reload (the next apply said
 * UNCHANGED and 587 stayed refused), and a first apply killed after main.cf was edited (the
 * recovering apply never wrote applied.sha256, so remove no longer restored main.cf byte for byte).
 */
class PostfixCrashIT {

    static final Path CERT = Path.of("/etc/postfix/tls-crash/mail.pem");
    static final Path KEY = Path.of("/etc/postfix/tls-crash/mail.key");

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;
    static HostFacts facts;
    static String mainCf;
    static String masterCf;
    static List<String> steps;

    @BeforeAll
    static void start() {
        host = LinuxTestHost.start().startPostfix();
        client = host.newClient();
        AdminDovecot.start(host);
        facts = HostFactsGatherer.gather(host.runner());
        mainCf = digest(PostfixPaths.MAIN_CF);
        masterCf = digest(PostfixPaths.MASTER_CF);
        steps = provisioner().plan(spec()).steps().stream().map(Step::description).toList();
    }

    static MailServerSpec spec() {
        return MailServerSpec.forHost("mail.crash.test").origin("crash.test").acceptMailFor("crash.test")
                .trustNetworks("192.168.77.0/24").tls(Tls.selfSigned(CERT, KEY)).submission()
                .maxMessageSize(DataSize.ofMegabytes(20)).build();
    }

    static Map<String, String> options() {
        return Map.of("postfix.probe.address", host.address());
    }

    static Provisioner provisioner() {
        Provisioner.Builder b = Provisioner.builder().runner(host.runner()).facts(facts).mailServer("postfix");
        options().forEach(b::option);
        return b.build();
    }

    static String digest(String path) {
        return host.run("sha256sum", path).stdout().substring(0, 64);
    }

    /**
     * In CI, three of the six positions (CI time): before any change, a first apply after main.cf
     * was edited (master.cf's step had started), and after every file was written but before the
     * reload. {@code -Dportcullis.crash.everyStep=true} walks all six (all passed on 2026-11-30).
     */
    static IntStream stepPositions() {
        return Boolean.getBoolean("portcullis.crash.everyStep") ? IntStream.range(0, 6) : IntStream.of(0, 3, 5);
    }

    @ParameterizedTest(name = "kill -9 at the start of step {0}")
    @MethodSource("stepPositions")
    void anApplyKilledAtAnyStepIsRecoveredByTheNextWhichServesAndRemoveRestoresEveryFileByteForByte(int k) {
        assertThat(steps).as("the plan this test walks").hasSize(6);
        ChildJvm child = ChildJvm.apply(host, spec(), "postfix", k, 0, options());
        assertThat(child.awaitVerdict()).startsWith("HALTED " + k);
        child.kill9();
        assertThat(host.runner().execute(dev.portcullis.exec.Command.of("test", "-s", ApplyJournal.DEFAULT_PATH)).exitCode())
                .as("the killed apply left its journal on the host").isZero();

        if (k == 5) {
            // files written, reload not run: before the journal this verify said 587 refused forever
            VerifyReport drift = provisioner().verify(spec());
            assertThat(drift.converged()).isFalse();
            assertThat(drift.drifts().get(0).actual()).contains("step 6/6 \"" + steps.get(5) + "\" had started");
        }

        ApplyReport recovered = provisioner().apply(spec());

        assertThat(recovered.outcome()).as(recovered.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(recovered.findings()).anyMatch(f -> f.startsWith("WARNING: took over a stale lock")
                && f.contains("pid " + child.pid()));
        assertThat(recovered.findings()).anyMatch(f -> f.startsWith("WARNING: recovered an interrupted apply")
                && f.contains("step " + (k + 1) + "/6 \"" + steps.get(k) + "\" had started"));
        assertThat(recovered.findings()).anyMatch(f -> f.startsWith("final check passed"));
        assertThat(client.smtpBanner(host.address())).contains("mail.crash.test");
        assertThat(client.canConnect(host.address(), 587)).as("587 is served").isTrue();
        assertThat(host.run("test", "-s", PostfixPaths.APPLIED_DIGESTS).exitCode()).as("applied.sha256 written").isZero();
        assertThat(provisioner().verify(spec()).converged()).isTrue();

        ApplyReport removed = provisioner().remove(spec());

        assertThat(removed.outcome()).as(removed.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(digest(PostfixPaths.MAIN_CF)).as("main.cf byte for byte").isEqualTo(mainCf);
        assertThat(digest(PostfixPaths.MASTER_CF)).as("master.cf byte for byte").isEqualTo(masterCf);
        assertThat(host.runner().execute(dev.portcullis.exec.Command.of("test", "-e", PostfixPaths.STATE_DIR)).exitCode())
                .isEqualTo(1);
        assertThat(host.runner().execute(dev.portcullis.exec.Command.of("test", "-e", CERT.toString())).exitCode()).isEqualTo(1);
    }
}
