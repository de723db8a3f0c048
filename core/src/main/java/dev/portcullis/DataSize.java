package dev.portcullis;

import java.util.regex.Pattern;

/**
 * A number of bytes, such as a maximum message size.
 *
 * @param bytes the size in bytes, not negative
 */
public record DataSize(long bytes) implements Comparable<DataSize> {

    private static final Pattern SHAPE = Pattern.compile("[0-9]{1,19}(B|KB|MB|GB)?");

    /** @param bytes the size in bytes */
    public DataSize {
        if (bytes < 0) {
            throw new InvalidSpecException("", "a size cannot be negative: " + bytes);
        }
    }

    /**
     * @param bytes the size in bytes, not negative
     * @return the size
     */
    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    /**
     * @param kib kibibytes (1024 bytes)
     * @return the size
     */
    public static DataSize ofKilobytes(long kib) {
        return new DataSize(Math.multiplyExact(kib, 1024L));
    }

    /**
     * @param mib mebibytes (1024 × 1024 bytes), as mail servers count them
     * @return the size
     */
    public static DataSize ofMegabytes(long mib) {
        return new DataSize(Math.multiplyExact(mib, 1024L * 1024L));
    }

    /**
     * Parses "52428800", "512KB" or "50MB" (binary multiples).
     *
     * @param text the size
     * @return the size
     */
    public static DataSize parse(String text) {
        if (text == null || !SHAPE.matcher(text).matches()) {
            throw new InvalidSpecException("", (text == null ? "null" : dev.portcullis.internal.Text.show(text))
                    + " is not a size (e.g. 52428800, 512KB, 50MB)");
        }
        String digits = text.replaceAll("[A-Z]", "");
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new InvalidSpecException("", dev.portcullis.internal.Text.show(text) + " is too large a size");
        }
        long unit = text.endsWith("GB") ? 1024L * 1024L * 1024L
                : text.endsWith("MB") ? 1024L * 1024L : text.endsWith("KB") ? 1024L : 1L;
        if (n > Long.MAX_VALUE / unit) {
            throw new InvalidSpecException("", dev.portcullis.internal.Text.show(text) + " is too large a size");
        }
        return new DataSize(n * unit);
    }

    /** @return whole mebibytes (rounded down) */
    public long toMegabytes() {
        return bytes / (1024L * 1024L);
    }

    @Override
    public int compareTo(DataSize o) {
        return Long.compare(bytes, o.bytes);
    }

    @Override
    public String toString() {
        if (bytes > 0 && bytes % (1024L * 1024L) == 0) {
            return toMegabytes() + "MB";
        }
        if (bytes > 0 && bytes % 1024L == 0) {
            return bytes / 1024L + "KB";
        }
        return Long.toString(bytes);
    }
}
