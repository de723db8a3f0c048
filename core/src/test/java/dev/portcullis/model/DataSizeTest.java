package dev.portcullis.model;

import static dev.portcullis.model.Refusals.reason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.DataSize;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizeTest {

    @Test
    void parsesBinaryMultiples() {
        assertThat(DataSize.parse("52428800")).isEqualTo(DataSize.ofMegabytes(50));
        assertThat(DataSize.parse("512KB").bytes()).isEqualTo(512L * 1024);
        assertThat(DataSize.parse("50MB").bytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(DataSize.parse("2GB").bytes()).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(DataSize.parse("7B").bytes()).isEqualTo(7);
    }

    @Test
    void printsTheLargestWholeUnit() {
        assertThat(DataSize.ofMegabytes(50)).hasToString("50MB");
        assertThat(DataSize.ofKilobytes(1536)).hasToString("1536KB");
        assertThat(DataSize.ofBytes(10_240_000)).hasToString("10000KB");
        assertThat(DataSize.ofBytes(1000)).hasToString("1000");
        assertThat(DataSize.ofMegabytes(50).toMegabytes()).isEqualTo(50);
    }

    @Property(tries = 200)
    void printedSizesParseBack(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long bytes) {
        DataSize size = DataSize.ofBytes(bytes);
        assertThat(DataSize.parse(size.toString())).isEqualTo(size);
    }

    @Test
    void refusesSizesThatOverflow() {
        assertThat(reason(() -> DataSize.parse("999999999999999GB"))).isEqualTo("'999999999999999GB' is too large a size");
        assertThat(reason(() -> DataSize.parse("99999999999999MB"))).contains("too large");
        assertThat(reason(() -> DataSize.parse("9999999999999999999"))).contains("too large");
    }

    @Test
    void refusesNegativeSizes() {
        assertThat(reason(() -> DataSize.ofBytes(-1))).isEqualTo("a size cannot be negative: -1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "50 MB", "50mb", "50M", "1.5MB", "50MiB", "1TB", "12345678901234567890"})
    void refusesOtherSpellings(String text) {
        assertThat(reason(() -> DataSize.parse(text))).endsWith("is not a size (e.g. 52428800, 512KB, 50MB)");
    }
}
