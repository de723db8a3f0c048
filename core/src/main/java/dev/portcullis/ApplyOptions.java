package dev.portcullis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one {@code plan} or {@code apply} of a {@link PortPolicy} guards the operator: whether the
 * {@link LockoutGuard} may be skipped, and whether the change reverts by itself on the host unless
 * confirmed in time.
 *
 * <pre>{@code
 * ApplyOptions careful = ApplyOptions.builder().confirmWithin(Duration.ofSeconds(120)).build();
 * provisioner.apply(policy, careful);   // reverts on the host after 120 s ...
 * provisioner.confirm();                // ... unless confirmed before
 * }</pre>
 *
 * <p>Immutable; {@link #defaults()} guards against lockout and arms no revert.
 */
public final class ApplyOptions {

    /** The longest confirmation window: a day. A revert meant for later is a schedule, not a safety net. */
    public static final Duration LONGEST_WINDOW = Duration.ofDays(1);

    private static final ApplyOptions DEFAULTS = builder().build();

    private final boolean allowLockout;
    private final Duration confirmWithin;

    private ApplyOptions(Builder b) {
        this.allowLockout = b.allowLockout;
        this.confirmWithin = b.confirmWithin;
    }

    /** @return the options of a plain apply: the lockout guard on, no revert armed */
    public static ApplyOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from {@link #defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options, to derive a variant */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.allowLockout = allowLockout;
        b.confirmWithin = confirmWithin;
        return b;
    }

    /** @return whether the call may block the operator's own login (the {@link LockoutGuard} is skipped) */
    public boolean allowLockout() {
        return allowLockout;
    }

    /**
     * @return the confirmation window: when present, apply arms a revert on the host before the
     *     change, which restores the host's firewall as it was unless confirmed within this time
     */
    public Optional<Duration> confirmWithin() {
        return Optional.ofNullable(confirmWithin);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApplyOptions a && allowLockout == a.allowLockout && Objects.equals(confirmWithin, a.confirmWithin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowLockout, confirmWithin);
    }

    @Override
    public String toString() {
        return "ApplyOptions[allowLockout=" + allowLockout + ", confirmWithin=" + confirmWithin + "]";
    }

    /** Builds {@link ApplyOptions}. Not thread-safe. */
    public static final class Builder {
        private boolean allowLockout;
        private Duration confirmWithin;

        private Builder() {
        }

        /**
         * @param allow whether this call may block the operator's own login (default false)
         * @return this builder
         */
        public Builder allowLockout(boolean allow) {
            this.allowLockout = allow;
            return this;
        }

        /**
         * Arms a revert on the host before the change: unless {@code Provisioner.confirm()} runs
         * within the window, the host restores its firewall as it was before the apply, even when
         * this JVM, the SSH session or the network is gone by then.
         *
         * @param window whole seconds, 1 s to {@link #LONGEST_WINDOW}; {@code null} arms nothing (the default)
         * @return this builder
         * @throws InvalidSpecException naming {@code confirmWithin} when the window is out of range
         */
        public Builder confirmWithin(Duration window) {
            if (window != null && (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(LONGEST_WINDOW) > 0
                    || window.getNano() != 0)) {
                throw new InvalidSpecException("confirmWithin", "must be whole seconds from 1 s to a day, was " + window);
            }
            this.confirmWithin = window;
            return this;
        }

        /** @return the options */
        public ApplyOptions build() {
            return new ApplyOptions(this);
        }
    }
}
