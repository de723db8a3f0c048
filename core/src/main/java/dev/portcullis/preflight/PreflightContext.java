package dev.portcullis.preflight;

import dev.portcullis.Provisioner;
import dev.portcullis.Spec;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.spi.FactKey;
import dev.portcullis.spi.HostFacts;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What every check and {@link PreflightContributor} works with: the runner, the spec and its
 * ports, the options, the host's facts (gathered once), and a memo of the commands already run,
 * so two checks that read the same thing ({@code postfix status}) cost one process.
 */
public final class PreflightContext {

    /** Reads are quick; a tool that hangs longer than this is reported, not waited for. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final CommandRunner runner;
    private final Provisioner provisioner;
    private final Spec spec;
    private final PreflightOptions options;
    private final SpecPorts ports;
    private final Map<Command, Reading> readings = new HashMap<>();
    private final Map<FactKey<?>, Object> learnt = new LinkedHashMap<>();
    private HostFacts facts;
    private List<PreflightContributor> contributors;
    private Optional<HostReadings> hostReadings;

    PreflightContext(CommandRunner runner, Provisioner provisioner, Spec spec, PreflightOptions options) {
        this.runner = runner;
        this.provisioner = provisioner;
        this.spec = spec;
        this.options = options;
        this.ports = SpecPorts.of(spec);
    }

    CommandRunner runner() {
        return runner;
    }

    /** @return the port policy or mail server spec about to be applied */
    public Spec spec() {
        return spec;
    }

    /** @return the caller's settings: thresholds, spool, the relay the outbound check may contact */
    public PreflightOptions options() {
        return options;
    }

    SpecPorts ports() {
        return ports;
    }

    /** @return the host's facts as gathered before any check ran (see {@link #learntFacts()} for more) */
    public HostFacts facts() {
        if (facts == null) {
            // gathered through the memo, so the checks' own reads of the same commands (id -u) are free
            // facts given to the provisioner stay; otherwise they are gathered as it would, through the memo
            facts = provisioner.newBuilder().runner(memoizing()).build().facts();
        }
        return facts;
    }

    /** A runner that answers from (and fills) the memo: what the facts gatherer reads, the checks need not re-read. */
    private CommandRunner memoizing() {
        return new CommandRunner() {
            @Override
            public CommandResult execute(Command command) {
                Reading r = read(command);
                if (!r.ran()) {
                    throw new CommandRunnerException(r.evidence().output(), null);
                }
                return r.result();
            }

            @Override
            public String target() {
                return runner.target();
            }

            @Override
            public boolean isLocal() {
                return runner.isLocal();
            }
        };
    }

    /**
     * Records a fact a check found, so that the backends' {@code supports} sees it when the audit
     * asks which backend applies, and the report carries it for provisioning.
     *
     * @param key the fact, declared by the module that owns it
     * @param value what was found
     * @param <T> the type of the value
     */
    public <T> void learn(FactKey<T> key, T value) {
        learnt.put(key, java.util.Objects.requireNonNull(value, key.name()));
    }

    /** @return the preflight contributors: those the options name, or those on the class path */
    List<PreflightContributor> contributors() {
        if (contributors == null) {
            contributors = options.contributors().orElseGet(Preflight::installedContributors);
        }
        return contributors;
    }

    /**
     * Runs one contributor's part of a check: a contributor that throws costs a warning naming it
     * and the error, and the others still run.
     */
    static void contribute(Findings findings, PreflightContributor contributor, Runnable part) {
        contribute(findings, contributor, () -> {
            part.run();
            return null;
        }, null);
    }

    /** Like {@link #contribute(Findings, PreflightContributor, Runnable)}, for a part that answers; the fallback when it throws. */
    static <T> T contribute(Findings findings, PreflightContributor contributor, java.util.function.Supplier<T> part,
            T fallback) {
        try {
            return part.get();
        } catch (RuntimeException e) {
            findings.warn(contributor.getClass().getSimpleName() + " could not finish: " + e);
            return fallback;
        }
    }

    /** @return the host facts plus everything the checks have learnt so far */
    public HostFacts learntFacts() {
        HostFacts.Builder b = facts().toBuilder();
        learnt.forEach((key, value) -> record(b, key, value));
        return b.build();
    }

    private static <T> void record(HostFacts.Builder b, FactKey<T> key, Object value) {
        b.fact(key, key.type().cast(value));
    }

    /**
     * Facts gathered through the runner list the tools on PATH; facts given by hand may list none:
     * then every tool is worth trying.
     *
     * @param tool a program name
     * @return whether the program may be on the host's PATH
     */
    public boolean mayHaveTool(String tool) {
        return facts().tools().isEmpty() || facts().hasTool(tool);
    }

    /** @return whether the host runs Windows */
    public boolean isWindows() {
        return facts().osFamily() == HostFacts.OsFamily.WINDOWS;
    }

    /**
     * Runs a read-only command once per preflight; a program that cannot start is a reading too.
     *
     * @param program the executable
     * @param args its arguments
     * @return what came of it
     */
    public Reading read(String program, String... args) {
        return read(Command.builder(program).args(args).timeout(READ_TIMEOUT).build());
    }

    /**
     * Runs a read-only command once per preflight; a program that cannot start is a reading too.
     *
     * @param command the command, with its timeout and accepted exit codes
     * @return what came of it
     */
    public Reading read(Command command) {
        Reading known = readings.get(command);
        if (known != null) {
            return known;
        }
        Reading r;
        try {
            CommandResult result = runner.execute(command);
            r = Reading.of(result);
        } catch (CommandRunnerException e) {
            r = Reading.notStarted(command, e.getMessage());
        }
        readings.put(command, r);
        return r;
    }

    /** @return the TCP ports whose listeners matter to the spec: those it opens or its mail server binds */
    public Set<Integer> occupancyPorts() {
        return ports.occupancyPorts();
    }

    /**
     * @return the host's basics as the first contributor that knows this host reads them (on
     *     Windows, the windows module), asked once per preflight; empty when core reads them itself
     */
    Optional<HostReadings> hostReadings() {
        if (hostReadings == null) {
            hostReadings = Optional.empty();
            for (PreflightContributor c : contributors()) {
                try {
                    hostReadings = c.readHost(this);
                } catch (RuntimeException e) {
                    hostReadings = Optional.of(HostReadings.unreadable(c.getClass().getSimpleName(),
                            c.getClass().getSimpleName() + " could not read the host: " + e));
                }
                if (hostReadings.isPresent()) {
                    break;
                }
            }
        }
        return hostReadings;
    }

    /**
     * The caller's provisioner with these facts: the audit asks it which backend it would choose,
     * so preflight and provisioning can never disagree about the choice or its reasons.
     */
    Provisioner provisioner(HostFacts hostFacts) {
        return provisioner.facts(hostFacts);
    }

    /** @return the caller's provisioner: its backends, and the ids it asks for */
    Provisioner provisioner() {
        return provisioner;
    }
}
