package dev.portcullis;

import dev.portcullis.internal.Problems;
import dev.portcullis.internal.Text;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * DKIM signing of the mail a server sends: one RSA key, named by a selector, signs mail from the
 * server's origin and every accepted domain; receivers check the signature against the public key
 * published as a TXT record at {@code <selector>._domainkey.<domain>}. The key is generated on the
 * host and never leaves it; the record to publish is among the spec's DNS records.
 *
 * <pre>{@code
 * MailServerSpec.forHost("mail.example.com")
 *     .dkim(DkimSigning.builder().selector("2026a").build())
 *     .build();
 * }</pre>
 */
public final class DkimSigning {

    /** The key sizes offered: below 1024 bits receivers ignore a signature; 2048 is the common choice. */
    public static final List<Integer> KEY_BITS = List.of(1024, 2048, 3072, 4096);

    /** A DNS label (a selector becomes one): lower-case letters, digits, inner hyphens, 1-63 characters. */
    private static final Pattern SELECTOR = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private static final DkimSigning DEFAULTS = builder().build();

    private final String selector;
    private final int keyBits;

    private DkimSigning(Builder b) {
        this.selector = b.selector;
        this.keyBits = b.keyBits;
    }

    /** @return signing with the selector {@code mail} and a 2048-bit RSA key */
    public static DkimSigning defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        return new Builder().selector(selector).keyBits(keyBits);
    }

    /** @return the selector: the key's name in DNS ({@code <selector>._domainkey.<domain>}) */
    public String selector() {
        return selector;
    }

    /** @return the size of the RSA key in bits */
    public int keyBits() {
        return keyBits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DkimSigning d && d.selector.equals(selector) && d.keyBits == keyBits;
    }

    @Override
    public int hashCode() {
        return Objects.hash(selector, keyBits);
    }

    @Override
    public String toString() {
        return "DkimSigning{selector=" + selector + ", rsa=" + keyBits + "}";
    }

    /** Builds a {@link DkimSigning}; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private String selector = "mail";
        private int keyBits = 2048;

        private Builder() {
        }

        /**
         * @param selector the key's name in DNS, a DNS label (default "mail"); a new selector means a new key
         * @return this builder
         */
        public Builder selector(String selector) {
            this.selector = selector;
            return this;
        }

        /**
         * @param bits the RSA key size: 1024, 2048 (the default), 3072 or 4096
         * @return this builder
         */
        public Builder keyBits(int bits) {
            this.keyBits = bits;
            return this;
        }

        /**
         * Applies a consumer to this builder (a Groovy closure works here).
         *
         * @param settings configures this builder
         * @return this builder
         */
        public Builder configure(Consumer<Builder> settings) {
            settings.accept(this);
            return this;
        }

        /**
         * @return the settings
         * @throws InvalidSpecException naming {@code selector} or {@code keyBits}
         */
        public DkimSigning build() {
            Problems p = Problems.create();
            p.parse("selector", selector, v -> Text.require(v, SELECTOR, "a DKIM selector",
                    "one DNS label: a-z, 0-9 and inner '-', at most 63 characters"));
            if (!KEY_BITS.contains(keyBits)) {
                p.add("keyBits", keyBits + " is not one of " + KEY_BITS);
            }
            p.throwIfAny();
            return new DkimSigning(this);
        }
    }
}
