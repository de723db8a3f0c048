package dev.portcullis;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.LocalCommandRunner;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.CancellationToken;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.ProvisioningListener;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.Backends;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.spi.MailServerBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The front door: plans, applies, verifies and removes {@link PortPolicy}s and
 * {@link MailServerSpec}s on one host, through the backends found on the class path.
 *
 * <pre>{@code
 * Provisioner p = Provisioner.local();               // detects backends on this host
 * Provisioner q = Provisioner.on(runner)             // any host a CommandRunner reaches
 *     .firewall("linux-firewalld").mailServer("postfix").listener(event -> ...);
 * Plan plan = p.plan(smtp);           // dry run; plan.render() is the exact commands
 * ApplyReport report = p.apply(smtp); // plan, run, check each step live, roll back on failure
 * VerifyReport drift = p.verify(smtp);// read-only: converged or the differences
 * p.remove(smtp);                     // removes what the policy owns, nothing else
 * }</pre>
 *
 * <p>Immutable: each setting returns a changed copy. Host facts are gathered once, on first need,
 * and shared by the copies.
 */
public final class Provisioner {

    private final CommandRunner runner;
    private final String firewallId;
    private final String mailServerId;
    private final ProvisioningListener listener;
    private final CancellationToken cancellation;
    private final Map<String, String> options;
    private final List<FirewallBackend> firewalls;
    private final List<MailServerBackend> mailServers;
    private final FactsHolder facts;

    private Provisioner(CommandRunner runner, String firewallId, String mailServerId, ProvisioningListener listener,
            CancellationToken cancellation, Map<String, String> options, List<FirewallBackend> firewalls,
            List<MailServerBackend> mailServers, FactsHolder facts) {
        this.runner = runner;
        this.firewallId = firewallId;
        this.mailServerId = mailServerId;
        this.listener = listener;
        this.cancellation = cancellation;
        this.options = Map.copyOf(options);
        this.firewalls = List.copyOf(firewalls);
        this.mailServers = List.copyOf(mailServers);
        this.facts = facts;
    }

    /** @return a provisioner for this machine, choosing backends from what is installed here */
    public static Provisioner local() {
        return on(LocalCommandRunner.create());
    }

    /**
     * @param runner reaches the host (a container, a remote host, a recording fake)
     * @return a provisioner for that host
     */
    public static Provisioner on(CommandRunner runner) {
        Objects.requireNonNull(runner, "runner");
        return new Provisioner(runner, null, null, ProvisioningListener.NONE, new CancellationToken(), Map.of(),
                Backends.firewalls(), Backends.mailServers(), new FactsHolder(() -> HostFactsGatherer.gather(runner)));
    }

    /**
     * @param id firewall backend to use ("linux-iptables", "linux-firewalld", "windows-firewall")
     * @return a copy using it
     */
    public Provisioner firewall(String id) {
        return new Provisioner(runner, id, mailServerId, listener, cancellation, options, firewalls, mailServers, facts);
    }

    /**
     * @param id mail server backend to use ("postfix", "exchange")
     * @return a copy using it
     */
    public Provisioner mailServer(String id) {
        return new Provisioner(runner, firewallId, id, listener, cancellation, options, firewalls, mailServers, facts);
    }

    /**
     * @param listener receives step events during apply and remove (a lambda or closure)
     * @return a copy using it
     */
    public Provisioner listener(ProvisioningListener listener) {
        return new Provisioner(runner, firewallId, mailServerId, Objects.requireNonNull(listener), cancellation, options,
                firewalls, mailServers, facts);
    }

    /**
     * @param token lets another thread cancel an apply between steps
     * @return a copy using it
     */
    public Provisioner cancellation(CancellationToken token) {
        return new Provisioner(runner, firewallId, mailServerId, listener, Objects.requireNonNull(token), options,
                firewalls, mailServers, facts);
    }

    /**
     * @param key backend option, e.g. "iptables.persist"
     * @param value its value
     * @return a copy with the option set
     */
    public Provisioner option(String key, String value) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
        return new Provisioner(runner, firewallId, mailServerId, listener, cancellation, o, firewalls, mailServers, facts);
    }

    /**
     * Uses these backend instances instead of the ones found on the class path (tests, embedding).
     *
     * @param firewalls firewall backends
     * @param mailServers mail server backends
     * @return a copy using them
     */
    public Provisioner backends(List<FirewallBackend> firewalls, List<MailServerBackend> mailServers) {
        return new Provisioner(runner, firewallId, mailServerId, listener, cancellation, options, firewalls, mailServers, facts);
    }

    /**
     * Uses known facts instead of gathering them from the host (for planning offline).
     *
     * @param hostFacts the facts
     * @return a copy using them
     */
    public Provisioner facts(HostFacts hostFacts) {
        Objects.requireNonNull(hostFacts);
        return new Provisioner(runner, firewallId, mailServerId, listener, cancellation, options, firewalls, mailServers,
                new FactsHolder(() -> hostFacts));
    }

    /** @return the host's facts, gathered on first call */
    public HostFacts facts() {
        return facts.get();
    }

    /** @return the runner that reaches the host */
    public CommandRunner runner() {
        return runner;
    }

    /** @return the firewall backend chosen for the host */
    public FirewallBackend firewallBackend() {
        return Backends.choose("firewall", firewalls, firewallId, facts());
    }

    /** @return the mail server backend chosen for the host */
    public MailServerBackend mailServerBackend() {
        return Backends.choose("mail server", mailServers, mailServerId, facts());
    }

    private BackendContext context() {
        return new BackendContext(runner, facts(), options);
    }

    private PlanExecutor executor() {
        return new PlanExecutor(runner, listener, cancellation);
    }

    /**
     * @param policy the desired firewall state
     * @return the plan (a dry run: nothing changes)
     */
    public Plan plan(PortPolicy policy) {
        return firewallBackend().plan(policy, context());
    }

    /**
     * @param spec the desired mail server
     * @return the plan (a dry run: nothing changes)
     */
    public Plan plan(MailServerSpec spec) {
        return mailServerBackend().plan(spec, context());
    }

    /**
     * Plans, runs each step and proves it live, and rolls back on failure.
     *
     * @param policy the desired firewall state
     * @return what happened
     */
    public ApplyReport apply(PortPolicy policy) {
        return executor().execute(plan(policy));
    }

    /**
     * Plans, runs each step and proves it live, and rolls back on failure.
     *
     * @param spec the desired mail server
     * @return what happened
     */
    public ApplyReport apply(MailServerSpec spec) {
        return executor().execute(plan(spec));
    }

    /**
     * @param policy the desired firewall state
     * @return converged, or the differences (read-only)
     */
    public VerifyReport verify(PortPolicy policy) {
        return firewallBackend().verify(policy, context());
    }

    /**
     * @param spec the desired mail server
     * @return converged, or the differences (read-only)
     */
    public VerifyReport verify(MailServerSpec spec) {
        return mailServerBackend().verify(spec, context());
    }

    /**
     * @param policy the policy whose owned rules go
     * @return the removal plan (a dry run)
     */
    public Plan planRemoval(PortPolicy policy) {
        return firewallBackend().planRemoval(policy, context());
    }

    /**
     * Removes what the policy owns on the host, nothing else.
     *
     * @param policy the policy
     * @return what happened
     */
    public ApplyReport remove(PortPolicy policy) {
        return executor().execute(planRemoval(policy));
    }

    /**
     * Removes what the spec owns (restores the configuration Portcullis replaced).
     *
     * @param spec the spec
     * @return what happened
     */
    public ApplyReport remove(MailServerSpec spec) {
        return executor().execute(mailServerBackend().planRemoval(spec, context()));
    }

    /** Gathers facts once, shared by all copies of a provisioner. */
    private static final class FactsHolder {
        private final Supplier<HostFacts> source;
        private volatile HostFacts value;

        FactsHolder(Supplier<HostFacts> source) {
            this.source = source;
        }

        HostFacts get() {
            HostFacts v = value;
            if (v == null) {
                synchronized (this) {
                    if (value == null) {
                        value = source.get();
                    }
                    v = value;
                }
            }
            return v;
        }
    }
}
