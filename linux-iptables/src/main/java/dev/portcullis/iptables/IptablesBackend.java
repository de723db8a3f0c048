package dev.portcullis.iptables;

import dev.portcullis.IpFamily;
import dev.portcullis.PortPolicy;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.plan.Drift;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.RestorableFirewall;
import dev.portcullis.spi.RestorePoint;
import dev.portcullis.spi.Support;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Puts {@link PortPolicy}s into iptables and ip6tables. Rules live in chains of their own
 * ({@code PORTCULLIS-INPUT}, {@code PORTCULLIS-OUTPUT}) jumped to from INPUT and OUTPUT, each
 * tagged {@code portcullis:<policy>:...}; several policies share the chains and every rule
 * Portcullis does not own stays exactly as it was.
 *
 * <p>Cost: a plan reads the host once ({@code iptables-save} and {@code ip6tables-save}); an
 * apply writes each family with one {@code iptables-restore --noflush} and reads it back once; a
 * converged re-apply spawns only the two reads. The tools match the host's variant
 * ({@link IptablesFacts#VARIANT} in {@link HostFacts}: nf_tables or legacy).
 *
 * <p>Coexistence: the jump goes below every foreign rule that denies, rejects or bans the owned
 * chains' traffic (fail2ban's jumps, an administrator's DROP for a client) and above the host's
 * default deny; plan and verify name every foreign rule whose decisions the policy changes (see
 * {@link Coexistence}). iptables has no zones: a policy that names one is refused unless
 * {@code iptables.zone.<zone>=<interface>[,...]} maps it to interfaces.
 *
 * <p>Options: {@code iptables.position=<n>} puts a new jump at position n of INPUT/OUTPUT
 * instead (the plan names every foreign rule that placement pre-empts); {@code iptables.persist=true} saves the verified tables for the next boot
 * ({@code /etc/iptables/rules.v4}/{@code rules.v6} on Debian and Ubuntu,
 * {@code /etc/sysconfig/iptables}/{@code ip6tables} on RHEL and kin).
 */
public final class IptablesBackend implements FirewallBackend, RestorableFirewall {

    /** The backend id, for {@code Provisioner.firewall(...)}. */
    public static final String ID = IptablesPlanner.BACKEND_ID;
    /** Below firewalld (20): where firewalld runs, it owns the tables. */
    public static final int PRIORITY = 10;

    /** For {@link java.util.ServiceLoader}. */
    public IptablesBackend() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Support supports(HostFacts facts) {
        if (facts.osFamily() != HostFacts.OsFamily.LINUX) {
            return Support.no("iptables needs Linux; the host is " + facts.osFamily());
        }
        if (!facts.hasTool("iptables-save") || !facts.hasTool("iptables-restore")) {
            return Support.no("no iptables-save/iptables-restore on PATH");
        }
        if (!facts.isRoot()) {
            return Support.no("iptables-restore needs root; commands run as uid "
                    + (facts.effectiveUid().isPresent() ? facts.effectiveUid().getAsLong() : "unknown"));
        }
        String variant = facts.fact(IptablesFacts.VARIANT).map(IptablesVariant::toString).orElse("unknown variant");
        return Support.yes("iptables-save/iptables-restore on PATH (" + variant + "), running as root"
                + (facts.hasTool("firewall-cmd") ? "; firewall-cmd is on PATH: firewalld manages the tables there" : ""));
    }

    @Override
    public Plan plan(PortPolicy spec, BackendContext context) {
        IptablesSettings settings = settings(context);
        settings.interfacesFor(spec); // refuse an unmapped zone before reading the host
        return IptablesPlanner.planApply(spec, snapshot(context.runner(), settings), settings, target(spec, context));
    }

    @Override
    public Plan planRemoval(PortPolicy spec, BackendContext context) {
        IptablesSettings settings = settings(context);
        return IptablesPlanner.planRemoval(spec, snapshot(context.runner(), settings), settings, target(spec, context));
    }

    @Override
    public VerifyReport verify(PortPolicy spec, BackendContext context) {
        IptablesSettings settings = settings(context);
        IptablesSnapshot snapshot = snapshot(context.runner(), settings);
        List<Drift> drifts = IptablesVerifier.drifts(spec, snapshot, settings);
        List<String> findings = new ArrayList<>();
        for (IpFamily family : IpFamily.values()) {
            settings.tools(family).ifPresent(t -> findings.add(t.label() + " (" + t.variant() + "): "
                    + OwnedState.of(snapshot.tables(family)).ruleCount(spec.name()) + " rules of " + spec.name()));
        }
        findings.addAll(IptablesVerifier.neighbourFindings(spec, snapshot, settings));
        findings.addAll(settings.notes());
        return new VerifyReport(ID, target(spec, context), drifts, findings);
    }

    /**
     * Saves {@code iptables-save} and {@code ip6tables-save} (and, with persistence on, the boot-time
     * rules files) into the folder; the restore loads each dump with {@code iptables-restore FILE},
     * which replaces every table the dump holds (owned and foreign rules alike) by its state at the
     * snapshot, then puts the rules files back as they were.
     *
     * <p>The policy's own ipsets are not in those dumps, and the rules of a dump that match a set
     * load only when the set exists. So, when the apply changes the policy's sets, the restore first
     * runs one {@code ipset restore} that turns the sets the apply leaves into the sets of the
     * snapshot (re-creating the ones it destroys, refilling the ones it changes), then loads the
     * dumps, then destroys the sets the apply created, which no restored rule matches any more.
     * Both inputs are computed now, from {@code ipset save} and the policy; {@code -exist} lets them
     * also finish over an apply that was stopped half way. Sets of other policies and foreign sets
     * are never named.
     */
    @Override
    public RestorePoint restorePoint(String folder, PortPolicy policy, BackendContext context) {
        IptablesSettings settings = settings(context);
        CommandRunner runner = context.runner();
        List<Command> save = new ArrayList<>();
        List<List<String>> restore = new ArrayList<>();
        Map<String, OwnedIpset> before = settings.ipset()
                ? IpsetSave.parse(runner.run(IpsetSteps.saveCommand()).stdout()).owned(policy.name()) : Map.of();
        Map<String, OwnedIpset> applied = IpsetSteps.wanted(policy, settings);
        IpsetRestoreScript.withoutDestroys(applied, before).ifPresent(script -> {
            save.add(writeFile(folder + "/ipsets-before-rules.restore", script));
            restore.add(IpsetSteps.restoreFileArgv(folder + "/ipsets-before-rules.restore"));
        });
        for (IpFamily family : IpFamily.values()) {
            Optional<IptablesTools> tools = settings.tools(family);
            if (tools.isPresent()) {
                String file = folder + "/" + family.name().toLowerCase(Locale.ROOT) + ".rules";
                save.add(writeFile(file, runner.run(tools.get().saveCommand()).stdout()));
                restore.add(List.of(tools.get().restore(), file));
            }
        }
        settings.persistence().ifPresent(target -> {
            CommandResult read = runner.run(target.readCommand());
            PersistenceTarget.PersistedFiles files = target.parse(read.stdout(), read.stderr());
            for (IpFamily family : IpFamily.values()) {
                Optional<String> content = files.content(family);
                String saved = folder + "/boot-" + family.name().toLowerCase(Locale.ROOT) + ".rules";
                content.ifPresent(text -> save.add(writeFile(saved, text)));
                restore.add(content.isPresent() ? List.of("cp", "--", saved, target.file(family))
                        : List.of("rm", "-f", "--", target.file(family)));
            }
        });
        IpsetRestoreScript.destroysOnly(applied, before).ifPresent(script -> {
            save.add(writeFile(folder + "/ipsets-after-rules.restore", script));
            restore.add(IpsetSteps.restoreFileArgv(folder + "/ipsets-after-rules.restore"));
        });
        return new RestorePoint(save, restore);
    }

    private static Command writeFile(String path, String content) {
        return Command.builder("dd").args("of=" + path, "status=none").stdin(content).build();
    }

    /**
     * Reads the settings from the host's facts and the caller's options.
     *
     * @param context facts and options
     * @return the settings
     */
    static IptablesSettings settings(BackendContext context) {
        HostFacts facts = context.facts();
        IptablesTools v4 = IptablesTools.forHost(facts, IpFamily.IPV4).orElseThrow(() ->
                new IllegalStateException("linux-iptables: " + new IptablesBackend().supports(facts).reason()));
        Optional<IptablesTools> v6 = IptablesTools.forHost(facts, IpFamily.IPV6);
        OptionalInt position = context.option(IptablesSettings.POSITION_OPTION)
                .map(text -> OptionalInt.of(position(text))).orElse(OptionalInt.empty());
        Optional<PersistenceTarget> persistence = Optional.empty();
        if (context.flag(IptablesSettings.PERSIST_OPTION)) {
            persistence = Optional.of(PersistenceTarget.forHost(facts).orElseThrow(() -> new IllegalStateException(
                    IptablesSettings.PERSIST_OPTION + "=true, but Portcullis knows no boot-time rules files for "
                            + facts.distroId().orElse("this distribution") + " (it knows Debian/Ubuntu and RHEL/Fedora)")));
        }
        List<String> notes = new ArrayList<>();
        notes.add("iptables variant " + v4.variant() + ": using " + v4.save() + "/" + v4.restore()
                + v6.map(t -> " and " + t.save() + "/" + t.restore()).orElse("; no ip6tables tools"));
        if (facts.hasTool("firewall-cmd")) {
            notes.add("firewall-cmd is on PATH: firewalld manages the tables on this host and may replace these "
                    + "rules when it reloads; prefer the linux-firewalld backend");
        }
        boolean ipset = facts.hasTool(IptablesSettings.IPSET);
        if (!ipset) {
            notes.add("no ipset tool on the host: a rule with many sources is written as one rule per source");
        } else if (persistence.isPresent()) {
            notes.add(IptablesSettings.PERSIST_OPTION + "=true: a rule with many sources is written as one rule per"
                    + " source, because Portcullis does not save ipsets for the next boot yet");
        }
        return new IptablesSettings(v4, v6, position, persistence, zoneInterfaces(context.options()), notes, ipset);
    }

    private static final java.util.regex.Pattern INTERFACE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,13}[A-Za-z0-9_.+-]?");

    /**
     * @param options the caller's options
     * @return zone to interfaces, from every {@code iptables.zone.<zone>=<if>[,<if>...]} option
     */
    static Map<String, List<String>> zoneInterfaces(Map<String, String> options) {
        Map<String, List<String>> zones = new TreeMap<>();
        options.forEach((key, value) -> {
            if (!key.startsWith(IptablesSettings.ZONE_OPTION_PREFIX)) {
                return;
            }
            List<String> interfaces = new ArrayList<>();
            for (String name : value.split(",", -1)) {
                String n = name.strip();
                if (!INTERFACE.matcher(n).matches()) {
                    throw new IllegalArgumentException(key + " must list interface names (letters, digits, '_', '.', '-',"
                            + " at most 15 characters, '+' only last), separated by commas; refused: '" + n + "'");
                }
                interfaces.add(n);
            }
            zones.put(key.substring(IptablesSettings.ZONE_OPTION_PREFIX.length()), interfaces);
        });
        return zones;
    }

    private static int position(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(IptablesSettings.POSITION_OPTION + " must be a whole number from 1, got '"
                + text + "'");
    }

    /**
     * Reads the host once: every table of each family and, with persistence on, the rules files.
     *
     * @param runner reaches the host
     * @param settings the tools
     * @return the snapshot
     */
    static IptablesSnapshot snapshot(CommandRunner runner, IptablesSettings settings) {
        IptablesSave v4 = IptablesSave.parse(runner.run(settings.v4().saveCommand()).stdout());
        IptablesSave v6 = settings.v6().isPresent()
                ? IptablesSave.parse(runner.run(settings.v6().get().saveCommand()).stdout())
                : IptablesSave.empty();
        Optional<PersistenceTarget.PersistedFiles> persisted = settings.persistence().map(files -> {
            CommandResult r = runner.run(files.readCommand());
            return files.parse(r.stdout(), r.stderr());
        });
        IpsetSave sets = settings.ipset() ? IpsetSave.parse(runner.run(IpsetSteps.saveCommand()).stdout()) : IpsetSave.empty();
        return new IptablesSnapshot(v4, v6, persisted, sets);
    }

    private static String target(PortPolicy policy, BackendContext context) {
        return "policy " + policy.name() + " on " + context.runner().target();
    }
}
