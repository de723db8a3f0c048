package dev.portcullis.iptables;

import dev.portcullis.RateLimit;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RateLimit} in the words {@code iptables-save} prints for the hashlimit match. iptables
 * stores a rate as a period and prints it back in the finest unit that still reads as a whole
 * number ({@code 60/min} comes back as {@code 1/sec}), and prints the entry expiry only when it
 * differs from that unit. Portcullis writes the canonical words, so what it writes and what it
 * reads back compare equal. The algorithm is libxt_hashlimit's {@code print_rate} (revision 2+).
 */
final class HashlimitRate {

    private static final long SCALE = 1_000_000L; // XT_HASHLIMIT_SCALE_v2
    private static final String[] NAMES = {"day", "hour", "min", "sec"};
    private static final long[] MULT = {SCALE * 86_400, SCALE * 3_600, SCALE * 60, SCALE};

    private HashlimitRate() {
    }

    /**
     * @param limit the limit
     * @param mode "srcip" or "dstip": what one bucket counts
     * @param name the hash table's name
     * @return the words after {@code -m hashlimit} in the order iptables prints them: above,
     *     burst, mode, name and, where iptables prints it, the entry expiry (one unit of the
     *     limit as the user wrote it, so an idle source forgets its history after one period)
     * @throws IllegalArgumentException when the rate is finer than hashlimit can count
     */
    static List<String> words(RateLimit limit, String mode, String name) {
        long unitMult = MULT[index(limit.unit())];
        long period = unitMult / limit.count();
        if (period == 0) {
            throw new IllegalArgumentException("rate limit " + limit + " is too high for the hashlimit match");
        }
        int i;
        for (i = 1; i < MULT.length; i++) {
            if (period > MULT[i] || MULT[i] / period < MULT[i] % period) {
                break;
            }
        }
        long shownCount = MULT[i - 1] / period;
        long quantumMillis = MULT[i - 1] / SCALE * 1000;
        long expireMillis = limit.unit().length().toMillis();
        int burst = limit.burstOrDefault();
        List<String> words = new ArrayList<>(List.of("--hashlimit-above", shownCount + "/" + NAMES[i - 1],
                "--hashlimit-burst", Integer.toString(burst), "--hashlimit-mode", mode, "--hashlimit-name", name));
        if (expireMillis != quantumMillis) {
            words.add("--hashlimit-htable-expire");
            words.add(Long.toString(expireMillis));
        }
        return words;
    }

    private static int index(RateLimit.Unit unit) {
        return switch (unit) {
            case DAY -> 0;
            case HOUR -> 1;
            case MINUTE -> 2;
            case SECOND -> 3;
        };
    }
}
