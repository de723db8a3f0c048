package dev.portcullis;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS for the mail server: a certificate and key from files, or a self-signed pair generated on
 * the host; the minimum protocol version; the STARTTLS level on port 25. Immutable: each setter
 * returns a changed copy, so {@code Tls.fromFiles(cert, key).minimumVersion(TlsVersion.TLS_1_2)}
 * reads as it should.
 */
public final class Tls {

    private final Path certificate;
    private final Path privateKey;
    private final boolean selfSigned;
    private final TlsVersion minimumVersion;
    private final TlsSecurityLevel securityLevel;

    private Tls(Path certificate, Path privateKey, boolean selfSigned, TlsVersion minimumVersion,
            TlsSecurityLevel securityLevel) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.selfSigned = selfSigned;
        this.minimumVersion = Objects.requireNonNull(minimumVersion, "minimumVersion");
        this.securityLevel = Objects.requireNonNull(securityLevel, "securityLevel");
    }

    /**
     * TLS from a certificate chain and private key that already exist on the host.
     *
     * @param certificate absolute path of the PEM certificate chain
     * @param privateKey absolute path of the PEM private key
     * @return TLS with minimum version TLS 1.2 and level MAY
     */
    public static Tls fromFiles(Path certificate, Path privateKey) {
        return new Tls(Objects.requireNonNull(certificate, "certificate"), Objects.requireNonNull(privateKey, "privateKey"),
                false, TlsVersion.TLS_1_2, TlsSecurityLevel.MAY);
    }

    /**
     * TLS with a self-signed certificate that the backend generates on the host (at these paths)
     * when absent. Reports carry a warning: clients will not trust it.
     *
     * @param certificate where to write the certificate
     * @param privateKey where to write the key
     * @return TLS with minimum version TLS 1.2 and level MAY
     */
    public static Tls selfSigned(Path certificate, Path privateKey) {
        return new Tls(Objects.requireNonNull(certificate, "certificate"), Objects.requireNonNull(privateKey, "privateKey"),
                true, TlsVersion.TLS_1_2, TlsSecurityLevel.MAY);
    }

    /**
     * @param version lowest protocol version accepted
     * @return a copy with that minimum
     */
    public Tls minimumVersion(TlsVersion version) {
        return new Tls(certificate, privateKey, selfSigned, version, securityLevel);
    }

    /**
     * @param level STARTTLS level on port 25
     * @return a copy with that level
     */
    public Tls securityLevel(TlsSecurityLevel level) {
        return new Tls(certificate, privateKey, selfSigned, minimumVersion, level);
    }

    /** @return the certificate path */
    public Path certificate() {
        return certificate;
    }

    /** @return the private key path */
    public Path privateKey() {
        return privateKey;
    }

    /** @return whether the backend generates a self-signed pair */
    public boolean selfSigned() {
        return selfSigned;
    }

    /** @return lowest protocol version accepted */
    public TlsVersion minimumVersion() {
        return minimumVersion;
    }

    /** @return STARTTLS level on port 25 */
    public TlsSecurityLevel securityLevel() {
        return securityLevel;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tls)) {
            return false;
        }
        Tls t = (Tls) o;
        return certificate.equals(t.certificate) && privateKey.equals(t.privateKey) && selfSigned == t.selfSigned
                && minimumVersion == t.minimumVersion && securityLevel == t.securityLevel;
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificate, privateKey, selfSigned, minimumVersion, securityLevel);
    }

    @Override
    public String toString() {
        return "Tls{" + (selfSigned ? "self-signed " : "") + "cert=" + certificate + ", key=" + privateKey
                + ", min=" + minimumVersion.protocolName() + ", level=" + securityLevel + "}";
    }
}
