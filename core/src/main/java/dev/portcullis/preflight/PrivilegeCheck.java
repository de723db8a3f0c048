package dev.portcullis.preflight;

import java.util.Optional;

/**
 * Root or Administrator? Through JNA when the runner is local (this JVM's effective uid, or its
 * token's elevation on Windows), through the runner otherwise ({@code id -u}, or the Windows
 * script's elevation), because what counts is the identity the commands will run as.
 */
final class PrivilegeCheck implements Check {

    @Override
    public String id() {
        return "privileges";
    }

    @Override
    public String title() {
        return "Runs as root or an elevated Administrator";
    }

    @Override
    public PreflightCheck run(PreflightContext ctx) {
        Findings f = new Findings(this);
        if (ctx.runner().isLocal()) {
            Optional<LocalPrivileges.Reading> local = ctx.options().localPrivileges().read();
            if (local.isPresent()) {
                LocalPrivileges.Reading r = local.get();
                f.evidence(Evidence.of(r.source(), r.value())).detail("source", r.source()).detail("value", r.value());
                return conclude(f, r.privileged(), describe(ctx, r.value()));
            }
        }
        Optional<HostReadings> host = ctx.hostReadings();
        if (host.isPresent()) {
            HostReadings w = host.get();
            f.evidence(w.evidence()).detail("source", w.privilegeSource());
            if (w.elevated().isEmpty()) {
                return f.warn("could not tell whether the session is elevated: "
                        + w.failure().orElse("the script did not say")).build();
            }
            f.detail("value", w.elevated().get().toString());
            return conclude(f, w.elevated().get(), w.elevated().get() ? "an elevated Administrator session"
                    : "a session that is not elevated");
        }
        Reading id = ctx.read("id", "-u");
        f.read(id).detail("source", "id -u");
        String uid = id.stdout().strip();
        if (!id.ok() || !uid.matches("[0-9]+")) {
            return f.warn("could not read the effective uid (id -u): " + id.evidence().output().strip()).build();
        }
        f.detail("value", uid);
        return conclude(f, uid.equals("0"), "effective uid " + uid);
    }

    private static String describe(PreflightContext ctx, String value) {
        if (ctx.isWindows() || value.equals("true") || value.equals("false")) {
            return value.equals("true") ? "an elevated Administrator process" : "a process that is not elevated";
        }
        return "effective uid " + value;
    }

    private static PreflightCheck conclude(Findings f, boolean privileged, String who) {
        f.detail("privileged", privileged);
        if (privileged) {
            return f.note("commands run as " + who).build();
        }
        return f.fail("commands run as " + who + ": changing the firewall and the mail server needs root"
                + " (or an elevated Administrator on Windows); run as root, or give the runner a sudo wrapper").build();
    }
}
