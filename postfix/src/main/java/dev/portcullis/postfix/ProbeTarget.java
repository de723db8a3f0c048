package dev.portcullis.postfix;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.ListenScope;
import dev.portcullis.MailServerSpec;
import dev.portcullis.SecretRef;
import dev.portcullis.spi.BackendContext;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the SMTP probe connects, from the backend options: {@code postfix.probe.address} (the
 * host's address as this JVM reaches it, ideally from outside mynetworks), {@code postfix.probe}
 * ({@code false} turns the probe off), {@code postfix.probe.timeoutSeconds}, and
 * {@code postfix.probe.login} with {@code postfix.probe.password} (a secret reference) for a login
 * the probe tries on the submission ports. Without an address,
 * a local host is probed on loopback (where the relay check is reported as skipped) and a remote
 * host is not probed at all: a plan note says so.
 */
record ProbeTarget(Optional<String> address, Duration timeout, String reason, Optional<String> login,
        Optional<SecretRef> password) {

    static final String ADDRESS = "postfix.probe.address";
    /** The user the probe logs in as on the submission ports (with {@link #PASSWORD}). */
    static final String LOGIN = "postfix.probe.login";
    /** A secret reference ({@code env:NAME}, {@code file:/path}) to the probe login's password. */
    static final String PASSWORD = "postfix.probe.password";
    static final String ENABLED = "postfix.probe";
    static final String TIMEOUT = "postfix.probe.timeoutSeconds";

    /** A target without a probe login. */
    ProbeTarget(Optional<String> address, Duration timeout, String reason) {
        this(address, timeout, reason, Optional.empty(), Optional.empty());
    }

    /**
     * @param context the runner (local or not) and the {@code postfix.probe*} options
     * @param spec the mail server (a local host is probed on its first listening interface, loopback for "all")
     * @return where the probe connects, or no address and the reason
     */
    static ProbeTarget from(BackendContext context, MailServerSpec spec) {
        Duration timeout = Duration.ofSeconds(context.option(TIMEOUT).map(Long::parseLong).orElse(10L));
        Optional<String> login = context.option(LOGIN);
        Optional<SecretRef> password = context.option(PASSWORD).map(ProbeTarget::password);
        if (login.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("options " + LOGIN + " and " + PASSWORD + " go together: give both or neither");
        }
        if ("false".equalsIgnoreCase(context.option(ENABLED).orElse("true"))) {
            return new ProbeTarget(Optional.empty(), timeout, "SMTP probe turned off (" + ENABLED + "=false)", login, password);
        }
        Optional<String> given = context.option(ADDRESS);
        if (given.isPresent()) {
            return new ProbeTarget(given, timeout, "", login, password);
        }
        if (context.runner().isLocal()) {
            String local = spec.listenScope() == ListenScope.ADDRESSES ? spec.listenAddresses().get(0) : "127.0.0.1";
            return new ProbeTarget(Optional.of(local), timeout, "", login, password);
        }
        return new ProbeTarget(Optional.empty(), timeout, "SMTP probe not run: the host is reached through "
                + context.runner().target() + "; set option " + ADDRESS + " to an address of it this JVM can reach",
                login, password);
    }

    private static SecretRef password(String reference) {
        try {
            return SecretRef.parse(reference);
        } catch (InvalidSpecException e) {
            throw new IllegalArgumentException("option " + PASSWORD + " " + e.problems().get(0).reason());
        }
    }

    /**
     * @param spec the mail server the probe checks against (hostname in the banner, size limit, TLS, ports)
     * @return the probe of this target, or empty when no probe runs
     */
    Optional<MailServerProbe> probe(MailServerSpec spec) {
        return address.map(a -> {
            MailServerProbe p = MailServerProbe.forSpec(spec).target(a).timeout(timeout);
            return login.isPresent() ? p.login(login.get(), password.orElseThrow()) : p;
        });
    }
}
