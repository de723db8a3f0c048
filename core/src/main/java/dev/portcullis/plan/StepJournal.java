package dev.portcullis.plan;

/**
 * Told by the {@link PlanExecutor} before each step starts and after each undo, so that a record
 * kept outside the JVM (the host's journal) says what a killed apply left behind. A journal that
 * cannot record makes the step fail before its action runs: an apply never runs unrecorded.
 */
public interface StepJournal {

    /** Records nothing: the executor's default. */
    StepJournal NONE = new StepJournal() {
        @Override
        public void starting(Plan plan, int index) {
            // nothing to record
        }

        @Override
        public void undone(int index) {
            // nothing to record
        }

        @Override
        public void finished() {
            // nothing to record
        }
    };

    /**
     * Records that a step is about to run; its action runs only after this returns.
     *
     * @param plan the plan being executed
     * @param index the step's index in it
     */
    void starting(Plan plan, int index);

    /**
     * Records that a step's undo ran (during the executor's own rollback).
     *
     * @param index the step's index
     */
    void undone(int index);

    /** Records that the execution is over (applied, or rolled back as far as it could be). */
    void finished();
}
