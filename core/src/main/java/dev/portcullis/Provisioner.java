package dev.portcullis;

import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.LocalCommandRunner;
import dev.portcullis.hoststate.SingleWriter;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.PendingRevert;
import dev.portcullis.plan.RevertTimer;
import dev.portcullis.plan.CancellationToken;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.PlanExecutor;
import dev.portcullis.plan.ProvisioningListener;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.preflight.Preflight;
import dev.portcullis.preflight.PreflightOptions;
import dev.portcullis.preflight.PreflightReport;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.Backends;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsGatherer;
import dev.portcullis.spi.MailServerBackend;
import dev.portcullis.spi.RestorableFirewall;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 *
 * Provisioner r = Provisioner.builder()              // every setting at once
 *     .runner(runner).firewall("linux-iptables").option("iptables.persist", "true")
 *     .listener(event -> ...).build();
 * Provisioner s = r.newBuilder().mailServer("postfix").build();   // derive a variant
 * }</pre>
 *
 * <p>Immutable and safe to share, like OkHttp's client: one {@link Builder} holds every setting,
 * {@link #newBuilder()} starts a builder from this provisioner's settings. The one-setting
 * shortcuts ({@link #firewall(String)}, {@link #listener(ProvisioningListener)}, ...) return a
 * changed copy the same way. Host facts are gathered once, on first need, and shared by the copies
 * that reach the same host.
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

    private Provisioner(Builder b) {
        this.runner = b.runner == null ? LocalCommandRunner.create() : b.runner;
        this.firewallId = b.firewallId;
        this.mailServerId = b.mailServerId;
        this.listener = b.listener;
        this.cancellation = b.cancellation == null ? new CancellationToken() : b.cancellation;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
        this.firewalls = List.copyOf(b.firewalls == null ? Backends.firewalls() : b.firewalls);
        this.mailServers = List.copyOf(b.mailServers == null ? Backends.mailServers() : b.mailServers);
        CommandRunner host = this.runner;
        this.facts = b.facts != null ? b.facts : new FactsHolder(() -> HostFactsGatherer.gather(host), false);
    }

    /**
     * Starts a provisioner with every setting at its default: this machine through a
     * {@link LocalCommandRunner}, backends found on the class path and chosen by the host's facts, no
     * listener, no options.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this provisioner's settings (and sharing its host facts), to derive a variant */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** @return a provisioner for this machine, choosing backends from what is installed here */
    public static Provisioner local() {
        return builder().build();
    }

    /**
     * @param runner reaches the host (a container, a remote host, a recording fake)
     * @return a provisioner for that host, with every other setting at its default
     */
    public static Provisioner on(CommandRunner runner) {
        return builder().runner(runner).build();
    }

    /**
     * A copy using one firewall backend; the same as {@code newBuilder().firewall(id).build()}.
     *
     * @param id firewall backend to use ("linux-iptables", "linux-firewalld", "windows-firewall")
     * @return the copy
     */
    public Provisioner firewall(String id) {
        return newBuilder().firewall(id).build();
    }

    /**
     * A copy using one mail server backend; the same as {@code newBuilder().mailServer(id).build()}.
     *
     * @param id mail server backend to use ("postfix", "exchange")
     * @return the copy
     */
    public Provisioner mailServer(String id) {
        return newBuilder().mailServer(id).build();
    }

    /**
     * A copy that reports to a listener; the same as {@code newBuilder().listener(listener).build()}.
     *
     * @param listener receives step events during apply and remove (a lambda or closure)
     * @return the copy
     */
    public Provisioner listener(ProvisioningListener listener) {
        return newBuilder().listener(listener).build();
    }

    /**
     * A copy that another thread can cancel; the same as {@code newBuilder().cancellation(token).build()}.
     *
     * @param token lets another thread cancel an apply between steps
     * @return the copy
     */
    public Provisioner cancellation(CancellationToken token) {
        return newBuilder().cancellation(token).build();
    }

    /**
     * A copy with one backend option set; the same as {@code newBuilder().option(key, value).build()}.
     *
     * @param key backend option, e.g. "iptables.persist"
     * @param value its value
     * @return the copy
     */
    public Provisioner option(String key, String value) {
        return newBuilder().option(key, value).build();
    }

    /**
     * A copy using these backend instances instead of the ones found on the class path (tests,
     * embedding); the same as {@code newBuilder().backends(firewalls, mailServers).build()}.
     *
     * @param firewalls firewall backends
     * @param mailServers mail server backends
     * @return the copy
     */
    public Provisioner backends(List<FirewallBackend> firewalls, List<MailServerBackend> mailServers) {
        return newBuilder().backends(firewalls, mailServers).build();
    }

    /**
     * A copy that uses known facts instead of gathering them from the host (for planning offline);
     * the same as {@code newBuilder().facts(hostFacts).build()}.
     *
     * @param hostFacts the facts
     * @return the copy
     */
    public Provisioner facts(HostFacts hostFacts) {
        return newBuilder().facts(hostFacts).build();
    }

    /** @return the host's facts, gathered on first call */
    public HostFacts facts() {
        return facts.get();
    }

    /** @return the runner that reaches the host */
    public CommandRunner runner() {
        return runner;
    }

    /** @return the id of the firewall backend asked for; empty when it is chosen by the host's facts */
    public Optional<String> firewallId() {
        return Optional.ofNullable(firewallId);
    }

    /** @return the id of the mail server backend asked for; empty when it is chosen by the host's facts */
    public Optional<String> mailServerId() {
        return Optional.ofNullable(mailServerId);
    }

    /** @return what receives step events during apply and remove */
    public ProvisioningListener listener() {
        return listener;
    }

    /** @return the token that cancels an apply between steps */
    public CancellationToken cancellation() {
        return cancellation;
    }

    /** @return the backend options, in the order they were set */
    public Map<String, String> options() {
        return options;
    }

    /** @return the firewall backends to choose from */
    public List<FirewallBackend> firewalls() {
        return firewalls;
    }

    /** @return the mail server backends to choose from */
    public List<MailServerBackend> mailServers() {
        return mailServers;
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
     * One writer per host: lock, recover an interrupted run, plan, execute with the journal (see
     * {@link SingleWriter}). The lock and journal are POSIX files; a Windows host has neither yet.
     */
    private ApplyReport asOnlyWriter(String command, Supplier<Plan> planner) {
        return asOnlyWriter(command, planner, (plan, executor) -> executor.execute(plan));
    }

    /** Like {@link #asOnlyWriter(String, Supplier)}, running the plan its own way with the journaling executor. */
    private ApplyReport asOnlyWriter(String command, Supplier<Plan> planner,
            java.util.function.BiFunction<Plan, PlanExecutor, ApplyReport> execution) {
        if (facts().osFamily() == HostFacts.OsFamily.WINDOWS) {
            return execution.apply(planner.get(), executor());
        }
        SingleWriter writer = SingleWriter.at(options.get(SingleWriter.LOCK_PATH_OPTION), options.get(SingleWriter.JOURNAL_PATH_OPTION));
        return writer.run(runner, command, planner, (plan, journal) -> execution.apply(plan, executor().journal(journal)));
    }

    private VerifyReport verifyUnlessInterrupted(Supplier<VerifyReport> verifier) {
        if (facts().osFamily() == HostFacts.OsFamily.WINDOWS) {
            return verifier.get();
        }
        return SingleWriter.at(options.get(SingleWriter.LOCK_PATH_OPTION), options.get(SingleWriter.JOURNAL_PATH_OPTION))
                .verify(runner, verifier);
    }

    /**
     * Plans a policy, refusing one that would lock out the operator ({@link LockoutGuard}: the SSH
     * port of {@link CommandRunner#operatorSession()}, tcp/22 when it is not known) unless the policy
     * says {@link PortPolicy#allowLockout()}.
     *
     * @param policy the desired firewall state
     * @return the plan (a dry run: nothing changes)
     * @throws InvalidSpecException naming each rule that would lock the operator out
     */
    public Plan plan(PortPolicy policy) {
        return plan(policy, ApplyOptions.defaults());
    }

    /**
     * Plans a policy, with the lockout guard skipped when the options allow lockout.
     *
     * @param policy the desired firewall state
     * @param options whether the call may lock the operator out (the confirmation window plays no part in a plan)
     * @return the plan (a dry run: nothing changes)
     * @throws InvalidSpecException naming each rule that would lock the operator out
     */
    public Plan plan(PortPolicy policy, ApplyOptions options) {
        if (!options.allowLockout()) {
            LockoutGuard.check(policy, runner.operatorSession());
        }
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
     * Plans, runs each step and proves it live, and rolls back on failure; as the host's only
     * writer (see {@link SingleWriter}: the host lock, and the journal that lets the next run undo
     * an apply killed half-way).
     *
     * @param policy the desired firewall state
     * @return what happened
     * @throws dev.portcullis.hoststate.HostLockedException when another run holds the host's lock
     * @throws dev.portcullis.hoststate.InterruptedApplyException when an interrupted run cannot be undone by itself
     */
    public ApplyReport apply(PortPolicy policy) {
        return apply(policy, ApplyOptions.defaults());
    }

    /**
     * Plans, runs each step and proves it live, and rolls back on failure. With a confirmation
     * window, a plan that changes anything first arms a revert on the host ({@link RevertTimer}):
     * the host restores its firewall as it was unless {@link #confirm()} runs within the window. A
     * converged host arms nothing; an apply that rolls back disarms its revert again.
     *
     * @param policy the desired firewall state
     * @param options the lockout guard and the confirmation window
     * @return what happened; {@link #pendingReverts()} lists an armed revert
     * @throws UnsupportedOperationException when a window is asked of a backend that cannot restore
     *     its state on the host (nothing is changed)
     */
    public ApplyReport apply(PortPolicy policy, ApplyOptions options) {
        // what can be refused without the host is refused before the host lock is even taken, and once
        if (!options.allowLockout()) {
            LockoutGuard.check(policy, runner.operatorSession());
        }
        Optional<RestorableFirewall> restorable = options.confirmWithin().map(window -> restorable());
        return asOnlyWriter("apply port policy " + policy.name(), () -> firewallBackend().plan(policy, context()),
                (plan, executor) -> {
                    if (restorable.isEmpty() || plan.isEmpty()) {
                        return executor.execute(plan);
                    }
                    PendingRevert revert = armRevert(restorable.get(), policy, options.confirmWithin().get());
                    ApplyReport report = executor.execute(plan);
                    if (report.outcome() == ApplyReport.Outcome.ROLLED_BACK
                            || report.outcome() == ApplyReport.Outcome.CANCELLED) {
                        RevertTimer.disarm(runner, revert);   // the host is as it was: nothing left to revert
                    }
                    return report;
                });
    }

    private PendingRevert armRevert(RestorableFirewall restorable, PortPolicy policy, Duration window) {
        String id = RevertTimer.newId(Clock.systemUTC());
        return RevertTimer.arm(runner, restorable.restorePoint(RevertTimer.folder(id), policy, context()), id, policy.name(),
                window, Clock.systemUTC());
    }

    private RestorableFirewall restorable() {
        FirewallBackend backend = firewallBackend();
        if (!(backend instanceof RestorableFirewall restorable)) {
            throw new UnsupportedOperationException(backend.id() + " cannot restore its state on the host by itself, so"
                    + " no confirmation window can be armed; nothing was changed");
        }
        return restorable;
    }

    /** @return the reverts armed on the host by applies with a confirmation window, not yet fired or confirmed */
    public List<PendingRevert> pendingReverts() {
        return RevertTimer.pending(runner);
    }

    /**
     * Confirms every pending revert on the host: each is disarmed, and its saved state deleted.
     *
     * @return the reverts disarmed in time; one whose deadline came first is not among them (the host
     *     has restored, or is restoring, its state)
     */
    public List<PendingRevert> confirm() {
        return pendingReverts().stream().filter(this::confirm).toList();
    }

    /**
     * Confirms one pending revert.
     *
     * @param revert a revert from {@link #pendingReverts()}
     * @return true when it was disarmed in time; false when its deadline came first
     */
    public boolean confirm(PendingRevert revert) {
        return RevertTimer.disarm(runner, revert);
    }

    /**
     * Plans, runs each step and proves it live, and rolls back on failure; as the host's only
     * writer, like {@link #apply(PortPolicy)}.
     *
     * @param spec the desired mail server
     * @return what happened
     * @throws dev.portcullis.hoststate.HostLockedException when another run holds the host's lock
     * @throws dev.portcullis.hoststate.InterruptedApplyException when an interrupted run cannot be undone by itself
     */
    public ApplyReport apply(MailServerSpec spec) {
        return asOnlyWriter("apply mail server " + spec.name(), () -> plan(spec));
    }

    /**
     * @param policy the desired firewall state
     * @return converged, or the differences (read-only); an apply interrupted half-way is a drift
     */
    public VerifyReport verify(PortPolicy policy) {
        return verifyUnlessInterrupted(() -> firewallBackend().verify(policy, context()));
    }

    /**
     * @param spec the desired mail server
     * @return converged, or the differences (read-only); an apply interrupted half-way is a drift
     */
    public VerifyReport verify(MailServerSpec spec) {
        return verifyUnlessInterrupted(() -> mailServerBackend().verify(spec, context()));
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
        return asOnlyWriter("remove port policy " + policy.name(), () -> planRemoval(policy));
    }

    /**
     * @param spec the mail server whose configuration goes (the configuration it replaced comes back)
     * @return the removal plan (a dry run)
     */
    public Plan planRemoval(MailServerSpec spec) {
        return mailServerBackend().planRemoval(spec, context());
    }

    /**
     * Removes what the spec owns (restores the configuration Portcullis replaced).
     *
     * @param spec the spec
     * @return what happened
     */
    public ApplyReport remove(MailServerSpec spec) {
        return asOnlyWriter("remove mail server " + spec.name(), () -> planRemoval(spec));
    }

    /**
     * Checks, read-only, that applying the spec through this provisioner can work: privileges,
     * hardware, port occupancy, firewall audit (and which backend this provisioner would choose),
     * outbound SMTP, mail stack. Nothing on the host changes.
     *
     * @param spec the port policy or mail server spec about to be applied
     * @return the report; hand {@code report.facts()} to {@link #facts(HostFacts)} to provision as
     *     preflight judged
     */
    public PreflightReport preflight(Spec spec) {
        return preflight(spec, PreflightOptions.defaults());
    }

    /**
     * Like {@link #preflight(Spec)}, with preflight's own settings (thresholds, the relay to test).
     *
     * @param spec the port policy or mail server spec about to be applied
     * @param options preflight's settings
     * @return the report
     */
    public PreflightReport preflight(Spec spec, PreflightOptions options) {
        return Preflight.run(this, spec, options);
    }

    /**
     * Builds a {@link Provisioner}. Every setting has a default, so {@code builder().build()} is
     * {@link Provisioner#local()}. Not thread-safe; the provisioner it builds is.
     */
    public static final class Builder {
        private CommandRunner runner;
        private String firewallId;
        private String mailServerId;
        private ProvisioningListener listener = ProvisioningListener.NONE;
        private CancellationToken cancellation;
        private final Map<String, String> options = new LinkedHashMap<>();
        private List<FirewallBackend> firewalls;
        private List<MailServerBackend> mailServers;
        private FactsHolder facts;

        private Builder() {
        }

        private Builder(Provisioner p) {
            this.runner = p.runner;
            this.firewallId = p.firewallId;
            this.mailServerId = p.mailServerId;
            this.listener = p.listener;
            this.cancellation = p.cancellation;
            this.options.putAll(p.options);
            this.firewalls = p.firewalls;
            this.mailServers = p.mailServers;
            this.facts = p.facts;
        }

        /**
         * Reaches another host. Facts gathered through another runner are dropped (they describe
         * another host); facts given with {@link #facts(HostFacts)} stay.
         *
         * @param runner reaches the host (a container, a remote host, a recording fake)
         * @return this builder
         */
        public Builder runner(CommandRunner runner) {
            if (runner != this.runner && facts != null && !facts.given) {
                this.facts = null;
            }
            this.runner = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /**
         * @param id firewall backend to use ("linux-iptables", "linux-firewalld", "windows-firewall");
         *     {@code null} lets the host's facts choose, as by default
         * @return this builder
         */
        public Builder firewall(String id) {
            this.firewallId = id;
            return this;
        }

        /**
         * @param id mail server backend to use ("postfix", "exchange"); {@code null} lets the host's
         *     facts choose, as by default
         * @return this builder
         */
        public Builder mailServer(String id) {
            this.mailServerId = id;
            return this;
        }

        /**
         * @param listener receives step events during apply and remove (a lambda or closure);
         *     replaces the one set before
         * @return this builder
         */
        public Builder listener(ProvisioningListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @param token lets another thread cancel an apply between steps (default: a token of
         *     the provisioner's own that nobody else holds)
         * @return this builder
         */
        public Builder cancellation(CancellationToken token) {
            this.cancellation = Objects.requireNonNull(token, "cancellation");
            return this;
        }

        /**
         * Sets one backend option, replacing an earlier value of the same key.
         *
         * @param key backend option, e.g. "iptables.persist"
         * @param value its value
         * @return this builder
         */
        public Builder option(String key, String value) {
            options.put(Objects.requireNonNull(key, "option key"), Objects.requireNonNull(value, "option value"));
            return this;
        }

        /**
         * Removes one backend option, so that the backend's default applies.
         *
         * @param key backend option
         * @return this builder
         */
        public Builder removeOption(String key) {
            options.remove(key);
            return this;
        }

        /**
         * Uses these backend instances instead of the ones found on the class path (tests, embedding).
         *
         * @param firewalls firewall backends
         * @param mailServers mail server backends
         * @return this builder
         */
        public Builder backends(List<FirewallBackend> firewalls, List<MailServerBackend> mailServers) {
            this.firewalls = List.copyOf(firewalls);
            this.mailServers = List.copyOf(mailServers);
            return this;
        }

        /**
         * Uses known facts instead of gathering them from the host (for planning offline).
         *
         * @param hostFacts the facts
         * @return this builder
         */
        public Builder facts(HostFacts hostFacts) {
            Objects.requireNonNull(hostFacts, "facts");
            this.facts = new FactsHolder(() -> hostFacts, true);
            return this;
        }

        /** @return the provisioner */
        public Provisioner build() {
            return new Provisioner(this);
        }
    }

    /** Gathers facts once, shared by all copies of a provisioner that reach the same host. */
    private static final class FactsHolder {
        private final Supplier<HostFacts> source;
        private final boolean given;
        private volatile HostFacts value;

        /**
         * @param source gathers or gives the facts
         * @param given whether the caller gave them (they then stay when the runner changes)
         */
        FactsHolder(Supplier<HostFacts> source, boolean given) {
            this.source = source;
            this.given = given;
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
