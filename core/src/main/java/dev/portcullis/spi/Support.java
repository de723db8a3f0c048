package dev.portcullis.spi;

/**
 * Whether a backend can work on a host, and why (not).
 *
 * @param supported whether it can
 * @param reason why, in words ("firewall-cmd on PATH and firewalld running", "no postconf on PATH")
 */
public record Support(boolean supported, String reason) {

    /**
     * @param reason why it can
     * @return support
     */
    public static Support yes(String reason) {
        return new Support(true, reason);
    }

    /**
     * @param reason why it cannot
     * @return no support
     */
    public static Support no(String reason) {
        return new Support(false, reason);
    }
}
