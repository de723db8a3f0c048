package dev.portcullis.examples.testing;

import dev.portcullis.Cidr;
import dev.portcullis.HostName;
import dev.portcullis.MailServerSpec;
import dev.portcullis.exec.Command;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.Probe;
import dev.portcullis.plan.Step;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.MailServerBackend;
import dev.portcullis.spi.Support;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A stand-in for a mail server backend, so the examples' tests depend on no real backend's
 * internals: it records every spec it is asked about and plans three Postfix-like steps (back up,
 * set keys in one postconf, reload), each with a probe and an undo, so rollbacks have something
 * to undo.
 */
public final class FakePostfixBackend implements MailServerBackend {

    /** Its id. */
    public static final String ID = "fake-postfix";

    private final List<MailServerSpec> planned = new ArrayList<>();

    /** @return every spec planned so far */
    public synchronized List<MailServerSpec> planned() {
        return List.copyOf(planned);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Support supports(HostFacts facts) {
        return facts.hasTool("postconf") ? Support.yes("postconf on PATH") : Support.no("no postconf on PATH");
    }

    @Override
    public synchronized Plan plan(MailServerSpec spec, BackendContext context) {
        planned.add(spec);
        context.runner().execute(Command.of("postconf", "-n"));
        List<String> keys = new ArrayList<>();
        keys.add("myhostname=" + spec.hostname().value());
        keys.add("mydestination=" + spec.acceptedDomains().stream().map(HostName::value).collect(Collectors.joining(", ")));
        keys.add("mynetworks=127.0.0.0/8 " + spec.trustedNetworks().stream().map(Cidr::toCidrString).collect(Collectors.joining(" ")));
        spec.tls().ifPresent(t -> keys.add("smtpd_tls_cert_file=" + t.certificate()));
        keys.add("message_size_limit=" + spec.maxMessageSize().bytes());
        List<String> setArgs = new ArrayList<>(List.of("-e"));
        setArgs.addAll(keys);
        return Plan.builder(ID, "mail server " + spec.hostname().value())
                .step(Step.of("back up main.cf", Command.of("cp", "/etc/postfix/main.cf", "/etc/postfix/main.cf.portcullis"),
                        Probe.succeeds("backup exists", Command.of("test", "-f", "/etc/postfix/main.cf.portcullis")),
                        Command.of("rm", "/etc/postfix/main.cf.portcullis")))
                .step(Step.of("set " + keys.size() + " keys in main.cf", Command.of("postconf", setArgs.toArray(String[]::new)),
                        Probe.succeeds("postconf -n shows them", Command.of("postconf", "-n")),
                        Command.of("cp", "/etc/postfix/main.cf.portcullis", "/etc/postfix/main.cf")))
                .step(Step.of("reload postfix", Command.of("postfix", "reload"),
                        Probe.succeeds("postfix runs", Command.of("postfix", "status")), Command.of("postfix", "reload")))
                .build();
    }

    @Override
    public Plan planRemoval(MailServerSpec spec, BackendContext context) {
        return Plan.builder(ID, "mail server " + spec.hostname().value())
                .step(Step.of("restore main.cf", Command.of("cp", "/etc/postfix/main.cf.portcullis", "/etc/postfix/main.cf"),
                        Probe.none("restored"), Command.of("true")))
                .build();
    }

    @Override
    public VerifyReport verify(MailServerSpec spec, BackendContext context) {
        context.runner().execute(Command.of("postconf", "-n"));
        return new VerifyReport(ID, "mail server " + spec.hostname().value(), List.of(), List.of());
    }
}
