package dev.portcullis.postfix;

import dev.portcullis.MailServerSpec;
import dev.portcullis.Tls;
import dev.portcullis.plan.Drift;
import dev.portcullis.plan.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Read-only comparison of a spec with a Postfix host: main.cf keys, master.cf services, map files
 * and TLS files from the snapshot, then the SMTP probe over the wire, whose failed checks are
 * drifts too (a configuration that reads right but serves wrong has not converged).
 */
final class PostfixVerifier {

    private PostfixVerifier() {
    }

    /**
     * @param spec the mail server wanted
     * @param s the one snapshot of the host
     * @param probe where the SMTP probe connects, or why it does not
     * @return converged, or every difference (configuration and probe failures alike)
     */
    static VerifyReport verify(MailServerSpec spec, PostfixSnapshot s, ProbeTarget probe) {
        List<Drift> drifts = new ArrayList<>();
        PostfixSettings.mainCf(spec).forEach((k, v) -> {
            String current = s.parameters().get(k);
            if (!PostfixPlanner.same(current, v)) {
                drifts.add(new Drift(k, v, current == null ? "(not set)" : current, "main.cf"));
            }
        });
        Map<String, MasterEntry> services = PostfixSettings.masterCf(spec, s.services());
        services.forEach((k, e) -> {
            MasterEntry current = s.services().get(k);
            if (!e.sameAs(current)) {
                drifts.add(new Drift(k, e.line(), current == null ? "(no such service)" : current.line(), "master.cf"));
            }
        });
        for (MapFile m : PostfixSettings.mapFiles(spec)) {
            if (!s.files().digest(m.digestPath()).map(m.expectedDigest()::equals).orElse(false)
                    || (m.secret() && !s.files().exists(m.path()))) {
                drifts.add(new Drift(m.path(), "written by Portcullis for this spec", s.files().exists(m.path())
                        ? "different content" : "missing", "map file"));
            }
        }
        spec.dkim().map(OpenDkim::publicFile).filter(p -> !s.files().exists(p))
                .ifPresent(p -> drifts.add(new Drift(p, "the DKIM key of selector " + spec.dkim().get().selector(), "missing", "dkim")));
        if (spec.tls().isPresent()) {
            Tls t = spec.tls().get();
            for (String p : List.of(t.certificate().toString(), t.privateKey().toString())) {
                if (!s.files().exists(p)) {
                    drifts.add(new Drift(p, "present", "missing", "tls"));
                }
            }
        }
        List<String> findings = new ArrayList<>();
        if (probe.address().isEmpty()) {
            findings.add(probe.reason());
        }
        probe.probe(spec).ifPresent(p -> {
            SmtpProbeReport r = p.run();
            findings.addAll(r.lines());
            r.failures().forEach(f -> drifts.add(new Drift(f.check(), "as the spec says", f.detail(), "smtp")));
        });
        return new VerifyReport(PostfixPlanner.BACKEND, "mail server " + spec.hostname() + " (" + spec.name() + ")",
                drifts, findings);
    }
}
