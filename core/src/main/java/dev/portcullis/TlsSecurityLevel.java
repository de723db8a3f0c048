package dev.portcullis;

/** Whether clients on port 25 may, or must, use STARTTLS (Postfix {@code smtpd_tls_security_level}). */
public enum TlsSecurityLevel {
    /** STARTTLS offered, not required: right for a public MX (RFC 3207 forbids requiring it there). */
    MAY,
    /** STARTTLS required before mail is accepted. */
    ENCRYPT
}
