package dev.portcullis.postfix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.DkimSigning;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SpfPolicy;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Step;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.HostFacts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageInstallTest {

    static final MailServerSpec BOTH = Specs.typical().dkim(DkimSigning.defaults()).spf(SpfPolicy.REJECT_FAIL).build();

    static HostFacts host(String distro, String... tools) {
        HostFacts.Builder b = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).effectiveUid(0).tools(tools);
        return distro.equals("debian") ? b.distro("debian", "12").build() : b.distro("rocky", "9").distroLike("rhel", "centos", "fedora").build();
    }

    static BackendContext context(HostFacts facts, Map<String, String> options) {
        return new BackendContext(new dev.portcullis.exec.RecordingCommandRunner(), facts, options);
    }

    static final FileDigests NO_FILES = FileDigests.parse("");

    static Map<String, String> missing(MailServerSpec spec, HostFacts facts) {
        return PackageInstall.missing(spec, context(facts, Map.of()), NO_FILES);
    }

    @Test
    void installsOnlyWhatIsMissingWithTheDistributionsPackageNames() {
        assertThat(missing(BOTH, host("debian", "postconf", "apt-get", "opendkim")))
                .containsExactly(Map.entry("policyd-spf", "postfix-policyd-spf-python"));
        assertThat(missing(BOTH, host("rhel", "postconf", "dnf")))
                .containsExactly(Map.entry("opendkim", "opendkim"), Map.entry("policyd-spf", "pypolicyd-spf"));
        assertThat(missing(Specs.typical().build(), host("debian", "postconf", "apt-get"))).isEmpty();
    }

    @Test
    void installsPostfixItselfWhenPostconfIsMissingFirstOfAll() {
        assertThat(missing(BOTH, host("debian", "apt-get", "opendkim", "policyd-spf")))
                .containsExactly(Map.entry("postconf", "postfix"));
        assertThat(missing(BOTH, host("rhel", "dnf")))
                .containsExactly(Map.entry("postconf", "postfix"), Map.entry("opendkim", "opendkim"),
                        Map.entry("policyd-spf", "pypolicyd-spf"));
    }

    @Test
    void installsPostfixMysqlOnlyWhenMailboxesComeFromMysqlAndItsModuleIsAbsent() {
        MailServerSpec mysql = Specs.mysql(dev.portcullis.SecretRef.env("DB_PASSWORD"));

        assertThat(missing(mysql, host("debian", "postconf", "apt-get")))
                .containsExactly(Map.entry("/usr/lib/postfix/postfix-mysql.so", "postfix-mysql"));
        assertThat(missing(mysql, host("rhel", "postconf", "dnf")))
                .containsExactly(Map.entry("/usr/lib64/postfix/postfix-mysql.so", "postfix-mysql"));
        FileDigests moduleThere = FileDigests.parse("a".repeat(64) + "  /usr/lib/postfix/postfix-mysql.so\n");
        assertThat(PackageInstall.missing(mysql, context(host("debian", "postconf", "apt-get"), Map.of()), moduleThere))
                .isEmpty();
        assertThat(missing(Specs.typical().build(), host("debian", "postconf", "apt-get"))).isEmpty();
        assertThat(PostfixPlanner.watchedPaths(mysql)).contains("/usr/lib/postfix/postfix-mysql.so",
                "/usr/lib64/postfix/postfix-mysql.so");
        assertThat(PostfixPlanner.watchedPaths(Specs.typical().build())).noneMatch(p -> p.endsWith("postfix-mysql.so"));
    }

    @Test
    void installsDovecotOnlyWhenItIsTheSaslServerPortcullisSetsUp() {
        MailServerSpec.Builder withLogin = Specs.typical();
        Specs.withLogin(withLogin);
        MailServerSpec dovecot = withLogin.build();

        assertThat(missing(dovecot, host("debian", "postconf", "apt-get"))).containsExactly(Map.entry("dovecot", "dovecot-core"));
        assertThat(missing(dovecot, host("rhel", "postconf", "dnf"))).containsExactly(Map.entry("dovecot", "dovecot"));
        assertThat(missing(dovecot, host("debian", "postconf", "apt-get", "dovecot"))).isEmpty();
        // submission without logins hands them to a SASL server of the admin's: nothing to install
        assertThat(missing(Specs.typical().build(), host("debian", "postconf", "apt-get"))).isEmpty();
    }

    @Test
    void refusesNamingThePackageWhenInstallingIsOffOrThereIsNoPackageManager() {
        assertThatThrownBy(() -> PackageInstall.missing(BOTH, context(host("debian", "postconf", "apt-get", "policyd-spf"),
                Map.of("postfix.install", "false")), NO_FILES))
                .hasMessage("DKIM signing needs opendkim, which is not installed, and postfix.install=false: install the package"
                        + " opendkim first");
        assertThatThrownBy(() -> PackageInstall.missing(BOTH, context(host("rhel", "dnf", "opendkim", "policyd-spf"),
                Map.of("postfix.install", "false")), NO_FILES))
                .hasMessage("the mail server needs postconf, which is not installed, and postfix.install=false: install the"
                        + " package postfix first");
        assertThatThrownBy(() -> PackageInstall.missing(BOTH, context(host("debian", "postconf", "opendkim"), Map.of()), NO_FILES))
                .hasMessageContaining("neither apt-get nor dnf: install the package postfix-policyd-spf-python (Debian) or"
                        + " pypolicyd-spf (RHEL) first");
    }

    @Test
    void theStepInstallsNonInteractivelyAndItsUndoPurgesExactlyThosePackages() {
        Step step = PackageInstall.install("apt-get", Map.of("policyd-spf", "postfix-policyd-spf-python"));

        assertThat(step.action().commands()).extracting(Command::argv).containsExactly(
                List.of("apt-get", "-q", "update"),
                List.of("apt-get", "-q", "-y", "--no-install-recommends", "install", "postfix-policyd-spf-python"));
        assertThat(step.action().commands()).allSatisfy(c -> assertThat(c.environment())
                .containsEntry("DEBIAN_FRONTEND", "noninteractive"));
        assertThat(step.undo().action().orElseThrow().commands()).extracting(Command::argv).containsExactly(
                List.of("apt-get", "-q", "-y", "--no-install-recommends", "purge", "postfix-policyd-spf-python"));
        assertThat(PackageInstall.install("dnf", Map.of("opendkim", "opendkim")).action().commands()).extracting(Command::argv)
                .containsExactly(List.of("dnf", "-y", "install", "opendkim"));
    }

    @Test
    void postfixOnDebianIsInstalledWithNoConfigurationThenAnEmptyMainCfAndItsUndoStopsItBeforeThePurge() {
        Map<String, String> missing = new java.util.LinkedHashMap<>();
        missing.put("postconf", "postfix");
        missing.put("/usr/lib/postfix/postfix-mysql.so", "postfix-mysql");
        Step step = PackageInstall.install("apt-get", missing, true);

        List<Command> c = step.action().commands();
        assertThat(c.get(0).argv()).containsExactly("debconf-set-selections");
        assertThat(new String(c.get(0).stdin().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("postfix postfix/main_mailer_type select No configuration\n");
        assertThat(c.get(2).argv()).containsExactly("apt-get", "-q", "-y", "--no-install-recommends", "install", "postfix",
                "postfix-mysql");
        assertThat(c.get(2).environment()).containsEntry("DEBIAN_FRONTEND", "noninteractive");
        assertThat(c.get(3).argv()).containsExactly("install", "-m", "0644", "-o", "root", "-g", "root", "/dev/stdin",
                "/etc/postfix/main.cf");
        assertThat(new String(c.get(3).stdin().orElseThrow(), java.nio.charset.StandardCharsets.UTF_8).lines())
                .allMatch(l -> l.startsWith("#"));
        assertThat(c.get(4).argv()).containsExactly("newaliases");
        assertThat(step.probe().commands()).extracting(Command::argv).containsExactly(List.of("which", "postconf"),
                List.of("ls", "-d", "--", "/usr/lib/postfix/postfix-mysql.so"));
        assertThat(step.undo().action().orElseThrow().commands()).extracting(Command::argv).containsExactly(
                List.of("postfix", "stop"),
                List.of("apt-get", "-q", "-y", "--no-install-recommends", "purge", "postfix", "postfix-mysql"));

        // a main.cf left behind (removed, not purged) is kept; RHEL's package brings its own
        assertThat(PackageInstall.install("apt-get", missing, false).action().commands()).extracting(Command::argv)
                .noneMatch(a -> a.contains("/etc/postfix/main.cf") || a.contains("newaliases"));
        assertThat(PackageInstall.install("dnf", Map.of("postconf", "postfix"), true).action().commands())
                .extracting(Command::argv).containsExactly(List.of("dnf", "-y", "install", "postfix"));
    }

    @Test
    void removeUninstallsPostfixLastAndStopsEachDaemonBeforeItsPackageGoes() {
        Map<String, String> recorded = new java.util.LinkedHashMap<>();
        recorded.put("postfix", "apt-get");
        recorded.put("dovecot-core", "apt-get");
        recorded.put("postfix-mysql", "apt-get");

        List<Step> steps = PackageInstall.uninstallAll(recorded);

        assertThat(steps).extracting(Step::description).containsExactly(
                "uninstall dovecot-core with apt-get (Portcullis installed it)",
                "uninstall postfix-mysql with apt-get (Portcullis installed it)",
                "uninstall postfix with apt-get (Portcullis installed it)");
        assertThat(steps.get(0).action().commands().get(0).argv()).containsExactly("doveadm", "stop");
        assertThat(steps.get(1).probe().commands()).extracting(Command::argv)
                .containsExactly(List.of("ls", "-d", "--", "/usr/lib/postfix/postfix-mysql.so"));
        assertThat(steps.get(2).action().commands()).extracting(Command::argv).containsExactly(List.of("postfix", "stop"),
                List.of("apt-get", "-q", "-y", "--no-install-recommends", "purge", "postfix"));
    }

    @Test
    void theServicesOfTheInstalledPackagesAreEnabledAndStarted() {
        Map<String, String> missing = new java.util.LinkedHashMap<>();
        missing.put("postconf", "postfix");
        missing.put("/usr/lib/postfix/postfix-mysql.so", "postfix-mysql");
        missing.put("dovecot", "dovecot-core");
        missing.put("policyd-spf", "postfix-policyd-spf-python");

        assertThat(PackageInstall.services(missing)).containsExactly("postfix", "dovecot");
        assertThat(PackageInstall.services(Map.of("opendkim", "opendkim"))).containsExactly("opendkim");
        assertThat(PackageInstall.services(Map.of("policyd-spf", "pypolicyd-spf"))).isEmpty();
    }

    @Test
    void theInstallComesRightAfterTheBackupIsRecordedAndRemoveUninstallsIt() {
        Plan plan = PostfixPlanner.plan(BOTH, Specs.stock(), PostfixPlannerTest.NO_PROBE, "apt-get",
                Map.of("opendkim", "opendkim"));

        assertThat(plan.steps().get(1).description()).startsWith("install opendkim with apt-get");
        OwnershipRecord record = PostfixPlannerTest.recordWritten(plan).orElseThrow();
        assertThat(record.packages()).containsExactly(Map.entry("opendkim", "apt-get"));
        assertThat(OwnershipRecord.parse(record.render())).isEqualTo(record);

        PostfixSnapshot applied = Specs.snapshot(Specs.stock().parameters(), Specs.stock().services(), Specs.stock().files(),
                record);
        Plan removal = PostfixRemovalPlanner.plan(BOTH, applied);
        assertThat(removal.steps()).anySatisfy(s -> assertThat(s.description()).startsWith("uninstall opendkim with apt-get"));
        assertThat(removal.commands()).extracting(Command::argv)
                .contains(List.of("apt-get", "-q", "-y", "--no-install-recommends", "purge", "opendkim"));
    }

    @Test
    void onAHostWithoutPostfixThePlanInstallsAndStartsItBeforeTheBackupAndSetsEveryKeyOfTheSpec() {
        MailServerSpec spec = Specs.typical().build();
        FileDigests certificateOnly = FileDigests.parse("a".repeat(64) + "  " + Specs.CERT + "\n" + "b".repeat(64) + "  " + Specs.KEY + "\n");
        PostfixSnapshot bare = Specs.snapshot(Map.of(), Map.of(), certificateOnly, OwnershipRecord.empty()).withoutPostfix();

        Plan plan = PostfixPlanner.plan(spec, bare, PostfixPlannerTest.NO_PROBE, "apt-get", Map.of("postconf", "postfix"));

        assertThat(plan.steps()).extracting(Step::description).element(0).asString()
                .startsWith("install postfix with apt-get (debconf: postfix/main_mailer_type \"No configuration\"");
        assertThat(plan.steps().get(1).description()).startsWith("enable and start postfix with systemctl enable --now");
        assertThat(plan.steps().get(2).description()).startsWith("back up main.cf, master.cf");
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("Postfix is not installed: the plan installs it first"));
        long keys = PostfixSettings.mainCf(spec).values().stream().filter(v -> !v.isBlank()).count();
        assertThat(plan.steps()).anySatisfy(st -> assertThat(st.description()).startsWith("set " + keys + " main.cf parameters"));
        assertThat(plan.steps()).anySatisfy(st -> assertThat(st.description()).startsWith("set master.cf services: submission/inet"));
        assertThat(PostfixPlannerTest.recordWritten(plan).orElseThrow().packages()).containsExactly(Map.entry("postfix", "apt-get"));
        // the backup compares its copies of the files the install left with the live files, not the snapshot
        assertThat(plan.steps().get(2).probe().commands().get(0).argv()).contains("/etc/postfix/main.cf", "/etc/postfix/master.cf");

        assertThatThrownBy(() -> PostfixPlanner.plan(spec, bare, PostfixPlannerTest.NO_PROBE))
                .hasMessageContaining("Postfix is not installed (no postconf on PATH) and this plan does not install it");
    }

    @Test
    void theBackendAppliesToAHostWithoutPostfixWhenItCanInstallIt() {
        PostfixBackend backend = new PostfixBackend();

        assertThat(backend.supports(host("debian", "apt-get")).reason())
                .isEqualTo("no postconf on PATH: the plan installs postfix with apt-get (postfix.install=false refuses instead)");
        assertThat(backend.supports(host("rhel", "dnf")).supported()).isTrue();
        assertThat(backend.supports(host("debian")).supported()).isFalse();
        assertThat(backend.supports(host("debian", "apt-get").toBuilder().effectiveUid(1000).build()).supported()).isFalse();
    }

    @Test
    void removeOfAPostfixPortcullisInstalledPutsNoConfigurationBackAndDoesNotReloadItUninstallsIt() {
        MailServerSpec spec = Specs.typical().build();
        OwnershipRecord record = OwnershipRecord.empty().withPackage("apt-get", "postfix")
                .withMainKey("myhostname", java.util.Optional.empty());
        PostfixSnapshot applied = Specs.snapshot(Map.of("myhostname", "mail.example.com"), Specs.stock().services(),
                Specs.stock().files(), record);

        Plan removal = PostfixRemovalPlanner.plan(spec, applied);

        assertThat(removal.steps()).extracting(Step::description).noneMatch(d -> d.contains("main.cf parameters")
                || d.startsWith("postfix check") || d.startsWith("put back main.cf"))
                .anyMatch(d -> d.startsWith("uninstall postfix with apt-get"));
        assertThat(removal.notes()).contains("Portcullis installed Postfix here: remove uninstalls it, its configuration with it");
    }
}
