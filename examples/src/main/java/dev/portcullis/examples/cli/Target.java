package dev.portcullis.examples.cli;

import dev.portcullis.ApplyOptions;
import dev.portcullis.MailServerSpec;
import dev.portcullis.PortPolicy;
import dev.portcullis.Provisioner;
import dev.portcullis.Spec;
import dev.portcullis.plan.ApplyReport;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one spec file asks the command line to provision: a firewall policy, or a mail server
 * together with the firewall policy it needs ({@link MailServerSpec#firewallPolicy()}), unless the
 * firewall is left alone. Each operation runs the parts in a safe order: the mail server is
 * configured before its ports open, and its ports close before it is removed.
 */
public final class Target {

    private final MailServerSpec mailServer;
    private final PortPolicy firewall;

    private Target(MailServerSpec mailServer, PortPolicy firewall) {
        this.mailServer = mailServer;
        this.firewall = firewall;
    }

    /**
     * @param spec what a spec file holds
     * @param withFirewall whether a mail server's ports are opened too
     * @return the target
     */
    public static Target of(Spec spec, boolean withFirewall) {
        Objects.requireNonNull(spec, "spec");
        return spec.match(policy -> new Target(null, policy),
                mail -> new Target(mail, withFirewall ? mail.firewallPolicy() : null));
    }

    /** @return the mail server, if the spec is one */
    public Optional<MailServerSpec> mailServer() {
        return Optional.ofNullable(mailServer);
    }

    /** @return the firewall policy, if any is to be provisioned */
    public Optional<PortPolicy> firewall() {
        return Optional.ofNullable(firewall);
    }

    /**
     * @return files the spec says the administrator provides (a TLS certificate and key that are not
     *     to be generated): an assumed host has them
     */
    public Set<String> providedFiles() {
        Set<String> files = new TreeSet<>();
        if (mailServer != null) {
            mailServer.tls().filter(t -> !t.selfSigned()).ifPresent(t -> {
                files.add(t.certificate().toString());
                files.add(t.privateKey().toString());
            });
        }
        return files;
    }

    /**
     * @param p the provisioner that reaches the host
     * @return the plans, in the order apply would run them (dry run)
     */
    public List<Plan> plan(Provisioner p) {
        return plan(p, ApplyOptions.defaults());
    }

    /**
     * @param p the provisioner that reaches the host
     * @param options for the firewall part: whether it may lock the operator out
     * @return the plans, in the order apply would run them (dry run)
     */
    public List<Plan> plan(Provisioner p, ApplyOptions options) {
        List<Plan> plans = new ArrayList<>();
        if (mailServer != null) {
            plans.add(p.plan(mailServer));
        }
        if (firewall != null) {
            plans.add(p.plan(firewall, options));
        }
        return plans;
    }

    /**
     * Applies the parts in order and stops at the first that does not succeed (it has rolled
     * itself back; earlier parts stay, and the report says so).
     *
     * @param p the provisioner that reaches the host
     * @return one report per part that ran
     */
    public List<ApplyReport> apply(Provisioner p) {
        return apply(p, ApplyOptions.defaults());
    }

    /**
     * Like {@link #apply(Provisioner)}, with the firewall part guarded by the options: the lockout
     * guard, and a confirmation window that arms a revert of the firewall on the host.
     *
     * @param p the provisioner that reaches the host
     * @param options for the firewall part
     * @return one report per part that ran
     */
    public List<ApplyReport> apply(Provisioner p, ApplyOptions options) {
        List<ApplyReport> reports = new ArrayList<>();
        if (mailServer != null) {
            reports.add(p.apply(mailServer));
        }
        if (firewall != null && (reports.isEmpty() || reports.get(0).succeeded())) {
            reports.add(p.apply(firewall, options));
        }
        return reports;
    }

    /**
     * @param p the provisioner that reaches the host
     * @return one read-only report per part
     */
    public List<VerifyReport> verify(Provisioner p) {
        List<VerifyReport> reports = new ArrayList<>();
        if (mailServer != null) {
            reports.add(p.verify(mailServer));
        }
        if (firewall != null) {
            reports.add(p.verify(firewall));
        }
        return reports;
    }

    /**
     * @param p the provisioner that reaches the host
     * @return the removal plans, in the order remove would run them (dry run)
     */
    public List<Plan> planRemoval(Provisioner p) {
        List<Plan> plans = new ArrayList<>();
        if (firewall != null) {
            plans.add(p.planRemoval(firewall));
        }
        if (mailServer != null) {
            plans.add(p.planRemoval(mailServer));
        }
        return plans;
    }

    /**
     * Removes what the spec owns: the firewall rules first (close the ports), then the mail server
     * configuration. Stops at the first part that does not succeed.
     *
     * @param p the provisioner that reaches the host
     * @return one report per part that ran
     */
    public List<ApplyReport> remove(Provisioner p) {
        List<ApplyReport> reports = new ArrayList<>();
        if (firewall != null) {
            reports.add(p.remove(firewall));
        }
        if (mailServer != null && (reports.isEmpty() || reports.get(0).succeeded())) {
            reports.add(p.remove(mailServer));
        }
        return reports;
    }
}
