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
 * A Debian 12 host made of outputs captured from the live test host: root, 2 cores, 2 GiB, a
 * master process on port 25 ({@code ss}), iptables-save on PATH (fake-iptables applies). That is what core's own checks read; a module's test
 * adds the answers of its tool ({@link #answer}), puts the tool on PATH ({@link #withTool}) and
 * lists its contributors ({@link #with}). Any command it was not told about cannot start, as on
 * a host without that program. Shared with the modules through core's test-jar.
 */
public final class FakeLinuxHost {

    /** The recording runner behind the host, for answers a test changes. */
    public final RecordingCommandRunner runner = new RecordingCommandRunner();
    private final Set<String> tools = new java.util.TreeSet<>();
    private final HostFacts.Builder facts = HostFacts.builder().osFamily(HostFacts.OsFamily.LINUX)
            .distro("debian", "12").kernel("Linux 6.1.0").effectiveUid(0);
    private final List<PreflightContributor> contributors = new java.util.ArrayList<>();
    private final List<dev.portcullis.spi.FirewallBackend> firewalls = new java.util.ArrayList<>(
            List.of(FakeBackends.iptables()));
    private final List<dev.portcullis.spi.MailServerBackend> mailServers = new java.util.ArrayList<>();

    /** A host answering core's reads. */
    public FakeLinuxHost() {
        tools.addAll(List.of("ss", "iptables-save")); // iptables-save: so that fake-iptables applies
        runner.otherwise(c -> {
            throw new CommandRunnerException("not on this fake host: " + c.program(), null);
        });
        runner.answer("0\n", "id", "-u")
                .answer(Fixtures.read("nproc.txt"), "nproc")
                .answer(Fixtures.read("meminfo.txt"), "cat", "/proc/meminfo")
                .answer(Fixtures.read("df-ancestors.txt"), "df")
                .answer(Fixtures.read("ss-master.txt"), "ss");
    }

    /**
     * @param stdout what the command prints, exit 0
     * @param argvPrefix the command, or the first words of it
     * @return this host
     */
    public FakeLinuxHost answer(String stdout, String... argvPrefix) {
        runner.answer(stdout, argvPrefix);
        return this;
    }

    /**
     * @param exit the exit code
     * @param stdout what the command prints
     * @param argvPrefix the command, or the first words of it
     * @return this host
     */
    public FakeLinuxHost answer(int exit, String stdout, String... argvPrefix) {
        runner.answer(exit, stdout, argvPrefix);
        return this;
    }

    /**
     * Puts programs on PATH, as `which` would find them.
     *
     * @param programs the programs
     * @return this host
     */
    public FakeLinuxHost withTool(String... programs) {
        tools.addAll(List.of(programs));
        return this;
    }

    /**
     * @param key a fact the host's gathering would have found
     * @param value its value
     * @param <T> its type
     * @return this host
     */
    public <T> FakeLinuxHost fact(dev.portcullis.spi.FactKey<T> key, T value) {
        facts.fact(key, value);
        return this;
    }

    /**
     * @param contributor a module's preflight knowledge to run on this host
     * @return this host
     */
    public FakeLinuxHost with(PreflightContributor contributor) {
        contributors.add(contributor);
        return this;
    }

    /**
     * @param backend a firewall backend the audit may choose (besides fake-iptables)
     * @return this host
     */
    public FakeLinuxHost withFirewall(dev.portcullis.spi.FirewallBackend backend) {
        firewalls.add(backend);
        return this;
    }

    /**
     * @param backend a mail server backend the mail stack check may choose
     * @return this host
     */
    public FakeLinuxHost withMailServer(dev.portcullis.spi.MailServerBackend backend) {
        mailServers.add(backend);
        return this;
    }

    /**
     * Makes a program missing.
     *
     * @param program the program
     * @return this host
     */
    public FakeLinuxHost without(String program) {
        runner.answer(0, "", program);
        replaced.add(program);
        return this;
    }

    private final java.util.Set<String> replaced = new java.util.HashSet<>();

    /** @return the facts gathering would find: Debian 12, root, the tools on PATH, the facts set */
    public HostFacts facts() {
        return facts.build().toBuilder().tools(tools).build();
    }

    /** @return preflight's options for this host: its contributors */
    public PreflightOptions.Builder options() {
        return PreflightOptions.builder().contributors(contributors);
    }

    /** @return a provisioner for this host: its runner, its facts, its backends */
    public dev.portcullis.Provisioner provisioner() {
        return dev.portcullis.Provisioner.on(runner()).facts(facts()).backends(firewalls, mailServers);
    }

    /**
     * @param spec the spec to check
     * @return the report of preflight through {@link #provisioner()} with {@link #options()}
     */
    public PreflightReport run(dev.portcullis.Spec spec) {
        return provisioner().preflight(spec, options().build());
    }

    /** @return the runner, refusing the programs made missing */
    public CommandRunner runner() {
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
    public CommandRunner localRunner() {
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

    /** @return every command run so far, in order */
    public List<Command> commands() {
        return runner.commands();
    }
}
