package dev.portcullis.preflight;

import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.MailServerBackend;
import dev.portcullis.spi.NoBackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mail stack: what mail server is installed, its version and features, whether it runs. Each
 * mail server module inspects its own as a {@link PreflightContributor} (the Postfix module reads
 * {@code postconf} and {@code postfix status}; the windows module reads the Exchange services).
 * For a mail server spec, also which mail server backend Portcullis would choose, and why.
 */
final class MailStackCheck implements Check {

    @Override
    public String id() {
        return "mail-stack";
    }

    @Override
    public String title() {
        return "Mail server software: installed, version, map types, running";
    }

    @Override
    public PreflightCheck run(PreflightContext ctx) {
        Findings f = new Findings(this);
        boolean mail = ctx.ports().mailServer();
        List<PreflightContributor> contributors = ctx.contributors();
        for (PreflightContributor c : contributors) {
            PreflightContext.contribute(f, c, () -> c.inspectMailStack(ctx, f));
        }
        if (contributors.isEmpty()) {
            f.note("no module that knows a mail server is installed (add portcullis-postfix to inspect Postfix)");
        }
        if (mail) {
            chooseBackend(ctx, f, ctx.learntFacts());
        }
        return f.build();
    }

    private static void chooseBackend(PreflightContext ctx, Findings f, HostFacts facts) {
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (MailServerBackend b : ctx.provisioner().mailServers()) {
            candidates.add(FirewallAuditCheck.candidate(b, facts));
        }
        f.detail("candidates", candidates);
        try {
            MailServerBackend chosen = ctx.provisioner(facts).mailServerBackend();
            String why = chosen.supports(facts).reason();
            f.detail("backend", chosen.id()).detail("backendReason", why);
            f.note("Portcullis would use the " + chosen.id() + " mail server backend: " + why);
        } catch (NoBackendException e) {
            f.detail("backend", null).detail("backendReason", e.getMessage());
            f.fail(e.getMessage());
        }
    }
}
