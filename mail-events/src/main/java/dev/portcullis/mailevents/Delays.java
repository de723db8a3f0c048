package dev.portcullis.mailevents;

/**
 * Where a delivery's time went, in seconds, as Postfix's {@code delays=a/b/c/d} breaks it down.
 *
 * @param beforeQueueManager from arrival until the queue manager took the message
 * @param inQueueManager in the queue manager (waiting for a delivery agent)
 * @param connectionSetup DNS, HELO and TLS with the next hop
 * @param transmission transmitting the message
 */
public record Delays(double beforeQueueManager, double inQueueManager, double connectionSetup, double transmission) {

    /**
     * Reads Postfix's form.
     *
     * @param text such as {@code 0.13/0.24/0/0}
     * @return the breakdown
     * @throws IllegalArgumentException when the text does not have four numbers
     */
    public static Delays parse(String text) {
        String[] p = text.split("/", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("delays needs four numbers separated by '/': " + text);
        }
        return new Delays(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]),
                Double.parseDouble(p[3]));
    }
}
