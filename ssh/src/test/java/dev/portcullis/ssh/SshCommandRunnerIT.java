package dev.portcullis.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.SecretRef;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandFailedException;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.exec.OperatorSession;
import dev.portcullis.testing.LinuxTestHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH runner against a real OpenSSH 9.2 sshd in the test host: exact argv, one connection,
 * host-key refusal, sudo, password login, and a timeout that kills the remote process. The
 * container's own {@code docker exec} runner is the independent witness of what happened there.
 */
class SshCommandRunnerIT {

    @TempDir
    static Path folder;
    static LinuxTestHost host;
    static SshTestLogin login;
    static SshCommandRunner root;

    @BeforeAll
    static void start() {
        host = LinuxTestHost.start();
        login = SshTestLogin.install(host, folder);
        root = login.as("root").connect();
    }

    @AfterAll
    static void stop() {
        if (root != null) {
            root.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    void hostileArgumentsReachTheRemoteProgramUnchanged() {
        assertThat(remoteWords(PosixShellWordsTest.HOSTILE)).containsExactlyElementsOf(PosixShellWordsTest.HOSTILE);
    }

    @Test
    void tenThousandRandomArgumentsReachTheRemoteProgramUnchanged() {
        List<List<String>> batches = PosixShellWordsTest.shellWords().list().ofSize(400).sampleStream().limit(25)
                .collect(Collectors.toList());
        int before = root.channelsOpened();
        for (List<String> batch : batches) {
            assertThat(remoteWords(batch)).containsExactlyElementsOf(batch);
        }
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(10_000);
        assertThat(root.channelsOpened() - before).as("one channel per command").isEqualTo(25);
    }

    @Test
    void everyCommandRunsOnTheOneConnectionEachOnItsOwnChannel() {
        Set<String> clientEnds = new java.util.HashSet<>();
        for (int i = 0; i < 5; i++) {
            clientEnds.add(root.run("printenv", "SSH_CONNECTION").stdout().strip());
        }
        assertThat(clientEnds).as("the same client port every time: no reconnect").hasSize(1);
        String sessions = host.run("pgrep", "-c", "-f", "^sshd: root@").stdout().strip();
        assertThat(sessions).as("sshd processes serving root's sessions").isEqualTo("1");
    }

    @Test
    void standardInputExitCodesAndStreamsAreAsLocally() {
        CommandResult r = root.execute(Command.builder("sh").args("-c", "cat; printf 'err ünïcode' >&2; exit 3")
                .stdin("line one\nünïcode ✓\n").build());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("line one\nünïcode ✓\n");
        assertThat(r.stderr()).isEqualTo("err ünïcode");
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.command().argv()).containsExactly("sh", "-c", "cat; printf 'err ünïcode' >&2; exit 3");
        assertThatThrownBy(() -> root.run("false")).isInstanceOf(CommandFailedException.class).hasMessageContaining("exit 1");
        assertThat(root.run(Command.builder("cat").timeout(Duration.ofSeconds(20)).build()).stdout())
                .as("standard input is closed when there is none").isEmpty();
        assertThat(root.run("locale").stdout()).contains("LC_ALL=C.UTF-8");
        assertThat(root.run("pwd").stdout()).as("commands run in /, as through docker exec").isEqualTo("/\n");
    }

    @Test
    void aMissingProgramIsARunnerExceptionAsLocally() {
        assertThatThrownBy(() -> root.execute(Command.of("/nonexistent/portcullis-no-such-program")))
                .isInstanceOf(CommandRunnerException.class).hasMessageContaining("could not start")
                .hasMessageContaining("ssh root@" + host.address());
    }

    @Test
    void aTimeoutKillsTheRemoteProcessNotJustTheChannel() {
        CommandResult r = root.execute(Command.builder("sh").args("-c", "sleep 317 & sleep 318; echo done")
                .timeout(Duration.ofSeconds(2)).build());
        assertThat(r.timedOut()).as(r.toString()).isTrue();
        assertThat(r.isSuccess()).isFalse();
        assertThat(r.stdout()).doesNotContain("done");
        assertThat(r.duration()).isLessThan(Duration.ofSeconds(15));
        assertThat(remoteSleeps()).as("no sleep left on the host").isEmpty();
    }

    @Test
    void aTimeoutUnderSudoKillsTheRemoteProcessToo() {
        try (SshCommandRunner deploy = login.as("deploy").connect()) {
            CommandResult r = deploy.privileged().execute(Command.builder("sleep").arg("319")
                    .timeout(Duration.ofSeconds(2)).build());
            assertThat(r.timedOut()).as(r.toString()).isTrue();
        }
        assertThat(remoteSleeps()).as("no sleep left on the host").isEmpty();
    }

    @Test
    void refusesAnUnknownHostKeyNamingItsFingerprint() throws Exception {
        Path empty = Files.writeString(folder.resolve("empty_known_hosts"), "");
        HostKeyRefusedException refused = (HostKeyRefusedException) catchThrowable(
                () -> login.as("root").knownHosts(empty).connect());

        assertThat(hostFingerprints()).contains(refused.fingerprint());
        assertThat(refused.changed()).isFalse();
        assertThat(refused).hasMessageContaining("is not in " + empty).hasMessageContaining(refused.fingerprint());

        try (SshCommandRunner trusted = login.as("root").knownHosts(empty).trustHostKey(refused.fingerprint()).connect()) {
            assertThat(trusted.run("id", "-un").stdout().strip()).isEqualTo("root");
        }
    }

    @Test
    void refusesAChangedHostKeyAsPossibleAttack() throws Exception {
        // known_hosts records other keys of every type this client can negotiate: an attacker's host.
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String forged = host.address() + " " + PublicKeyEntry.toString(SshTestLogin.newKeyPair().getPublic()) + "\n"
                + host.address() + " " + PublicKeyEntry.toString(rsa.generateKeyPair().getPublic()) + "\n";
        Path known = Files.writeString(folder.resolve("forged_known_hosts"), forged);

        Throwable refused = catchThrowable(() -> login.as("root").knownHosts(known).connect());

        assertThat(refused).isInstanceOf(HostKeyRefusedException.class);
        HostKeyRefusedException e = (HostKeyRefusedException) refused;
        assertThat(hostFingerprints()).contains(e.fingerprint());
        assertThat(e.changed()).isTrue();
        assertThat(e).hasMessageContaining("CHANGED").hasMessageContaining("attack").hasMessageContaining(e.fingerprint());
    }

    @Test
    void aUserWithPasswordlessSudoRunsPrivilegedCommands() {
        try (SshCommandRunner deploy = login.as("deploy").connect()) {
            assertThat(deploy.run("id", "-un").stdout().strip()).isEqualTo("deploy");
            assertThat(deploy.privileged().run("id", "-u").stdout().strip()).isEqualTo("0");
            assertThat(deploy.privileged().run(Command.builder("cat").stdin("through sudo\n").build()).stdout())
                    .isEqualTo("through sudo\n");
        }
    }

    @Test
    void sudoThatWantsAPasswordIsAClearError() {
        try (SshCommandRunner ops = login.as("ops").connect()) {
            assertThat(ops.privileged()).isNotSameAs(ops);
            assertThatThrownBy(() -> ops.privileged().execute(Command.of("iptables-save")))
                    .isInstanceOf(CommandRunnerException.class)
                    .hasMessageContaining("sudo on ssh ops@" + host.address() + ":22 wants a password")
                    .hasMessageContaining("iptables-save");
        }
    }

    @Test
    void logsInWithAPasswordFromASecretRefThatNeverShows() throws Exception {
        String password = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        host.runner().run(Command.builder("chpasswd").sensitiveStdin("ops:" + password + "\n").build());
        Path secret = folder.resolve("ops-password");
        Files.writeString(secret, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path wrongSecret = folder.resolve("wrong-password");
        Files.writeString(wrongSecret, "not-" + password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(wrongSecret, PosixFilePermissions.fromString("rw-------"));
        SshHost ops = new SshHost("ops", host.address(), 22);

        try (SshCommandRunner byPassword = SshCommandRunner.to(ops).knownHosts(login.knownHosts())
                .password(SecretRef.file(secret)).connect()) {
            assertThat(byPassword.run("id", "-un").stdout().strip()).isEqualTo("ops");
        }
        Throwable wrong = catchThrowable(() -> SshCommandRunner.to(ops).knownHosts(login.knownHosts())
                .password(SecretRef.file(wrongSecret)).connect());
        assertThat(wrong).isInstanceOf(CommandRunnerException.class).hasMessageContaining("could not log in to ops@");
        assertThat(stackText(wrong)).doesNotContain(password);
    }

    @Test
    void logsInWithOnlyTheKeyAnSshAgentHolds() throws Exception {
        SshHost deploy = new SshHost("deploy", host.address(), 22);
        try (SshTestAgent agent = SshTestAgent.start(Files.createDirectories(folder.resolve("agent-with-key")))
                .add(login.identity());
                SshCommandRunner byAgent = SshCommandRunner.to(deploy).knownHosts(login.knownHosts()).agent(agent.socket())
                        .connect()) {
            assertThat(byAgent.run("id", "-un").stdout().strip()).isEqualTo("deploy");
            assertThat(byAgent.privileged().run("id", "-u").stdout().strip()).isEqualTo("0");
        }
    }

    @Test
    void anAgentWithoutAnAcceptedKeyIsAClearError() throws Exception {
        SshHost deploy = new SshHost("deploy", host.address(), 22);
        Path strangerKey = folder.resolve("stranger_ecdsa");
        try (java.io.OutputStream out = Files.newOutputStream(strangerKey)) {
            org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
                    .writePrivateKey(SshTestLogin.newKeyPair(), "stranger", null, out);
        }
        try (SshTestAgent empty = SshTestAgent.start(Files.createDirectories(folder.resolve("agent-empty")));
                SshTestAgent stranger = SshTestAgent.start(Files.createDirectories(folder.resolve("agent-stranger")))
                        .add(strangerKey)) {
            assertThatThrownBy(() -> SshCommandRunner.to(deploy).knownHosts(login.knownHosts()).agent(empty.socket()).connect())
                    .isInstanceOf(CommandRunnerException.class).hasMessageContaining("could not log in to deploy@")
                    .hasMessageContaining("the SSH agent at " + empty.socket() + " holds no key");
            assertThatThrownBy(() -> SshCommandRunner.to(deploy).knownHosts(login.knownHosts()).agent(stranger.socket())
                    .connect())
                    .isInstanceOf(CommandRunnerException.class)
                    .hasMessageContaining("deploy@" + host.address() + " accepted none of the 1 key(s) the SSH agent at "
                            + stranger.socket() + " holds");
        }
        Path stale = folder.resolve("agent-empty").resolve("agent.sock");
        assertThatThrownBy(() -> SshCommandRunner.to(deploy).knownHosts(login.knownHosts()).agent(stale).connect())
                .isInstanceOf(CommandRunnerException.class).hasMessageStartingWith("agent: no SSH agent answers at " + stale);
    }

    @Test
    void theOperatorSessionIsThisConnectionAsTheServerSeesIt() {
        OperatorSession session = root.operatorSession().orElseThrow();
        assertThat(session.serverPort()).isEqualTo(22);
        assertThat(host.network().contains(session.clientAddress())).as(session.clientAddress()).isTrue();
        String established = host.run("ss", "-Htn", "state", "established", "( sport = :22 )").stdout();
        assertThat(established).contains(session.clientAddress() + ":");
        try (SshCommandRunner deploy = login.as("deploy").connect()) {
            CommandRunner privileged = deploy.privileged();
            assertThat(privileged.operatorSession()).map(OperatorSession::serverPort).hasValue(22);
        }
    }

    @Test
    void refusesEnvironmentVariablesRatherThanShowOrDropThem() {
        assertThatThrownBy(() -> root.execute(Command.builder("printenv").arg("MYSQL_PWD").env("MYSQL_PWD", "hunter2").build()))
                .isInstanceOf(CommandRunnerException.class).hasMessageContaining("[MYSQL_PWD]")
                .hasMessageNotContaining("hunter2");
    }

    private static List<String> remoteWords(List<String> words) {
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(words);
        String out = root.run(Command.of(argv)).stdout();
        assertThat(out).endsWith("\0");
        return Arrays.asList(out.substring(0, out.length() - 1).split("\0", -1));
    }

    private static List<String> remoteSleeps() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> sleeps;
        do {
            sleeps = host.run("ps", "-eo", "args").stdout().lines().filter(l -> l.matches("sleep 31[789]")).toList();
        } while (!sleeps.isEmpty() && System.nanoTime() < deadline);
        return sleeps;
    }

    /** The host's key fingerprints as OpenSSH itself prints them there: an independent witness. */
    private static Set<String> hostFingerprints() {
        Set<String> fingerprints = new java.util.HashSet<>();
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            String line = host.run("ssh-keygen", "-lf", "/etc/ssh/ssh_host_" + type + "_key.pub").stdout();
            fingerprints.add(line.split(" ")[1]);
        }
        return fingerprints;
    }

    private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.catchThrowable(call);
    }

    private static String stackText(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
