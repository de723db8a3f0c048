package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.DkimSigning;
import dev.portcullis.MailServerSpec;
import dev.portcullis.Provisioner;
import dev.portcullis.SpfPolicy;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.InjectedFailure;
import dev.portcullis.testing.LinuxTestHost;
import dev.portcullis.testing.TestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * DKIM signing and SPF checks on a live Debian 12 host (Postfix 3.7, OpenDKIM 2.11,
 * postfix-policyd-spf-python 3.0): a client container serves DNS (dnsmasq: the sink's address
 * and the SPF records of two sender domains) and runs an SMTP sink the server relays to. Mail
 * sent through the server arrives signed at the sink and dkimpy verifies the signature against the
 * TXT record the plan says to publish; a sender whose SPF record excludes the client is refused
 * with 550, one whose record allows it is delivered with a {@code Received-SPF: Pass} header.
 * Rollback at every step position and remove put every file back. One container pair for the
 * class; the tests build on each other in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DkimAndSpfIT {

    static final String KEY = "/etc/opendkim/portcullis/s2026.private";
    static final String SELECTOR_NAME = "s2026._domainkey.portcullis.test.";

    @AutoClose
    static LinuxTestHost host;
    static TestClient client;
    static HostFacts facts;
    static String originalOpenDkimConf;

    @BeforeAll
    static void start() {
        host = LinuxTestHost.start().startPostfix();
        client = host.newClient();
        facts = HostFactsGatherer.gather(host.runner());
        String c = client.address();
        // answers for portcullis.test itself; forwards the rest (deb.debian.org, for the install) to Docker's resolver
        run(client.runner(), Command.of("dnsmasq", "--no-hosts", "--bind-interfaces", "--listen-address=" + c,
                "--pid-file=/tmp/dnsmasq.pid", "--local=/portcullis.test/",
                "--address=/sink.portcullis.test/" + c,
                "--txt-record=spf-fail.portcullis.test,v=spf1 -all",
                "--txt-record=spf-pass.portcullis.test,v=spf1 ip4:" + c + " -all"));
        write(client.runner(), "/tmp/sink.py", resource("dkim/sink.py"));
        write(client.runner(), "/tmp/verify.py", resource("dkim/verify.py"));
        // matched by its own pid file: the tests' exec agent is a python3 process already running there
        run(client.runner(), Command.of("start-stop-daemon", "--start", "--background", "--make-pidfile", "--pidfile",
                "/tmp/sink.pid", "--exec", "/usr/bin/python3", "--", "/tmp/sink.py", c, "25", "/tmp/sink"));
        // the host resolves through the client's dnsmasq, inside Postfix's chroot too
        write(host.runner(), "/etc/resolv.conf", "nameserver " + c + "\n");
        host.run("mkdir", "-p", "/var/spool/postfix/etc");
        host.run("cp", "/etc/resolv.conf", "/var/spool/postfix/etc/resolv.conf");
        originalOpenDkimConf = digest("/etc/opendkim.conf");
    }

    static MailServerSpec spec() {
        return MailServerSpec.forHost("mail.portcullis.test")
                .origin("portcullis.test")
                .acceptMailFor("portcullis.test")
                .relayHost("sink.portcullis.test", 25)
                .dkim(DkimSigning.builder().selector("s2026").build())
                .spf(SpfPolicy.REJECT_FAIL)
                .build();
    }

    static Provisioner provisioner() {
        return Provisioner.on(host.runner()).facts(facts).mailServer("postfix").option("postfix.probe.address", host.address());
    }

    /**
     * The steps DKIM and SPF add or change; the others (backup, main.cf, applied digests, reload) are
     * the same steps {@code PostfixBackendIT} already fails at every position, so they are not
     * repeated here (each position costs a whole apply and rollback).
     */
    static final List<String> OWN_STEPS = List.of("keep /etc/opendkim.conf", "generate the 2048-bit RSA DKIM key",
            "write map files", "opendkim -n, then restart OpenDKIM", "set master.cf services");

    @Test
    @Order(1)
    void rollsBackFromEveryStepDkimAndSpfAddToTheFirstApply() {
        Plan plan = provisioner().plan(spec());
        String before = host.run("sha256sum", "/etc/postfix/main.cf", "/etc/postfix/master.cf", "/etc/opendkim.conf").stdout();
        List<Integer> positions = new java.util.ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            String description = plan.steps().get(i).description();
            if (OWN_STEPS.stream().anyMatch(description::startsWith)) {
                positions.add(i);
            }
        }
        assertThat(positions).as("%s", plan.render()).hasSameSizeAs(OWN_STEPS);

        for (int step : positions) {
            ApplyReport report = PlanExecutor.on(host.runner()).execute(InjectedFailure.probeFailsAt(plan, step));

            assertThat(report.outcome()).as("failure at step %d: %s", step, report).isEqualTo(ApplyReport.Outcome.ROLLED_BACK);
            assertThat(report.findings()).as("step %d", step).anyMatch(f -> f.startsWith("after rollback, host is as before"));
            assertThat(host.run("sha256sum", "/etc/postfix/main.cf", "/etc/postfix/master.cf", "/etc/opendkim.conf").stdout())
                    .as("main.cf, master.cf, opendkim.conf after failure at step %d", step).isEqualTo(before);
            assertThat(host.runner().execute(Command.builder("ls").args("-d", "/etc/opendkim/portcullis", "/etc/postfix/portcullis",
                    "/etc/postfix/portcullis-policyd-spf.conf").successExitCodes(0, 2).build()).stdout())
                    .as("Portcullis's folders and files after failure at step %d", step).isEmpty();
            assertThat(running("opendkim")).as("OpenDKIM stopped again after failure at step %d", step).isFalse();
        }
    }

    @Test
    @Order(2)
    void appliesWithTheMissingPolicyServerInstalledAndTheKeyNeverShownAndOwnedByOpendkim() {
        // one small package missing (its dependencies stay): apply installs it from the Debian mirror
        host.run("apt-get", "purge", "-y", "-q", "postfix-policyd-spf-python");
        facts = HostFactsGatherer.gather(host.runner());
        assertThat(facts.hasTool("policyd-spf")).isFalse();
        Plan plan = provisioner().plan(spec());
        assertThat(plan.render()).contains("DNS to publish: " + SELECTOR_NAME + " IN TXT (the public key")
                .contains("check_policy_service unix:private/policyd-spf")
                .contains("install postfix-policyd-spf-python with apt-get");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Provisioner.on(host.runner()).facts(facts).mailServer("postfix")
                .option("postfix.install", "false").plan(spec()))
                .hasStackTraceContaining("postfix.install=false: install the package postfix-policyd-spf-python first");

        ApplyReport report = provisioner().apply(spec());

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        report.steps().forEach(st -> System.out.printf("dkim+spf apply step %d: %d ms %s%n", st.index(), st.duration().toMillis(),
                st.description().substring(0, Math.min(60, st.description().length()))));
        System.out.printf("dkim+spf apply total: %d ms%n", report.duration().toMillis());
        assertThat(host.run("stat", "-c", "%a %U %G", KEY).stdout().strip()).isEqualTo("600 opendkim opendkim");
        assertThat(host.run("stat", "-c", "%a %U", "/etc/opendkim/portcullis").stdout().strip()).isEqualTo("700 opendkim");
        String privateBase64 = host.run("sed", "-n", "2p", KEY).stdout().strip();
        assertThat(privateBase64).hasSizeGreaterThan(40);
        assertThat(plan.render() + report.toString()).doesNotContain(privateBase64);
        assertThat(host.run("openssl", "pkey", "-in", KEY, "-text", "-noout").stdout()).contains("2048 bit");
        assertThat(running("opendkim")).isTrue();
        assertThat(host.run("which", "policyd-spf").stdout()).contains("/usr/bin/policyd-spf");
        facts = HostFactsGatherer.gather(host.runner()); // a new Provisioner for the next tests sees the installed package
        assertThat(host.run("cat", "/etc/postfix/portcullis/record").stdout()).contains("package\tapt-get\tpostfix-policyd-spf-python");
        assertThat(host.run("postconf", "-h", "smtpd_recipient_restrictions").stdout().strip())
                .isEqualTo("permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination,"
                        + " check_policy_service unix:private/policyd-spf");
    }

    @Test
    @Order(3)
    void reapplyIsUnchangedAndShowsTheDkimRecordToPublish() {
        ApplyReport report = provisioner().apply(spec());

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        assertThat(dkimRecord(report.notes())).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN");
        assertThat(provisioner().verify(spec()).converged()).isTrue();
    }

    @Test
    @Order(4)
    void mailSentThroughTheServerArrivesSignedAndTheSignatureVerifiesAgainstThePublishedKey() {
        write(client.runner(), "/tmp/dkim.txt", dkimRecord(provisioner().plan(spec()).notes()));

        // from the server itself (loopback is an internal host: its mail is signed) to the sink
        host.run("swaks", "--server", "127.0.0.1", "--from", "alice@portcullis.test", "--to", "bob@sink.portcullis.test",
                "--header", "Subject: signed by Portcullis", "--body", "Hello from the DKIM test.");

        String message = awaitFile(client.runner(), "/tmp/sink/0.eml");
        assertThat(message).contains("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=portcullis.test;")
                .contains("s=s2026;");
        assertThat(verify("/tmp/sink/0.eml")).as("signature verifies against the published key").isEqualTo("True");
        assertThat(verify("/tmp/sink/0.eml", "Subject: signed by Portcullis")).as("an altered message does not")
                .isEqualTo("False");
    }

    @Test
    @Order(5)
    void aSenderWhoseSpfRecordExcludesTheClientIsRefusedAndOneItAllowsIsMarked() {
        String refused = client.runner().execute(Command.of("swaks", "--server", host.address(), "--ehlo", "client.portcullis.test",
                "--from", "someone@spf-fail.portcullis.test", "--to", "deploy@portcullis.test", "--quit-after", "RCPT"))
                .stdout();
        assertThat(refused).containsPattern("<\\*\\* +550 5\\.7\\.23 .*SPF");

        String accepted = client.runner().run("swaks", "--server", host.address(), "--ehlo", "client.portcullis.test",
                "--from", "someone@spf-pass.portcullis.test", "--to", "deploy@portcullis.test",
                "--header", "Subject: spf pass").stdout();
        assertThat(accepted).contains("<-  250 2.0.0 Ok: queued");
        String mailbox = awaitContent(host.runner(), "/var/mail/deploy", "Subject: spf pass");
        assertThat(mailbox).contains("Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=" + client.address());
    }

    @Test
    @Order(6)
    void removePutsBackThePackagesOpendkimConfDeletesTheKeysAndUninstallsWhatApplyInstalled() {
        ApplyReport report = provisioner().remove(spec());
        report.steps().forEach(st -> System.out.printf("dkim+spf remove step %d: %d ms %s%n", st.index(), st.duration().toMillis(),
                st.description().substring(0, Math.min(60, st.description().length()))));

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        assertThat(digest("/etc/opendkim.conf")).isEqualTo(originalOpenDkimConf);
        assertThat(exists("/etc/opendkim/portcullis")).isFalse();
        assertThat(exists("/etc/postfix/portcullis-policyd-spf.conf")).isFalse();
        assertThat(host.run("postconf", "-M").stdout()).doesNotContain("policyd-spf");
        assertThat(host.runner().execute(Command.builder("which").arg("policyd-spf").successExitCodes(0, 1).build()).exitCode())
                .as("the package apply installed is uninstalled").isEqualTo(1);
        assertThat(host.run("dpkg-query", "-W", "-f", "${Status}", "python3-spf").stdout())
                .as("what was there before stays").isEqualTo("install ok installed");
        assertThat(host.run("postconf", "-n").stdout()).doesNotContain("milter").doesNotContain("policyd-spf");
    }

    private static String verify(String message, String... alter) {
        List<String> argv = new java.util.ArrayList<>(List.of("python3", "/tmp/verify.py", message, SELECTOR_NAME, "/tmp/dkim.txt"));
        argv.addAll(List.of(alter));
        return client.runner().run(Command.of(argv)).stdout().strip();
    }

    /** The DKIM TXT record from the plan's notes, its strings joined as a resolver returns them. */
    static String dkimRecord(List<String> notes) {
        String note = notes.stream().filter(n -> n.startsWith("DNS to publish: " + SELECTOR_NAME + " IN TXT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no DKIM record among " + notes));
        String value = note.substring(("DNS to publish: " + SELECTOR_NAME + " IN TXT ").length(), note.indexOf(" ; "));
        StringBuilder joined = new StringBuilder();
        Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(value);
        while (m.find()) {
            joined.append(m.group(1));
        }
        return joined.toString();
    }

    private static boolean running(String program) {
        return host.runner().execute(Command.builder("pgrep").args("-x", program).successExitCodes(0, 1).build()).exitCode() == 0;
    }

    private static boolean exists(String path) {
        return host.runner().execute(Command.builder("test").args("-e", path).successExitCodes(0, 1).build()).exitCode() == 0;
    }

    private static String digest(String path) {
        return host.run("sha256sum", path).stdout().substring(0, 64);
    }

    private static void run(CommandRunner runner, Command command) {
        runner.run(command);
    }

    private static void write(CommandRunner runner, String path, String content) {
        runner.run(Command.builder("tee").args(path).stdin(content).build());
    }

    private static String resource(String name) {
        try (InputStream in = DkimAndSpfIT.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String awaitFile(CommandRunner runner, String path) {
        return awaitContent(runner, path, "");
    }

    /** Polls (no fixed sleep) until the file exists and holds the text, for at most 30 s. */
    private static String awaitContent(CommandRunner runner, String path, String text) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            CommandResult r = runner.execute(Command.builder("cat").args("--", path).successExitCodes(0, 1).build());
            if (r.exitCode() == 0 && r.stdout().contains(text)) {
                return r.stdout();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(path + " does not hold '" + text + "' after 30 s; mail log:\n"
                        + host.runner().execute(Command.builder("tail").args("-n", "40", "/var/log/postfix.log")
                                .successExitCodes(0, 1).build()).stdout());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
