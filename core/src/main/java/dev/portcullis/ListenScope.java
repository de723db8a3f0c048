package dev.portcullis;

/**
 * Which addresses a mail server listens on: every address of the host, only loopback, or the IP
 * addresses a spec names ({@link MailServerSpec#listenAddresses()}).
 */
public enum ListenScope {
    /** Every address of the host (the default). */
    ALL("all"),
    /** Only the loopback addresses: a server that sends but receives from this host only. */
    LOOPBACK_ONLY("loopback-only"),
    /** The IP addresses given with {@link MailServerSpec.Builder#listenOn(String...)}. */
    ADDRESSES("addresses");

    private final String word;

    ListenScope(String word) {
        this.word = word;
    }

    /** @return the word spec files use: "all", "loopback-only" or "addresses" */
    public String word() {
        return word;
    }
}
