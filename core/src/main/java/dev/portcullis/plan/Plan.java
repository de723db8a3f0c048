package dev.portcullis.plan;

import dev.portcullis.exec.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ordered list of {@link Step}s that bring one host to a spec, computed by a backend as a pure
 * function of (desired state, snapshot of the host). Building a plan changes nothing; an empty plan
 * means the host has converged.
 */
public final class Plan {

    private final String backend;
    private final String target;
    private final List<Step> steps;
    private final List<String> notes;
    private final Probe finalCheck;
    private final Probe rollbackCheck;

    private Plan(Builder b) {
        this.backend = Objects.requireNonNull(b.backend, "backend");
        this.target = Objects.requireNonNull(b.target, "target");
        this.steps = List.copyOf(b.steps);
        this.notes = List.copyOf(b.notes);
        this.finalCheck = b.finalCheck;
        this.rollbackCheck = b.rollbackCheck;
    }

    /**
     * @param backend id of the backend that made the plan
     * @param target what the plan provisions ("policy smtp-inbound on local")
     * @return a builder
     */
    public static Builder builder(String backend, String target) {
        Builder b = new Builder();
        b.backend = backend;
        b.target = target;
        return b;
    }

    /** @return id of the backend that made the plan */
    public String backend() {
        return backend;
    }

    /** @return what the plan provisions */
    public String target() {
        return target;
    }

    /** @return the steps, in order */
    public List<Step> steps() {
        return steps;
    }

    /** @return warnings and remarks for the user (self-signed certificate, runtime unchanged...) */
    public List<String> notes() {
        return notes;
    }

    /**
     * @return a check run after all steps succeeded (for example an SMTP probe over the wire); when
     *     it fails, the whole plan is rolled back
     */
    public Optional<Probe> finalCheck() {
        return Optional.ofNullable(finalCheck);
    }

    /**
     * @return a check run after a rollback that re-inspects the host and proves it is as it was
     *     before the apply (for example, the owned chains equal the snapshot the plan was made from)
     */
    public Optional<Probe> rollbackCheck() {
        return Optional.ofNullable(rollbackCheck);
    }

    /** @return whether nothing needs to change */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** @return every command the steps would run, in order (undo and probe commands excluded) */
    public List<Command> commands() {
        List<Command> all = new ArrayList<>();
        steps.forEach(s -> all.addAll(s.action().commands()));
        return all;
    }

    /**
     * The exact commands a dry run would run, step by step, with their probes and undo commands.
     * Sensitive standard input is redacted.
     *
     * @return readable text
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# plan by ").append(backend).append(" for ").append(target).append('\n');
        for (String note : notes) {
            sb.append("# note: ").append(note).append('\n');
        }
        if (steps.isEmpty()) {
            sb.append("# nothing to do: the host already matches\n");
        }
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            sb.append("\n# step ").append(i + 1).append('/').append(steps.size()).append(": ").append(s.description()).append('\n');
            for (Command c : s.action().commands()) {
                sb.append(c.render()).append('\n');
            }
            sb.append("#   check: ").append(s.probe().description()).append('\n');
            for (Command c : s.probe().commands()) {
                sb.append("#     ").append(c.render().replace("\n", "\n#     ")).append('\n');
            }
            if (s.undo().isReversible()) {
                for (Command c : s.undo().action().orElseThrow().commands()) {
                    sb.append("#   undo: ").append(c.render().replace("\n", "\n#     ")).append('\n');
                }
            } else {
                sb.append("#   undo: impossible: ").append(s.undo().irreversibleReason().orElse("")).append('\n');
            }
        }
        if (finalCheck != null) {
            sb.append("\n# final check: ").append(finalCheck.description()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }

    /** Builds a {@link Plan}. */
    public static final class Builder {
        private String backend;
        private String target;
        private final List<Step> steps = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private Probe finalCheck;
        private Probe rollbackCheck;

        private Builder() {
        }

        /**
         * @param step a step to append
         * @return this builder
         */
        public Builder step(Step step) {
            steps.add(Objects.requireNonNull(step));
            return this;
        }

        /**
         * @param note a warning or remark for the user
         * @return this builder
         */
        public Builder note(String note) {
            notes.add(Objects.requireNonNull(note));
            return this;
        }

        /**
         * @param check run after all steps; its failure rolls the plan back
         * @return this builder
         */
        public Builder finalCheck(Probe check) {
            this.finalCheck = check;
            return this;
        }

        /**
         * @param check run after a rollback to prove the host is as before
         * @return this builder
         */
        public Builder rollbackCheck(Probe check) {
            this.rollbackCheck = check;
            return this;
        }

        /** @return the plan */
        public Plan build() {
            return new Plan(this);
        }
    }
}
