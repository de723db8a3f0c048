package dev.portcullis.postfix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Real outputs captured from the Debian 12 test host (Postfix 3.7.11), kept under src/test/resources/captured. */
final class Captured {

    private Captured() {
    }

    static String read(String name) {
        try (InputStream in = Captured.class.getResourceAsStream("/captured/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no captured output " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the stock Debian 12 Postfix host as the first apply sees it */
    static PostfixSnapshot stockDebian() {
        return new PostfixSnapshot(PostconfOutput.parseParameters(read("debian12-postconf-n.txt")),
                PostconfOutput.parseServices(read("debian12-postconf-M.txt")), FileDigests.parse(read("debian12-sha256sum.txt")),
                OwnershipRecord.empty(), java.util.Map.of());
    }
}
