package dev.portcullis;

/** TLS protocol versions, oldest first. */
public enum TlsVersion {
    /** TLS 1.0 (obsolete). */
    TLS_1_0("TLSv1"),
    /** TLS 1.1 (obsolete). */
    TLS_1_1("TLSv1.1"),
    /** TLS 1.2. */
    TLS_1_2("TLSv1.2"),
    /** TLS 1.3. */
    TLS_1_3("TLSv1.3");

    private final String protocolName;

    TlsVersion(String protocolName) {
        this.protocolName = protocolName;
    }

    /** @return the name OpenSSL, Postfix and Java use ("TLSv1.2") */
    public String protocolName() {
        return protocolName;
    }
}
