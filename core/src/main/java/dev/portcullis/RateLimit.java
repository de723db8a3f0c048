package dev.portcullis;

import java.time.Duration;
import java.util.Locale;

/**
 * How many new connections one source may open per unit of time, with an optional burst.
 * Applied per source address by backends that can (iptables hashlimit, firewalld rich rule
 * {@code limit}).
 *
 * @param count connections allowed per unit, at least 1
 * @param unit the time unit
 * @param burst how many may arrive at once before the limit bites (0: the backend default)
 */
public record RateLimit(int count, Unit unit, int burst) {

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
     * @param count connections per unit
     * @param unit the unit
     * @param burst the burst (0: default)
     */
    public RateLimit {
        if (count < 1) {
            throw new InvalidSpecException("count", "a rate limit needs at least 1 per " + unit + ", got " + count);
        }
        if (unit == null) {
            throw new InvalidSpecException("unit", "is missing");
        }
        if (burst < 0) {
            throw new InvalidSpecException("burst", "cannot be negative: " + burst);
        }
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
