package dev.portcullis;

import dev.portcullis.internal.Problems;
import java.time.Duration;
import java.util.Locale;

/**
 * How many new connections one source may open per unit of time, with an optional burst.
 * Applied per source address by backends that can (iptables hashlimit, firewalld rich rule
 * {@code limit}).
 *
 * <p>Only limits every Linux firewall backend can enforce are built; the bounds come from the
 * tools themselves:
 * <ul>
 *   <li>at most {@value #MAX_PER_SECOND} per second ({@value #MAX_PER_SECOND} per second, 600,000
 *       per minute, ...): firewalld refuses a faster rich-rule limit as "too fast" (it counts in
 *       units of 1/10,000 s, as the iptables {@code limit} match does);</li>
 *   <li>not 1 per day: firewalld refuses it as "too slow";</li>
 *   <li>a burst of at most {@value #MAX_BURST} ({@code XT_HASHLIMIT_BURST_MAX} of iptables'
 *       hashlimit, revision 2 and later);</li>
 *   <li>a burst times the interval between two connections of at most one day: the kernel's
 *       hashlimit stores that product in 64 bits scaled by its credits per jiffy and refuses it
 *       ("overflow, try lower", ERANGE) from about 31 hours on, so {@code 2/day} takes a burst of 2
 *       at most. Without a burst, {@link #burstOrDefault()} lowers hashlimit's default of
 *       {@value #DEFAULT_BURST} to fit.</li>
 * </ul>
 *
 * @param count connections allowed per unit, at least 1
 * @param unit the time unit
 * @param burst how many may arrive at once before the limit bites (0: the backend default)
 */
public record RateLimit(int count, Unit unit, int burst) {

    /** The fastest rate, per second, that firewalld (and the iptables limit match) can count. */
    public static final int MAX_PER_SECOND = 10_000;
    /** The largest burst iptables' hashlimit takes ({@code XT_HASHLIMIT_BURST_MAX}). */
    public static final int MAX_BURST = 1_000_000;
    /** The burst hashlimit uses when none is given ({@code XT_HASHLIMIT_BURST}). */
    public static final int DEFAULT_BURST = 5;
    /** The most seconds of connections a full burst may stand for before hashlimit overflows. */
    private static final long MAX_BURST_SECONDS = 86_400;

    /** Time units the firewall backends understand. */
    public enum Unit {
        /** Per second. */
        SECOND(Duration.ofSeconds(1)),
        /** Per minute. */
        MINUTE(Duration.ofMinutes(1)),
        /** Per hour. */
        HOUR(Duration.ofHours(1)),
        /** Per day. */
        DAY(Duration.ofDays(1));

        private final Duration length;

        Unit(Duration length) {
            this.length = length;
        }

        /** @return how long the unit lasts */
        public Duration length() {
            return length;
        }

        /** @return "second", "minute", ... */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Checks the limit against what the firewall backends can enforce.
     *
     * @param count connections per unit
     * @param unit the unit
     * @param burst the burst (0: default)
     * @throws InvalidSpecException naming {@code count}, {@code unit} or {@code burst}, every problem at once
     */
    public RateLimit {
        Problems p = Problems.create();
        if (unit == null) {
            p.add("unit", "is missing");
        }
        if (count < 1) {
            p.add("count", "a rate limit needs at least 1 per " + (unit == null ? "unit" : unit.word()) + ", got " + count);
        } else if (unit != null) {
            long seconds = unit.length().toSeconds();
            if (count > MAX_PER_SECOND * seconds) {
                p.add("count", count + " per " + unit.word() + " is faster than firewalld can count (at most "
                        + MAX_PER_SECOND * seconds + " per " + unit.word() + ", " + MAX_PER_SECOND + " per second)");
            } else if (count == 1 && unit == Unit.DAY) {
                p.add("count", "1 per day is slower than firewalld takes (\"1/d too slow\"); use 2 per day or more");
            }
        }
        if (burst < 0) {
            p.add("burst", "cannot be negative: " + burst);
        } else if (burst > MAX_BURST) {
            p.add("burst", burst + " is larger than iptables' hashlimit takes (at most " + MAX_BURST + ")");
        } else if (burst > 0 && count >= 1 && unit != null && burst > mostBurst(count, unit)) {
            p.add("burst", "a burst of " + burst + " at " + count + " per " + unit.word() + " stands for more than a day"
                    + " of connections, which the kernel's hashlimit refuses as an overflow; give a burst of at most "
                    + Math.max(1, mostBurst(count, unit)) + " or a faster rate");
        }
        p.throwIfAny();
    }

    /** @return the largest burst whose connections at this rate span at most a day */
    private static long mostBurst(int count, Unit unit) {
        return MAX_BURST_SECONDS * count / unit.length().toSeconds();
    }

    /**
     * The burst a backend applies: the one given, or else hashlimit's default of {@value #DEFAULT_BURST},
     * lowered for slow rates so that it spans at most a day (which the kernel takes).
     *
     * @return the burst to apply, at least 1
     */
    public int burstOrDefault() {
        return burst > 0 ? burst : (int) Math.max(1, Math.min(DEFAULT_BURST, mostBurst(count, unit)));
    }

    /**
     * @param count connections per second
     * @return the limit
     */
    public static RateLimit perSecond(int count) {
        return new RateLimit(count, Unit.SECOND, 0);
    }

    /**
     * @param count connections per minute
     * @return the limit
     */
    public static RateLimit perMinute(int count) {
        return new RateLimit(count, Unit.MINUTE, 0);
    }

    /**
     * @param count connections per hour
     * @return the limit
     */
    public static RateLimit perHour(int count) {
        return new RateLimit(count, Unit.HOUR, 0);
    }

    /**
     * @param count connections per day
     * @return the limit
     */
    public static RateLimit perDay(int count) {
        return new RateLimit(count, Unit.DAY, 0);
    }

    /**
     * @param burst connections allowed at once
     * @return this limit with that burst
     */
    public RateLimit burst(int burst) {
        return new RateLimit(count, unit, burst);
    }

    @Override
    public String toString() {
        return count + "/" + unit.word() + (burst > 0 ? " burst " + burst : "");
    }
}
