package dev.portcullis.postfix;

import dev.portcullis.ListenScope;
import dev.portcullis.MailServerSpec;
import dev.portcullis.spi.BackendContext;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the SMTP probe connects, from the backend options: {@code postfix.probe.address} (the
 * host's address as this JVM reaches it, ideally from outside mynetworks), {@code postfix.probe}
 * ({@code false} turns the probe off) and {@code postfix.probe.timeoutSeconds}. Without an address,
 * a local host is probed on loopback (where the relay check is reported as skipped) and a remote
 * host is not probed at all: a plan note says so.
 */
record ProbeTarget(Optional<String> address, Duration timeout, String reason) {

    static final String ADDRESS = "postfix.probe.address";
    static final String ENABLED = "postfix.probe";
    static final String TIMEOUT = "postfix.probe.timeoutSeconds";

    /**
     * @param context the runner (local or not) and the {@code postfix.probe*} options
     * @param spec the mail server (a local host is probed on its first listening interface, loopback for "all")
     * @return where the probe connects, or no address and the reason
     */
    static ProbeTarget from(BackendContext context, MailServerSpec spec) {
        Duration timeout = Duration.ofSeconds(context.option(TIMEOUT).map(Long::parseLong).orElse(10L));
        if ("false".equalsIgnoreCase(context.option(ENABLED).orElse("true"))) {
            return new ProbeTarget(Optional.empty(), timeout, "SMTP probe turned off (" + ENABLED + "=false)");
        }
        Optional<String> given = context.option(ADDRESS);
        if (given.isPresent()) {
            return new ProbeTarget(given, timeout, "");
        }
        if (context.runner().isLocal()) {
            String local = spec.listenScope() == ListenScope.ADDRESSES ? spec.listenAddresses().get(0) : "127.0.0.1";
            return new ProbeTarget(Optional.of(local), timeout, "");
        }
        return new ProbeTarget(Optional.empty(), timeout, "SMTP probe not run: the host is reached through "
                + context.runner().target() + "; set option " + ADDRESS + " to an address of it this JVM can reach");
    }

    /**
     * @param spec the mail server the probe checks against (hostname in the banner, size limit, TLS, ports)
     * @return the probe of this target, or empty when no probe runs
     */
    Optional<MailServerProbe> probe(MailServerSpec spec) {
        return address.map(a -> MailServerProbe.forSpec(spec).target(a).timeout(timeout));
    }
}
