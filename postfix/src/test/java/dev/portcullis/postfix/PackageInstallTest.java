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

    @Test
    void installsOnlyWhatIsMissingWithTheDistributionsPackageNames() {
        assertThat(PackageInstall.missing(BOTH, context(host("debian", "postconf", "apt-get", "opendkim"), Map.of())))
                .containsExactly(Map.entry("policyd-spf", "postfix-policyd-spf-python"));
        assertThat(PackageInstall.missing(BOTH, context(host("rhel", "postconf", "dnf"), Map.of())))
                .containsExactly(Map.entry("opendkim", "opendkim"), Map.entry("policyd-spf", "pypolicyd-spf"));
        assertThat(PackageInstall.missing(Specs.typical().build(), context(host("debian", "apt-get"), Map.of()))).isEmpty();
    }

    @Test
    void refusesNamingThePackageWhenInstallingIsOffOrThereIsNoPackageManager() {
        assertThatThrownBy(() -> PackageInstall.missing(BOTH, context(host("debian", "apt-get", "policyd-spf"),
                Map.of("postfix.install", "false"))))
                .hasMessage("DKIM signing needs opendkim, which is not installed, and postfix.install=false: install the package"
                        + " opendkim first");
        assertThatThrownBy(() -> PackageInstall.missing(BOTH, context(host("debian", "opendkim"), Map.of())))
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
}
