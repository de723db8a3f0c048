package dev.portcullis.spi;

import dev.portcullis.Spec;
import dev.portcullis.plan.Plan;
import dev.portcullis.plan.VerifyReport;

/**
 * What every backend does for its kind of spec: say whether it can work on a host, plan changes
 * from one snapshot of the host, plan the removal of what it owns, and verify read-only.
 *
 * @param <S> the kind of spec
 */
public interface Backend<S extends Spec> {

    /** @return a stable id, e.g. "linux-iptables" */
    String id();

    /** @return preference among backends that support a host; higher wins (default 0) */
    default int priority() {
        return 0;
    }

    /**
     * @param facts what is known about the host
     * @return whether this backend can work there, and why (not)
     */
    Support supports(HostFacts facts);

    /**
     * Inspects the host (one snapshot) and plans the steps that bring it to the spec. Changes
     * nothing. A converged host yields an empty plan.
     *
     * @param spec the desired state
     * @param context runner, facts, options
     * @return the plan
     */
    Plan plan(S spec, BackendContext context);

    /**
     * Plans the removal of exactly what the spec owns on the host, nothing else.
     *
     * @param spec the spec whose owned state goes
     * @param context runner, facts, options
     * @return the plan
     */
    Plan planRemoval(S spec, BackendContext context);

    /**
     * Compares the spec with the live host without changing anything.
     *
     * @param spec the desired state
     * @param context runner, facts, options
     * @return converged, or the differences
     */
    VerifyReport verify(S spec, BackendContext context);
}
