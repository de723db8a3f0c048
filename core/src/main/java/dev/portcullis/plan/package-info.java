/**
 * Plans and what running them reports. A backend computes a {@link dev.portcullis.plan.Plan}, an
 * ordered list of {@link dev.portcullis.plan.Step}s, as a pure function of the desired state and a
 * snapshot of the host; each step carries its {@link dev.portcullis.plan.StepAction}, the
 * {@link dev.portcullis.plan.Probe} that proves it worked and its {@link dev.portcullis.plan.Undo}.
 * The {@link dev.portcullis.plan.PlanExecutor} runs a plan, checks every step, rolls back what it
 * did when a step fails, and returns an {@link dev.portcullis.plan.ApplyReport};
 * {@link dev.portcullis.plan.VerifyReport} lists the {@link dev.portcullis.plan.Drift} between a
 * host and its spec.
 */
package dev.portcullis.plan;
