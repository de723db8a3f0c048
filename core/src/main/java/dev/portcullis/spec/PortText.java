package dev.portcullis.spec;

import dev.portcullis.InvalidSpecException;
import dev.portcullis.PortRange;

/** Reads a port or port range written as a number ({@code 25}) or text ({@code "25"}, {@code "1000-2000"}). */
final class PortText {

    private PortText() {
    }

    /**
     * @param port the list entry
     * @return {from, to}; for an unreadable entry (already reported) a placeholder the builder
     *     refuses on the same path, which keeps the builder's indexes aligned with the document's
     */
    static int[] range(SpecNode port) {
        if (port.isNumber()) {
            Integer n = port.integer();
            return n == null ? new int[] {-1, -1} : new int[] {n, n};
        }
        String text = port.text();
        if (text == null) {
            return new int[] {-1, -1};
        }
        try {
            PortRange r = PortRange.parse(text);
            return new int[] {r.from(), r.to()};
        } catch (InvalidSpecException e) {
            port.refuse(e.problems().get(0).reason());
            return new int[] {-1, -1};
        }
    }
}
