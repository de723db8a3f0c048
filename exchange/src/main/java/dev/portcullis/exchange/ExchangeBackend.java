package dev.portcullis.exchange;

import dev.portcullis.MailServerSpec;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.plan.Drift;
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
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.MailServerBackend;
import dev.portcullis.spi.Support;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Exchange Server through the Exchange Management Shell. Backend id {@code exchange}; works on
 * Windows hosts whose facts carry {@link ExchangeFacts#INSTALL_PATH} (contributed by {@link ExchangeFacts}).
 *
 * <p>From a {@link MailServerSpec}: accepted domains ({@code New-AcceptedDomain}); the Internet
 * receive connector {@code Portcullis <spec>} on the FrontendTransport role (bindings from the
 * listen interfaces, every remote address, AnonymousUsers, Tls, the size limit, the certificate's
 * {@code <I>issuer<S>subject}, RequireTLS when the spec's level is ENCRYPT); a relay connector for
 * the trusted networks only; the SMTP certificate (imported from a PFX file, or self-signed) enabled
 * for SMTP; {@code Set-TransportConfig} size limits; a send connector to the Internet (through the
 * relay host when there is one). Anonymous relay is refused ({@link AnonymousRelayGuard}).
 *
 * <p>A plan reads the server in one PowerShell process, computes the changes as a pure function of
 * (spec, snapshot), and makes them in ONE more process that reads the server back at its end; the
 * probe judges that read-back. Undo restores the snapshot; the rollback check re-reads and compares.
 *
 * <p>Not verified against a live Exchange server: the scripts are golden-tested and the parser
 * tested on recorded shapes.
 */
public final class ExchangeBackend implements MailServerBackend {

    /** The backend id. */
    public static final String ID = "exchange";

    /** The backend, as {@link java.util.ServiceLoader} creates it. */
    public ExchangeBackend() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Support supports(HostFacts facts) {
        if (facts.osFamily() != HostFacts.OsFamily.WINDOWS) {
            return Support.no("Exchange needs a Windows host; this one is " + facts.osFamily());
        }
        return facts.fact(ExchangeFacts.INSTALL_PATH)
                .map(p -> Support.yes("Exchange Management Shell at " + p))
                .orElse(Support.no("no Exchange Management Shell found: the host facts carry no "
                        + ExchangeFacts.INSTALL_PATH.name() + " (ExchangeInstallPath, or bin\\RemoteExchange.ps1 is missing)"));
    }

    @Override
    public Plan plan(MailServerSpec spec, BackendContext context) {
        ExchangeOptions options = ExchangeOptions.from(context);
        ExchangePlanner.check(spec);
        PowerShellRunner ps = runner(options);
        ExchangeSnapshot before = inspect(ps, context, spec, options);
        ExchangeDesired desired = ExchangePlanner.desired(spec, options, before);
        ExchangeChanges changes = ExchangePlanner.changes(desired, before);
        Plan.Builder plan = Plan.builder(ID, "mail server " + spec.hostname() + " on " + context.runner().target());
        desired.notes().forEach(plan::note);
        if (changes.isEmpty()) {
            return plan.build();
        }
        if (changes.certificate() != ExchangeChanges.CertificateChange.NONE) {
            plan.note("a rollback removes a certificate this plan imported or made, but does not give the SMTP service"
                    + " back its previous default certificate");
        }
        Command apply = ps.command(ExchangeScripts.apply(desired, changes, options));
        plan.step(Step.of("Exchange: " + changes.summary(), StepAction.commands(apply),
                readBack("Exchange configuration read back in the same process matches the spec",
                        after -> ExchangePlanner.drifts(ExchangePlanner.desired(spec, options, after), after)),
                Undo.by(StepAction.commands(ps.command(ExchangeScripts.restore(before, desired, options))))));
        plan.rollbackCheck(sameAs(ps, before, desired, options));
        return plan.build();
    }

    @Override
    public Plan planRemoval(MailServerSpec spec, BackendContext context) {
        ExchangeOptions options = ExchangeOptions.from(context);
        ExchangePlanner.check(spec);
        PowerShellRunner ps = runner(options);
        ExchangeSnapshot before = inspect(ps, context, spec, options);
        ExchangeDesired desired = ExchangePlanner.desired(spec, options, before);
        Plan.Builder plan = Plan.builder(ID, "removal of mail server " + spec.hostname() + " on " + context.runner().target());
        List<String> connectors = ExchangeScripts.ownedReceiveConnectors(before, desired);
        List<String> domains = ExchangeScripts.ownedDomains(before, desired);
        boolean send = before.sendConnector(desired.send().name()).isPresent();
        plan.note("organisation-wide size limits (Set-TransportConfig) and certificates stay as they are");
        if (desired.adopted()) {
            plan.note("adopted receive connector '" + desired.internet().name() + "' is not removed");
        }
        if (connectors.isEmpty() && domains.isEmpty() && !send) {
            return plan.build();
        }
        plan.step(Step.of("remove Exchange objects the spec owns: receive connectors " + connectors
                        + (send ? ", send connector '" + desired.send().name() + "'" : "") + ", accepted domains " + domains,
                StepAction.commands(ps.command(ExchangeScripts.remove(before, desired, options))),
                readBack("the spec's own Exchange objects are gone", after -> {
                    List<Drift> left = new ArrayList<>();
                    ExchangeScripts.ownedReceiveConnectors(after, desired).forEach(n ->
                            left.add(new Drift("receive connector '" + n + "'", "absent", "present", "exchange")));
                    ExchangeScripts.ownedDomains(after, desired).forEach(d ->
                            left.add(new Drift("accepted domain " + d, "absent", "present", "exchange")));
                    after.sendConnector(desired.send().name()).ifPresent(s ->
                            left.add(new Drift("send connector '" + s.name() + "'", "absent", "present", "exchange")));
                    return left;
                }),
                Undo.by(StepAction.commands(ps.command(ExchangeScripts.restore(before, desired, options))))));
        plan.rollbackCheck(sameAs(ps, before, desired, options));
        return plan.build();
    }

    @Override
    public VerifyReport verify(MailServerSpec spec, BackendContext context) {
        ExchangeOptions options = ExchangeOptions.from(context);
        ExchangePlanner.check(spec);
        ExchangeSnapshot snapshot = inspect(runner(options), context, spec, options);
        ExchangeDesired desired = ExchangePlanner.desired(spec, options, snapshot);
        List<String> findings = new ArrayList<>(desired.notes());
        for (ReceiveConnectorSettings c : snapshot.receiveConnectors()) {
            AnonymousRelayGuard.openRelay(c, snapshot.grantsAnonymousRelay(c.name()))
                    .ifPresent(why -> findings.add("OPEN RELAY: " + why));
        }
        return new VerifyReport(ID, "mail server " + spec.hostname() + " on " + context.runner().target(),
                ExchangePlanner.drifts(desired, snapshot), findings);
    }

    private static PowerShellRunner runner(ExchangeOptions options) {
        return PowerShellRunner.using(options.powershell()).timeout(options.timeout());
    }

    private static ExchangeSnapshot inspect(PowerShellRunner ps, BackendContext context, MailServerSpec spec,
            ExchangeOptions options) {
        return ExchangeSnapshot.parse(ps.run(context.runner(),
                ExchangeScripts.inspect(ExchangePlanner.certificateToRead(spec), options)).json());
    }

    /** Judges the server the changing script read back at its end (the last process of the step). */
    private static Probe readBack(String description, Function<ExchangeSnapshot, List<Drift>> problems) {
        return new Probe() {
            @Override
            public ProbeResult check(StepContext ctx) {
                List<CommandResult> results = ctx.results();
                if (results.isEmpty()) {
                    return ProbeResult.failed(description + ": the script did not run");
                }
                try {
                    ExchangeSnapshot after = ExchangeSnapshot.parse(PowerShellRunner.read(results.get(results.size() - 1)).json());
                    List<Drift> p = problems.apply(after);
                    return p.isEmpty() ? ProbeResult.ok(description) : ProbeResult.failed(description + ": NOT so: " + p);
                } catch (PowerShellException | IllegalStateException | IllegalArgumentException e) {
                    return ProbeResult.failed(description + ": " + e.getMessage());
                }
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    private static Probe sameAs(PowerShellRunner ps, ExchangeSnapshot before, ExchangeDesired desired, ExchangeOptions options) {
        String description = "the Exchange objects the plan manages equal the snapshot taken before it";
        return Probe.of(description, ps.command(ExchangeScripts.inspect(desired.certificate(), options)), r -> {
            try {
                List<Drift> d = ExchangePlanner.differencesFrom(before, ExchangeSnapshot.parse(PowerShellRunner.read(r).json()), desired);
                return d.isEmpty() ? ProbeResult.ok(description) : ProbeResult.failed(description + ": " + d);
            } catch (PowerShellException | IllegalStateException e) {
                return ProbeResult.failed(description + ": " + e.getMessage());
            }
        });
    }
}
