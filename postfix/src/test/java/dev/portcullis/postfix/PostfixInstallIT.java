package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.MailServerSpec;
import dev.portcullis.Provisioner;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.testing.LinuxTestHost;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A Debian 12 host without Postfix (the test image's packages purged): the plan is computed
 * without postconf, apply installs Postfix from the Debian mirror with "No configuration" (the
 * package writes no main.cf; Portcullis's empty one plus the spec's keys is all there is), starts
 * it and proves it over SMTP; remove uninstalls exactly Postfix and leaves the rest. One container
 * for the class; the tests build on each other in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostfixInstallIT {

    @AutoClose
    static LinuxTestHost host;
    static HostFacts facts;

    @BeforeAll
    static void start() {
        host = LinuxTestHost.start();
        // the packages that depend on Postfix go with it; Dovecot, OpenDKIM and the rest stay
        host.run("dpkg", "--purge", "postfix-policyd-spf-python", "postfix-mysql", "postfix");
        facts = HostFactsGatherer.gather(host.runner());
    }

    static MailServerSpec spec() {
        // 192.168.77.0/24 is trusted; the Docker network this JVM probes from is not: the relay check is real
        return MailServerSpec.forHost("mail.portcullis.test")
                .origin("portcullis.test")
                .acceptMailFor("portcullis.test")
                .trustNetworks("192.168.77.0/24")
                .build();
    }

    static Provisioner provisioner() {
        return Provisioner.on(host.runner()).facts(facts).mailServer("postfix").option("postfix.probe.address", host.address());
    }

    /** For the CI time budget: how long each step took (the install is the mirror's time). */
    private static void printTimes(String what, ApplyReport report) {
        report.steps().forEach(st -> System.out.printf("postfix install %s step %d: %d ms %s%n", what, st.index(),
                st.duration().toMillis(), st.description().substring(0, Math.min(60, st.description().length()))));
        System.out.printf("postfix install %s total: %d ms%n", what, report.duration().toMillis());
    }

    private static int exitCode(String program, String... args) {
        return host.runner().execute(Command.builder(program).args(args).successExitCodes(0, 1, 2).build()).exitCode();
    }

    @Test
    @Order(1)
    void onAHostWithoutPostfixThePlanInstallsItFirstAndIsRefusedWhenInstallingIsOff() {
        assertThat(facts.hasTool("postconf")).isFalse();

        Plan plan = provisioner().plan(spec());

        assertThat(plan.steps().get(0).description())
                .startsWith("install postfix with apt-get (debconf: postfix/main_mailer_type \"No configuration\"");
        assertThat(plan.steps().get(1).description()).startsWith("enable and start postfix");
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("Postfix is not installed: the plan installs it first"));
        assertThatThrownBy(() -> provisioner().option("postfix.install", "false").plan(spec()))
                .hasMessage("the mail server needs postconf, which is not installed, and postfix.install=false: install the"
                        + " package postfix first");
        assertThat(exitCode("test", "-e", "/etc/postfix")).as("planning changed nothing").isEqualTo(1);
    }

    @Test
    @Order(2)
    void applyInstallsPostfixWithoutItsOwnConfigurationStartsItAndProvesItOverSmtp() {
        ApplyReport report = provisioner().apply(spec());

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        printTimes("apply", report);
        assertThat(report.findings().get(0)).startsWith("final check passed")
                .contains("PASS port 25: banner names mail.portcullis.test")
                .contains("PASS port 25: RCPT TO a foreign domain is refused");
        assertThat(host.run("dpkg-query", "-W", "-f", "${Status}", "postfix").stdout()).isEqualTo("install ok installed");
        assertThat(host.run("head", "-n", "1", "/etc/postfix/main.cf").stdout())
                .as("the package wrote no main.cf; Portcullis's empty one is underneath the spec's keys")
                .startsWith("# Written by Portcullis after installing Postfix with \"No configuration\"");
        assertThat(host.run("postconf", "-n").stdout()).doesNotContain("smtpd_banner").doesNotContain("readme_directory")
                .contains("myhostname = mail.portcullis.test");
        assertThat(host.run("cat", "/etc/postfix/portcullis/record").stdout()).contains("package\tapt-get\tpostfix");

        facts = HostFactsGatherer.gather(host.runner());
        ApplyReport again = provisioner().apply(spec());
        assertThat(again.outcome()).as("re-apply on the installed Postfix: %s", again).isEqualTo(ApplyReport.Outcome.UNCHANGED);
    }

    @Test
    @Order(3)
    void removeStopsAndUninstallsExactlyPostfixAndTheRestStays() {
        ApplyReport report = provisioner().remove(spec());

        assertThat(report.outcome()).as(report.toString()).isEqualTo(ApplyReport.Outcome.APPLIED);
        printTimes("remove", report);
        assertThat(exitCode("which", "postconf")).isEqualTo(1);
        assertThat(exitCode("test", "-e", "/etc/postfix")).isEqualTo(1);
        assertThat(exitCode("pgrep", "-x", "master")).as("Postfix's master was stopped before its package went").isEqualTo(1);
        assertThat(host.run("dpkg-query", "-W", "-f", "${Status}", "dovecot-core").stdout())
                .as("what was there before stays").isEqualTo("install ok installed");
    }
}
