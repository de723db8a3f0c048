package dev.portcullis.preflight;

import dev.portcullis.VirtualMailboxes;
import dev.portcullis.spi.Backends;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.MailServerBackend;
import dev.portcullis.spi.NoBackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mail stack: is Postfix installed and which version ({@code postconf mail_version}), which
 * lookup table types it has ({@code postconf -m}: is mysql there for MySQL mailboxes?), does it
 * run ({@code postfix status}); on Windows the Exchange services, from the windows module's contributor. For a
 * mail server spec, also which mail server backend Portcullis would choose, and why.
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
        if (!ctx.isWindows()) {
            postfix(ctx, f, mail);
        }
        for (PreflightContributor c : ctx.contributors()) {
            PreflightContext.contribute(f, c, () -> c.inspectMailStack(ctx, f));
        }
        if (mail) {
            chooseBackend(ctx, f, ctx.learntFacts());
        }
        return f.build();
    }

    private static void postfix(PreflightContext ctx, Findings f, boolean mail) {
        Reading parameters = PostfixReadings.parameters(ctx);
        f.read(parameters);
        Optional<String> version = PostfixReadings.version(ctx);
        boolean installed = PostfixReadings.installed(ctx);
        f.detail("postfixInstalled", installed);
        if (!installed) {
            String what = "Postfix is not installed (postconf did not answer)";
            if (mail) {
                f.fail(what + ": install the postfix package");
            } else {
                f.note(what + "; this policy only opens ports");
            }
            return;
        }
        f.detail("postfixVersion", version.orElse(null));
        ctx.learnText(PreflightFacts.POSTFIX_VERSION, version.orElse(""));
        f.note("Postfix " + version.orElse("?") + " is installed");
        Reading maps = PostfixReadings.mapTypes(ctx);
        f.read(maps);
        List<String> types = maps.ok() ? PostconfOutput.mapTypes(maps.stdout()) : List.of();
        f.detail("mapTypes", types);
        ctx.learnText(PreflightFacts.POSTFIX_MAP_TYPES, String.join(",", types));
        f.detail("mysqlMaps", types.contains("mysql"));
        boolean needsMysql = ctx.spec().match(policy -> false,
                m -> m.virtualMailboxes().kind() == VirtualMailboxes.Kind.MYSQL);
        if (needsMysql && !types.contains("mysql")) {
            f.fail("the spec looks mailboxes up in MySQL but postconf -m lists no mysql map type:"
                    + " install postfix-mysql");
        } else if (types.contains("mysql")) {
            f.note("mysql maps are available");
        }
        Reading status = PostfixReadings.status(ctx);
        f.read(status);
        boolean running = status.ran() && status.exitCode() == 0;
        f.detail("postfixRunning", running);
        ctx.learnText(PreflightFacts.POSTFIX_RUNNING, Boolean.toString(running));
        if (running) {
            f.note("Postfix is running");
        } else if (mail) {
            f.warn("Postfix is installed but not running (postfix status): start it so that it accepts mail");
        } else {
            f.note("Postfix is not running");
        }
    }

    private static void chooseBackend(PreflightContext ctx, Findings f, HostFacts facts) {
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (MailServerBackend b : ctx.options().mailServers().orElseGet(Backends::mailServers)) {
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
