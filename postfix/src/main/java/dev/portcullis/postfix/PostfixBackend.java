package dev.portcullis.postfix;

import dev.portcullis.MailServerSpec;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.MailServerBackend;
import dev.portcullis.spi.Support;

/**
 * Provisions Postfix from a {@link MailServerSpec} with {@code postconf}, and proves the result
 * over SMTP.
 *
 * <p>One snapshot per plan ({@code postconf -n}, {@code postconf -M}, one {@code sha256sum}, the
 * ownership record); only differing keys are planned, all in ONE {@code postconf -e}, services in
 * ONE {@code postconf -M}; map files are compiled with {@code postmap}, and MySQL map passwords are
 * resolved at apply time and never shown. main.cf and master.cf are backed up before any edit,
 * {@code postfix check} runs before the reload, and a failure anywhere restores every touched file
 * byte for byte and serves the old configuration again. A converged host costs only the four
 * snapshot reads (five with virtual mailboxes: one {@code stat} of the mailbox folder).
 *
 * <p>Options (through {@code Provisioner.option}): {@code postfix.probe.address} — the address the
 * SMTP probe connects to (use one outside mynetworks to prove the server is no open relay);
 * {@code postfix.probe=false} turns the probe off; {@code postfix.probe.timeoutSeconds};
 * {@code postfix.install=false} refuses a plan that would install a missing package (Postfix
 * itself included: on a host without it, this backend applies and its plan installs it first).
 */
public final class PostfixBackend implements MailServerBackend {

    /** Creates the backend (ServiceLoader needs a public no-argument constructor). */
    public PostfixBackend() {
        // stateless: every call takes its own snapshot
    }

    @Override
    public String id() {
        return PostfixPlanner.BACKEND;
    }

    @Override
    public Support supports(HostFacts facts) {
        if (!facts.hasTool("postconf")) {
            String manager = PackageInstall.manager(facts);
            if (manager != null && (facts.effectiveUid().isEmpty() || facts.isRoot())) {
                return Support.yes("no postconf on PATH: the plan installs postfix with " + manager + " ("
                        + PackageInstall.OPTION + "=false refuses instead)");
            }
            return Support.no("no postconf on PATH (install postfix)");
        }
        if (facts.effectiveUid().isPresent() && !facts.isRoot()) {
            return Support.no("postconf is on PATH, but commands run as uid " + facts.effectiveUid().getAsLong()
                    + " and Postfix's configuration needs root");
        }
        return Support.yes("postconf on PATH" + (facts.isRoot() ? ", running as root" : ""));
    }

    @Override
    public Plan plan(MailServerSpec spec, BackendContext context) {
        if (context.facts().hasTool("postconf")) {
            // without Postfix there is no postconf -d to ask yet: the extras are then set unchecked after the install
            PostfixExtras.requireKnown(spec, context.runner());
        }
        PostfixSnapshot s = snapshot(spec, context);
        java.util.Map<String, String> missing = PackageInstall.missing(spec, context, s.files());
        return PostfixPlanner.plan(spec, s, ProbeTarget.from(context, spec), PackageInstall.manager(context.facts()), missing);
    }

    @Override
    public Plan planRemoval(MailServerSpec spec, BackendContext context) {
        PostfixSnapshot s = snapshot(spec, context);
        return PostfixRemovalPlanner.plan(spec, s);
    }

    @Override
    public VerifyReport verify(MailServerSpec spec, BackendContext context) {
        PostfixSnapshot s = snapshot(spec, context);
        VerifyReport report = PostfixVerifier.verify(spec, s, ProbeTarget.from(context, spec));
        if (spec.relayHost().isEmpty()) {
            return report;
        }
        // mail the relay refused (a wrong password, no STARTTLS) waits in the queue with the relay's reply
        java.util.List<dev.portcullis.plan.Drift> drifts = new java.util.ArrayList<>(report.drifts());
        drifts.addAll(RelayQueue.drifts(spec, context.runner().run(RelayQueue.read())));
        return new VerifyReport(report.backend(), report.target(), drifts, report.findings());
    }

    private static PostfixSnapshot snapshot(MailServerSpec spec, BackendContext context) {
        return PostfixSnapshot.read(context.runner(), PostfixPlanner.watchedPaths(spec), PostfixPlanner.watchedDirectories(spec),
                spec.dkim(), context.facts().hasTool("postconf"));
    }
}
