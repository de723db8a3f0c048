package dev.portcullis.testing;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Large allowlists for tests and benchmarks: distinct IPv4 networks {@code 10.x.y.0/24}, numbered
 * so that two ranges of numbers overlap exactly where a test wants the old and the new content of a
 * set to overlap.
 */
public final class SyntheticNetworks {

    private SyntheticNetworks() {
    }

    /**
     * @param first the number of the first network (0 is {@code 10.0.0.0/24}, 256 is {@code 10.1.0.0/24})
     * @param count how many
     * @return the networks {@code first} to {@code first + count - 1}, in order
     */
    public static List<String> networks(int first, int count) {
        return IntStream.range(first, first + count).mapToObj(i -> "10." + (i / 256) + "." + (i % 256) + ".0/24").toList();
    }
}
