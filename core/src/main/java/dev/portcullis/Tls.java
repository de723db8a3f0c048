package dev.portcullis;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for the mail server: a certificate and key from files, or a self-signed pair generated on
 * the host; the minimum protocol version; the STARTTLS level on port 25; optionally a named cipher
 * policy ({@link TlsCipherPolicy}). Immutable: each setter
 * returns a changed copy, so {@code Tls.fromFiles(cert, key).minimumVersion(TlsVersion.TLS_1_2)}
 * reads as it should.
 */
public final class Tls {

    private final Path certificate;
    private final Path privateKey;
    private final boolean selfSigned;
    private final TlsVersion minimumVersion;
    private final TlsSecurityLevel securityLevel;
    private final TlsCipherPolicy cipherPolicy;

    private Tls(Path certificate, Path privateKey, boolean selfSigned, TlsVersion minimumVersion,
            TlsSecurityLevel securityLevel, TlsCipherPolicy cipherPolicy) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.selfSigned = selfSigned;
        this.minimumVersion = Objects.requireNonNull(minimumVersion, "minimumVersion");
        this.securityLevel = Objects.requireNonNull(securityLevel, "securityLevel");
        this.cipherPolicy = cipherPolicy;
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
                false, TlsVersion.TLS_1_2, TlsSecurityLevel.MAY, null);
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
                true, TlsVersion.TLS_1_2, TlsSecurityLevel.MAY, null);
    }

    /**
     * @param version lowest protocol version accepted
     * @return a copy with that minimum
     */
    public Tls minimumVersion(TlsVersion version) {
        return new Tls(certificate, privateKey, selfSigned, version, securityLevel, cipherPolicy);
    }

    /**
     * @param level STARTTLS level on port 25
     * @return a copy with that level
     */
    public Tls securityLevel(TlsSecurityLevel level) {
        return new Tls(certificate, privateKey, selfSigned, minimumVersion, level, cipherPolicy);
    }

    /**
     * Chooses the protocols and cipher suites by a named level, for port 25 and for submission
     * (see {@link TlsCipherPolicy} for what each level promises on which port, and why port 25
     * stays broad). Without one, the mail server's own defaults apply.
     *
     * @param policy the level, or null for the mail server's defaults
     * @return a copy with that policy
     */
    public Tls cipherPolicy(TlsCipherPolicy policy) {
        return new Tls(certificate, privateKey, selfSigned, minimumVersion, securityLevel, policy);
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

    /**
     * The lowest protocol port 25 accepts: {@link #minimumVersion()}, raised by the cipher policy's
     * floor for port 25 (or for mandatory TLS when the security level is ENCRYPT).
     *
     * @return the lowest protocol version a sender on port 25 can use
     */
    public TlsVersion port25Minimum() {
        if (cipherPolicy == null) {
            return minimumVersion;
        }
        return securityLevel == TlsSecurityLevel.ENCRYPT ? cipherPolicy.mandatoryMinimum(minimumVersion)
                : cipherPolicy.mxMinimum(minimumVersion);
    }

    /**
     * The lowest protocol submission (587 and 465) accepts: {@link #minimumVersion()}, raised by the
     * cipher policy's floor for mandatory TLS.
     *
     * @return the lowest protocol version a mail client can log in with
     */
    public TlsVersion submissionMinimum() {
        return cipherPolicy == null ? minimumVersion : cipherPolicy.mandatoryMinimum(minimumVersion);
    }

    /** @return the named cipher policy, or empty for the mail server's defaults */
    public Optional<TlsCipherPolicy> cipherPolicy() {
        return Optional.ofNullable(cipherPolicy);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tls)) {
            return false;
        }
        Tls t = (Tls) o;
        return certificate.equals(t.certificate) && privateKey.equals(t.privateKey) && selfSigned == t.selfSigned
                && minimumVersion == t.minimumVersion && securityLevel == t.securityLevel && cipherPolicy == t.cipherPolicy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificate, privateKey, selfSigned, minimumVersion, securityLevel, cipherPolicy);
    }

    @Override
    public String toString() {
        return "Tls{" + (selfSigned ? "self-signed " : "") + "cert=" + certificate + ", key=" + privateKey
                + ", min=" + minimumVersion.protocolName() + ", level=" + securityLevel
                + (cipherPolicy == null ? "" : ", ciphers=" + cipherPolicy.word()) + "}";
    }
}
