package dev.portcullis.exchange;

/**
 * Reads Exchange's {@code ByteQuantifiedSize} as the script prints it ({@code [string]} of the
 * value): {@code 36 MB (37,748,736 bytes)}, or {@code Unlimited}. The byte count in parentheses is
 * exact whatever the unit; its digit grouping follows the server's culture, so every non-digit is
 * dropped.
 */
final class ByteQuantifiedSize {

    /** The value that stands for "Unlimited". */
    static final long UNLIMITED = -1;

    private ByteQuantifiedSize() {
    }

    /**
     * @param text the printed size, or a bare number of bytes
     * @param field the field name, for errors
     * @return bytes, or {@link #UNLIMITED}
     */
    static long parse(String text, String field) {
        String t = text.strip();
        if (t.equalsIgnoreCase("Unlimited")) {
            return UNLIMITED;
        }
        if (t.matches("[0-9]{1,19}")) {
            return Long.parseLong(t);
        }
        int open = t.lastIndexOf('(');
        if (open >= 0 && t.endsWith(" bytes)")) {
            String digits = t.substring(open + 1, t.length() - " bytes)".length()).replaceAll("[^0-9]", "");
            if (!digits.isEmpty() && digits.length() <= 19) {
                return Long.parseLong(digits);
            }
        }
        throw new IllegalStateException(field + ": '" + text + "' is not a size such as '36 MB (37,748,736 bytes)'");
    }

    /**
     * @param bytes a size
     * @return what the cmdlets take: the byte count with the B unit, or Unlimited
     */
    static String format(long bytes) {
        return bytes == UNLIMITED ? "Unlimited" : bytes + "B";
    }
}
