package dev.portcullis.preflight;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.exec.RecordingCommandRunner;
import dev.portcullis.spi.HostFacts;
import java.util.List;
import java.util.Set;

/**
 * A Debian 12 host made of outputs captured from the live test host: root, 2 cores, Postfix
 * running with master on 25, firewalld stopped, the iptables rules of iptables-save-blocking.txt.
 * Tests change one answer to make the situation they specify. Any command it was not told about
 * cannot start, as on a host without that program.
 */
final class FakeLinuxHost {

    final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final Set<String> tools = new java.util.TreeSet<>();

    FakeLinuxHost() {
        tools.addAll(Set.of("iptables", "iptables-save", "ip6tables-save", "nft", "firewall-cmd", "postconf", "postfix",
                "ss"));
        runner.otherwise(c -> {
            throw new CommandRunnerException("not on this fake host: " + c.program(), null);
        });
        runner.answer("0\n", "id", "-u")
                .answer(Fixtures.read("nproc.txt"), "nproc")
                .answer(Fixtures.read("meminfo.txt"), "cat", "/proc/meminfo")
                .answer(Fixtures.read("df-ancestors.txt"), "df")
                .answer(Fixtures.read("ss-master.txt"), "ss")
                .answer(252, "not running\n", "firewall-cmd", "--state")
                .answer(Fixtures.read("iptables-save-blocking.txt"), "iptables-save")
                .answer(Fixtures.read("ip6tables-save-blocking.txt"), "ip6tables-save")
                .answer(Fixtures.read("nft-iptables-nft.txt"), "nft", "list", "ruleset")
                .answer(Fixtures.read("postconf-version.txt"), "postconf", "mail_version", "queue_directory")
                .answer(Fixtures.read("postconf-m.txt"), "postconf", "-m")
                .answer(Fixtures.read("postconf-M.txt"), "postconf", "-M")
                .answer("           100\n", "cat", "/var/spool/postfix/pid/master.pid")
                .answer(0, "", "postfix", "status");
    }

    FakeLinuxHost answer(String stdout, String... argvPrefix) {
        runner.answer(stdout, argvPrefix);
        return this;
    }

    FakeLinuxHost answer(int exit, String stdout, String... argvPrefix) {
        runner.answer(exit, stdout, argvPrefix);
        return this;
    }

    /** Puts a program on PATH, as `which` would find it. */
    FakeLinuxHost withTool(String program) {
        tools.add(program);
        return this;
    }

    /** Makes a program missing. */
    FakeLinuxHost without(String program) {
        runner.answer(0, "", program);
        replaced.add(program);
        return this;
    }

    private final java.util.Set<String> replaced = new java.util.HashSet<>();

    HostFacts facts() {
        return HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX).distro("debian", "12").kernel("Linux 6.1.0")
                .effectiveUid(0).tools(tools.toArray(String[]::new)).attribute("iptables.variant", "nf_tables").build();
    }

    PreflightOptions.Builder options() {
        return PreflightOptions.builder().facts(facts())
                .backends(List.of(FakeBackends.iptables(), FakeBackends.firewalld()), List.of(FakeBackends.postfix()));
    }

    /** @return the runner, refusing the programs made missing */
    CommandRunner runner() {
        return new CommandRunner() {
            @Override
            public CommandResult execute(Command command) {
                if (replaced.contains(command.program())) {
                    runner.execute(command);
                    throw new CommandRunnerException("could not start " + command.program() + ": not found", null);
                }
                return runner.execute(command);
            }

            @Override
            public String target() {
                return "fake debian host";
            }
        };
    }

    /** @return the same host, reached by a runner that says it is local */
    CommandRunner localRunner() {
        CommandRunner remote = runner();
        return new CommandRunner() {
            @Override
            public CommandResult execute(Command command) {
                return remote.execute(command);
            }

            @Override
            public boolean isLocal() {
                return true;
            }
        };
    }

    List<Command> commands() {
        return runner.commands();
    }
}
