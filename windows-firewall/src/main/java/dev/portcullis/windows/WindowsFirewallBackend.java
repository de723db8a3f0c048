package dev.portcullis.windows;

import dev.portcullis.PortPolicy;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.ProbeResult;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.StepAction;
import dev.portcullis.plan.StepContext;
import dev.portcullis.plan.Undo;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.powershell.PowerShellException;
import dev.portcullis.powershell.PowerShellRunner;
import dev.portcullis.powershell.PowerShellScript;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.Support;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Windows Defender Firewall through the PowerShell NetSecurity cmdlets. Backend id
 * {@code windows-firewall}; works on Windows hosts only.
 *
 * <p>Each policy owns the rule group {@code Portcullis <policy>}; each policy rule becomes one
 * firewall rule named {@code portcullis-<policy>-<n>}. A plan reads the group in one PowerShell
 * process, computes the changes as a pure function of (desired rules, snapshot), and makes them in
 * ONE more process ({@code New-NetFirewallRule}, {@code Set-NetFirewallRule} in place,
 * {@code Remove-NetFirewallRule}) that reads the group back at its end; the step's probe judges that
 * read-back. Undo restores the snapshot; the rollback check re-reads the group and compares it with
 * the snapshot. {@code remove} removes exactly the group.
 *
 * <p>Not verified against a live Windows host: the scripts are golden-tested and the parsers
 * tested on recorded {@code ConvertTo-Json} shapes.
 */
public final class WindowsFirewallBackend implements FirewallBackend {

    /** The backend id. */
    public static final String ID = "windows-firewall";

    private final Elevation elevation;

    /** The backend as {@link java.util.ServiceLoader} creates it: elevation checked through JNA. */
    public WindowsFirewallBackend() {
        this(Elevation.ofThisProcess());
    }

    /** @param elevation how to tell whether this process is elevated (local runs only) */
    public WindowsFirewallBackend(Elevation elevation) {
        this.elevation = Objects.requireNonNull(elevation, "elevation");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Support supports(HostFacts facts) {
        if (facts.osFamily() != HostFacts.OsFamily.WINDOWS) {
            return Support.no("Windows Firewall needs a Windows host; this one is " + facts.osFamily());
        }
        return Support.yes("Windows host: Windows Defender Firewall through PowerShell NetSecurity");
    }

    @Override
    public Plan plan(PortPolicy policy, BackendContext context) {
        WindowsFirewallOptions options = WindowsFirewallOptions.from(context);
        WindowsRuleTranslator.Translation desired = WindowsRuleTranslator.translate(policy, options);
        PowerShellRunner ps = runner(options);
        String group = WindowsRuleTranslator.group(policy.name());
        WindowsFirewallSnapshot snapshot = inspect(ps, context, group);
        WindowsFirewallChanges changes = WindowsFirewallPlanner.changes(desired.rules(), snapshot);
        Plan.Builder plan = Plan.builder(ID, "policy " + policy.name() + " on " + context.runner().target());
        desired.notes().forEach(plan::note);
        if (changes.isEmpty()) {
            return plan.build();
        }
        elevationNote(context).ifPresent(plan::note);
        Command apply = ps.command(WindowsFirewallScripts.apply(group, changes));
        plan.step(Step.of("rule group '" + group + "': " + changes.summary(), guarded(context, apply),
                readBackMatches("rule group '" + group + "' read back in the same process matches the policy", group,
                        s -> WindowsFirewallPlanner.drifts(desired.rules(), s).stream().map(Object::toString).toList()),
                Undo.by(StepAction.commands(ps.command(WindowsFirewallScripts.restore(snapshot))))));
        plan.rollbackCheck(sameAsSnapshot(ps, snapshot));
        return plan.build();
    }

    @Override
    public Plan planRemoval(PortPolicy policy, BackendContext context) {
        WindowsFirewallOptions options = WindowsFirewallOptions.from(context);
        PowerShellRunner ps = runner(options);
        String group = WindowsRuleTranslator.group(policy.name());
        WindowsFirewallSnapshot snapshot = inspect(ps, context, group);
        Plan.Builder plan = Plan.builder(ID, "removal of policy " + policy.name() + " on " + context.runner().target());
        if (snapshot.rules().isEmpty()) {
            return plan.build();
        }
        elevationNote(context).ifPresent(plan::note);
        plan.step(Step.of("remove rule group '" + group + "' (" + snapshot.rules().size() + " rules)",
                guarded(context, ps.command(WindowsFirewallScripts.removeGroup(group))),
                readBackMatches("rule group '" + group + "' is empty", group,
                        s -> s.names().stream().map(n -> "rule " + n + " still present").toList()),
                Undo.by(StepAction.commands(ps.command(WindowsFirewallScripts.restore(snapshot))))));
        plan.rollbackCheck(sameAsSnapshot(ps, snapshot));
        return plan.build();
    }

    @Override
    public VerifyReport verify(PortPolicy policy, BackendContext context) {
        WindowsFirewallOptions options = WindowsFirewallOptions.from(context);
        WindowsRuleTranslator.Translation desired = WindowsRuleTranslator.translate(policy, options);
        String group = WindowsRuleTranslator.group(policy.name());
        WindowsFirewallSnapshot snapshot = inspect(runner(options), context, group);
        return new VerifyReport(ID, "policy " + policy.name() + " on " + context.runner().target(),
                WindowsFirewallPlanner.drifts(desired.rules(), snapshot), desired.notes());
    }

    private static PowerShellRunner runner(WindowsFirewallOptions options) {
        return PowerShellRunner.using(options.powershell()).timeout(options.timeout());
    }

    private static WindowsFirewallSnapshot inspect(PowerShellRunner ps, BackendContext context, String group) {
        return WindowsFirewallSnapshot.parse(group, ps.run(context.runner(), WindowsFirewallScripts.inspect(group)).json());
    }

    private boolean elevationApplies(BackendContext context) {
        return context.runner().isLocal() && context.facts().osFamily() == HostFacts.OsFamily.WINDOWS;
    }

    private java.util.Optional<String> elevationNote(BackendContext context) {
        if (elevationApplies(context) && !elevation.isElevated()) {
            return java.util.Optional.of("this process is not elevated: applying will fail; run it as Administrator");
        }
        return java.util.Optional.empty();
    }

    /** Runs the script's process, after refusing early when a local run is not elevated. */
    private StepAction guarded(BackendContext context, Command command) {
        boolean check = elevationApplies(context);
        return new StepAction() {
            @Override
            public void run(StepContext ctx) {
                if (check && !elevation.isElevated()) {
                    throw new IllegalStateException("Windows Firewall changes need an elevated process: run as Administrator");
                }
                ctx.run(command);
            }

            @Override
            public List<Command> commands() {
                return List.of(command);
            }
        };
    }

    /** Judges the group the changing script read back at its end (the last process of the step). */
    private static Probe readBackMatches(String description, String group,
            Function<WindowsFirewallSnapshot, List<String>> problems) {
        return new Probe() {
            @Override
            public ProbeResult check(StepContext ctx) {
                List<CommandResult> results = ctx.results();
                if (results.isEmpty()) {
                    return ProbeResult.failed(description + ": the script did not run");
                }
                try {
                    WindowsFirewallSnapshot after = WindowsFirewallSnapshot.parse(group,
                            PowerShellRunner.read(results.get(results.size() - 1)).json());
                    List<String> p = problems.apply(after);
                    return p.isEmpty() ? ProbeResult.ok(description) : ProbeResult.failed(description + ": NOT so: " + p);
                } catch (PowerShellException | IllegalStateException e) {
                    return ProbeResult.failed(description + ": " + e.getMessage());
                }
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    private static Probe sameAsSnapshot(PowerShellRunner ps, WindowsFirewallSnapshot before) {
        PowerShellScript script = WindowsFirewallScripts.inspect(before.group());
        String description = "rule group '" + before.group() + "' equals the snapshot taken before the apply";
        return Probe.of(description, ps.command(script), r -> {
            try {
                WindowsFirewallSnapshot now = WindowsFirewallSnapshot.parse(before.group(), PowerShellRunner.read(r).json());
                List<String> d = WindowsFirewallPlanner.drifts(before.rules(), now).stream().map(Object::toString).toList();
                return d.isEmpty() ? ProbeResult.ok(description) : ProbeResult.failed(description + ": " + d);
            } catch (PowerShellException | IllegalStateException e) {
                return ProbeResult.failed(description + ": " + e.getMessage());
            }
        });
    }
}
