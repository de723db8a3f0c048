package dev.portcullis.firewalld;

import dev.portcullis.PortPolicy;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.VerifyReport;
import dev.portcullis.spi.BackendContext;
import dev.portcullis.spi.FirewallBackend;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.RestorableFirewall;
import dev.portcullis.spi.RestorePoint;
import dev.portcullis.spi.Support;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a {@link PortPolicy} into firewalld: in the policy's zone (or the default zone), in both
 * the runtime and the permanent configuration, in one process per configuration, each step
 * proven by reading firewalld back.
 *
 * <h2>Ownership: content-named services</h2>
 * Everything a policy adds references a firewalld service that the policy owns, named
 * {@code portcullis-<policy>_<protocol>_<ports>} (for example
 * {@code portcullis-smtp-inbound_tcp_25} or {@code portcullis-smtp-inbound_tcp_465_587}):
 * <ul>
 *   <li>a plain open port (any source, both IP families, no limit, no log) is the zone allowing
 *       that service: {@code --add-service=portcullis-smtp-inbound_tcp_465_587};
 *   <li>everything else is a rich rule whose only port element is that service:
 *       {@code rule family="ipv4" source address="203.0.113.0/24"
 *       service name="portcullis-smtp-inbound_tcp_25" accept limit value="60/m"}; IPv6 sources
 *       become {@code family="ipv6"} rules, deny is {@code drop}, reject is {@code reject},
 *       logging is {@code log prefix="..." level="info"}.
 * </ul>
 * Why this and not the alternatives: rich rules cannot carry a comment; a log prefix as a tag
 * would log every packet (and collide with rules that really log); a firewalld policy object
 * would hold everything in one place, but its name is limited to 18 characters and, measured on
 * firewalld 1.3.3, a policy whose ingress zone is the default zone with no interface bound is
 * never activated (its chain is not even created), which is exactly the common server set-up.
 * Services live in the permanent configuration, so the tag survives {@code --reload} and reboots;
 * the zone listing itself says what belongs to whom; and because policy names cannot contain
 * {@code _}, the prefix {@code portcullis-<policy>_} of one policy is never the prefix of
 * another's. {@code remove} takes away exactly the services and rich rules with that prefix.
 * A service's name spells out its content, so a service is never edited (only created or
 * deleted), and an undo can re-create a deleted one from its name alone.
 *
 * <h2>No reload, ever</h2>
 * firewalld cannot create a service at runtime, and {@code --reload} (the only way a permanent
 * service reaches the runtime) drops every runtime-only state on the host: fail2ban's bans, an
 * administrator's runtime rules in any zone, direct rules, runtime ipset entries. So Portcullis
 * never reloads. The permanent configuration gets the owned services; the runtime gets the same
 * rules with the ports written out ({@link RuntimeForm}), and the untagged rules it adds there are
 * recorded in {@code /run/portcullis/firewalld} ({@link RuntimeRecord}) so that only they are ever
 * removed. After a reboot (or someone else's reload) the runtime holds the tagged form, which is
 * just as converged.
 *
 * <h2>One process per configuration</h2>
 * While firewalld runs, every read and change goes through {@link FirewalldClient}: one
 * {@code python3} process on the host running Portcullis's {@code firewalld-client.py} with
 * firewalld's own {@code firewall.client} module, a JSON request on standard input. A snapshot is
 * one process (both configurations, the service names, the runtime record); a change is one process
 * per configuration whatever the number of rules (the permanent zone is written once), plus one
 * read-back each. A converged re-apply spawns only the one read.
 *
 * <h2>firewalld not running</h2>
 * When {@code firewall-cmd --state} says "not running", {@code firewall-offline-cmd} changes the
 * permanent configuration and the plan carries a note that the runtime is unchanged.
 *
 * <p>Options: none. Outbound rules are refused: firewalld zones filter incoming traffic.
 */
public final class FirewalldBackend implements FirewallBackend, RestorableFirewall {

    /** The backend id. */
    public static final String ID = "linux-firewalld";

    /** Creates the backend (the {@link java.util.ServiceLoader} needs a public constructor). */
    public FirewalldBackend() {
        // stateless
    }

    @Override
    public String id() {
        return ID;
    }

    /** @return 20: where firewalld runs, it owns the firewall, so it wins over raw iptables (10) */
    @Override
    public int priority() {
        return 20;
    }

    @Override
    public Support supports(HostFacts facts) {
        if (facts.osFamily() != HostFacts.OsFamily.LINUX) {
            return Support.no("firewalld runs on Linux only; this host is " + facts.osFamily());
        }
        boolean online = facts.hasTool("firewall-cmd");
        boolean offline = facts.hasTool("firewall-offline-cmd");
        if (!online && !offline) {
            return Support.no("neither firewall-cmd nor firewall-offline-cmd is on PATH (firewalld is not installed)");
        }
        if (!facts.isRoot()) {
            return Support.no("changing firewalld needs root; commands run as uid "
                    + (facts.effectiveUid().isPresent() ? Long.toString(facts.effectiveUid().getAsLong()) : "unknown"));
        }
        return Support.yes((online ? "firewall-cmd" : "firewall-offline-cmd") + " on PATH, running as root");
    }

    @Override
    public Plan plan(PortPolicy policy, BackendContext context) {
        FirewalldSnapshot snapshot = FirewalldSnapshot.take(context.runner(), policy.zone().orElse(null), policy.name());
        FirewalldRules desired = desired(policy, snapshot);
        return FirewalldPlanner.plan(ID, target(policy, snapshot, context), desired, snapshot);
    }

    /**
     * The policy's firewalld form on this host. While firewalld is stopped, each source is its own
     * rule ({@code firewall-offline-cmd} writes no ipsets). A new ipset reaches the runtime only
     * through a reload; where the snapshot says a reload could not keep this host's runtime-only
     * state (fail2ban's direct rules, Docker's iptables chains...), a rule whose set the runtime does
     * not hold yet stays one rich rule per source, and the plan says why, instead of a refused apply.
     *
     * @param policy the policy
     * @param snapshot the host's firewalld now
     * @return the rules to write
     */
    static FirewalldRules desired(PortPolicy policy, FirewalldSnapshot snapshot) {
        if (!snapshot.running()) {
            return FirewalldRules.of(policy, false);
        }
        FirewalldRules withSets = FirewalldRules.of(policy, true);
        if (snapshot.reloadRefusal().isEmpty() || snapshot.runtimeIpsets().keySet().containsAll(withSets.ipsets().keySet())) {
            return withSets;
        }
        return FirewalldRules.of(policy, false).withNote("sources stay one rich rule each, not an ipset: a new firewalld"
                + " ipset reaches the runtime only through a reload, and here " + snapshot.reloadRefusal().orElseThrow());
    }

    @Override
    public Plan planRemoval(PortPolicy policy, BackendContext context) {
        FirewalldSnapshot snapshot = FirewalldSnapshot.take(context.runner(), policy.zone().orElse(null), policy.name());
        return FirewalldPlanner.plan(ID, "removal of " + target(policy, snapshot, context),
                FirewalldRules.none(policy.name()), snapshot);
    }

    /**
     * Saves every zone (runtime and permanent) and the owned permanent services through firewalld's
     * Python client; the restore writes back only what differs, without a reload
     * ({@link FirewalldRestorePoint}). Needs firewalld running.
     */
    @Override
    public RestorePoint restorePoint(String folder, PortPolicy policy, BackendContext context) {
        return FirewalldRestorePoint.of(folder, context.runner());
    }

    @Override
    public VerifyReport verify(PortPolicy policy, BackendContext context) {
        FirewalldSnapshot snapshot = FirewalldSnapshot.take(context.runner(), policy.zone().orElse(null), policy.name());
        FirewalldRules desired = desired(policy, snapshot);
        List<String> findings = new ArrayList<>();
        if (!snapshot.running()) {
            findings.add("firewalld is not running: only the permanent configuration was compared");
        }
        return new VerifyReport(ID, target(policy, snapshot, context), FirewalldVerifier.drifts(desired, snapshot),
                findings);
    }

    private static String target(PortPolicy policy, FirewalldSnapshot snapshot, BackendContext context) {
        return "policy " + policy.name() + " in firewalld zone " + snapshot.zone() + " on " + context.runner().target();
    }
}
