package dev.portcullis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.OperatorSession;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.spec.SpecFormat;
import dev.portcullis.spec.Specs;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.RestorableFirewall;
import dev.portcullis.spi.RestorePoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The provisioner's lockout guard and confirmation window, on the in-memory host. */
class ProvisionerSafetyTest {

    static final PortPolicy CLOSES_SSH = PortPolicy.named("web").allow(Protocol.TCP, 80).deny(Protocol.TCP, 22).build();

    /** The fake host, reached over SSH from 192.0.2.7, with the on-host tools a revert needs (no systemd). */
    static final class SshHost implements CommandRunner {
        final FakeHost host = new FakeHost();

        @Override
        public CommandResult execute(Command c) {
            return switch (c.program()) {
                case "test" -> CommandResult.of(c, 1, "");
                case "mkdir", "dd", "chmod", "start-stop-daemon", "rm", "find", "cat", "pkill" -> {
                    host.execute(c);   // recorded in order with the firewall's commands
                    yield CommandResult.of(c, 0, "");
                }
                default -> host.execute(c);
            };
        }

        @Override
        public Optional<OperatorSession> operatorSession() {
            return Optional.of(new OperatorSession("192.0.2.7", 22));
        }

        List<String> programs() {
            return host.ran().stream().map(Command::program).toList();
        }
    }

    /** The fake firewall, able to save and restore itself on the host. */
    record RestorableFake(String id) implements dev.portcullis.spi.FirewallBackend, RestorableFirewall {
        private static final FakeHost.Firewall FAKE = new FakeHost.Firewall("fake-firewall");

        @Override
        public dev.portcullis.spi.Support supports(dev.portcullis.spi.HostFacts facts) {
            return FAKE.supports(facts);
        }

        @Override
        public dev.portcullis.plan.Plan plan(PortPolicy spec, BackendContext context) {
            return FAKE.plan(spec, context);
        }

        @Override
        public dev.portcullis.plan.Plan planRemoval(PortPolicy spec, BackendContext context) {
            return FAKE.planRemoval(spec, context);
        }

        @Override
        public dev.portcullis.plan.VerifyReport verify(PortPolicy spec, BackendContext context) {
            return FAKE.verify(spec, context);
        }

        @Override
        public RestorePoint restorePoint(String folder, PortPolicy policy, BackendContext context) {
            return new RestorePoint(List.of(Command.builder("dd").args("of=" + folder + "/rules").stdin(
                    context.runner().run("fakefw", "list").stdout()).build()), List.of(List.of("fakefw-restore", folder)));
        }
    }

    private final SshHost host = new SshHost();

    private Provisioner provisioner(dev.portcullis.spi.FirewallBackend backend) {
        return Provisioner.on(host).backends(List.of(backend), List.of());
    }

    @Test
    void planRefusesAPolicyThatClosesTheOperatorsSshPortBeforeReadingTheFirewall() {
        Provisioner p = provisioner(new FakeHost.Firewall("fake-firewall"));

        assertThatThrownBy(() -> p.plan(CLOSES_SSH)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("rules[1]: would block tcp/22, the SSH port of the session running this (from 192.0.2.7)");
        assertThatThrownBy(() -> p.apply(CLOSES_SSH)).isInstanceOf(InvalidSpecException.class);
        assertThat(host.programs()).doesNotContain("fakefw");
        assertThat(host.host.firewallRules()).isEmpty();
    }

    @Test
    void allowLockoutInTheCallOrInThePolicyLetsItThrough() {
        Provisioner p = provisioner(new FakeHost.Firewall("fake-firewall"));

        assertThat(p.plan(CLOSES_SSH, ApplyOptions.builder().allowLockout(true).build()).steps()).isNotEmpty();
        assertThat(p.apply(CLOSES_SSH.toBuilder().allowLockout().build()).outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
    }

    @Test
    void allowLockoutReadsAndWritesInSpecFiles() {
        PortPolicy read = Specs.readString("kind: port-policy\nname: web\nallowLockout: true\nrules:\n"
                + "  - {action: deny, protocol: tcp, ports: [\"22\"]}\n", SpecFormat.YAML, PortPolicy.class);

        assertThat(read.allowLockout()).isTrue();
        assertThat(Specs.writeString(read, SpecFormat.JSON)).contains("\"allowLockout\" : true");
        assertThat(Specs.readString(Specs.writeString(read, SpecFormat.JSON), SpecFormat.JSON)).isEqualTo(read);
        assertThat(Specs.writeString(CLOSES_SSH, SpecFormat.YAML)).doesNotContain("allowLockout");
    }

    @Test
    void aConfirmationWindowArmsTheRevertOnTheHostBeforeTheFirstChange() {
        Provisioner p = provisioner(new RestorableFake("fake-firewall"));
        PortPolicy web = PortPolicy.named("web").allow(Protocol.TCP, 80).build();

        ApplyReport report = p.apply(web, ApplyOptions.builder().confirmWithin(Duration.ofSeconds(30)).build());

        assertThat(report.outcome()).isEqualTo(ApplyReport.Outcome.APPLIED);
        List<String> programs = host.programs();
        int armed = programs.indexOf("start-stop-daemon");
        assertThat(armed).as(programs.toString()).isPositive();
        assertThat(host.host.ran().subList(0, armed)).noneMatch(c -> c.argv().size() > 1 && c.argv().get(1).equals("add"));
        assertThat(host.host.ran().subList(armed, programs.size())).anyMatch(c -> c.argv().size() > 1
                && c.argv().get(1).equals("add"));
    }

    @Test
    void aConvergedApplyArmsNothing() {
        Provisioner p = provisioner(new RestorableFake("fake-firewall"));
        PortPolicy web = PortPolicy.named("web").allow(Protocol.TCP, 80).build();
        p.apply(web);
        int before = host.host.ran().size();

        ApplyReport again = p.apply(web, ApplyOptions.builder().confirmWithin(Duration.ofSeconds(30)).build());

        assertThat(again.outcome()).isEqualTo(ApplyReport.Outcome.UNCHANGED);
        assertThat(host.programs().subList(before, host.programs().size())).doesNotContain("mkdir", "start-stop-daemon");
    }

    @Test
    void aBackendThatCannotRestoreItselfRefusesAWindowBeforeAnyChange() {
        Provisioner p = provisioner(new FakeHost.Firewall("fake-firewall"));
        PortPolicy web = PortPolicy.named("web").allow(Protocol.TCP, 80).build();

        assertThatThrownBy(() -> p.apply(web, ApplyOptions.builder().confirmWithin(Duration.ofSeconds(30)).build()))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("nothing was changed");
        assertThat(host.host.firewallRules()).isEmpty();
    }

    @Test
    void anApplyThatRollsBackDisarmsItsRevert() {
        PortPolicy web = PortPolicy.named("web").allow(Protocol.TCP, 80).build();
        Provisioner p = provisioner(new RestorableFake("fake-firewall"));
        CommandRunner failingAdd = new CommandRunner() {
            @Override
            public CommandResult execute(Command c) {
                return c.argv().size() > 1 && c.argv().get(1).equals("add") ? CommandResult.of(c, 1, "") : host.execute(c);
            }

            @Override
            public Optional<OperatorSession> operatorSession() {
                return host.operatorSession();
            }
        };

        ApplyReport report = p.newBuilder().runner(failingAdd).build()
                .apply(web, ApplyOptions.builder().confirmWithin(Duration.ofSeconds(30)).build());

        assertThat(report.succeeded()).isFalse();
        List<String> rendered = host.host.ran().stream().map(c -> String.join(" ", c.argv())).toList();
        assertThat(rendered).as("the rolled-back apply disarms its revert (and then releases the host lock)")
                .anySatisfy(c -> assertThat(c).startsWith("rm -rf -- /var/lib/portcullis/confirm/revert-"));
    }
}
