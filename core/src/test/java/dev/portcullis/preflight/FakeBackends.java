package dev.portcullis.preflight;

import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.MailServerBackend;
import dev.portcullis.spi.Support;
import java.util.function.Function;

/** Backends that only answer supports(): what the audit asks them. */
public final class FakeBackends {

    private FakeBackends() {
    }

    /** Supports hosts whose iptables-save is on PATH. */
    static FirewallBackend iptables() {
        return firewall("fake-iptables", 0, f -> f.hasTool("iptables-save") ? Support.yes("iptables-save on PATH")
                : Support.no("no iptables-save on PATH"));
    }

    /** Supports hosts where preflight found firewalld running; preferred over iptables. */
    static FirewallBackend firewalld() {
        return firewall("fake-firewalld", 10, f -> f.attribute(PreflightFacts.FIREWALLD_STATE).orElse("").equals("running")
                ? Support.yes("firewalld is running") : Support.no("firewalld is not running"));
    }

    /** Supports hosts where preflight found Postfix. */
    static MailServerBackend postfix() {
        return new MailServerBackend() {
            @Override
            public String id() {
                return "fake-postfix";
            }

            @Override
            public Support supports(HostFacts f) {
                return f.attribute(PreflightFacts.POSTFIX_VERSION).isPresent()
                        ? Support.yes("Postfix " + f.attribute(PreflightFacts.POSTFIX_VERSION).get() + " installed")
                        : Support.no("Postfix is not installed");
            }

            @Override
            public Plan plan(MailServerSpec spec, BackendContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Plan planRemoval(MailServerSpec spec, BackendContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public VerifyReport verify(MailServerSpec spec, BackendContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /**
     * @param id the backend id
     * @param priority its priority
     * @param supports its answer for given facts
     * @return a firewall backend that only answers {@code supports}; planning throws
     */
    public static FirewallBackend firewall(String id, int priority, Function<HostFacts, Support> supports) {
        return new FirewallBackend() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public Support supports(HostFacts facts) {
                return supports.apply(facts);
            }

            @Override
            public Plan plan(PortPolicy spec, BackendContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Plan planRemoval(PortPolicy spec, BackendContext context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public VerifyReport verify(PortPolicy spec, BackendContext context) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
