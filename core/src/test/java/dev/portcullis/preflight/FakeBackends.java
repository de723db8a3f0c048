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

    /** @return a backend that supports hosts whose iptables-save is on PATH */
    public static FirewallBackend iptables() {
        return firewall("fake-iptables", 0, f -> f.hasTool("iptables-save") ? Support.yes("iptables-save on PATH")
                : Support.no("no iptables-save on PATH"));
    }

    /**
     * @param id its id
     * @param supports its answer for a host
     * @return a mail server backend that only answers supports()
     */
    public static MailServerBackend mailServer(String id, Function<HostFacts, Support> supports) {
        return new MailServerBackend() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Support supports(HostFacts f) {
                return supports.apply(f);
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
