package dev.portcullis;

import java.util.Locale;

/** The SASL implementation Postfix hands submission logins to ({@code smtpd_sasl_type}). */
public enum SaslType {
    /** Dovecot's authentication socket (Postfix's default choice when Dovecot delivers mail). */
    DOVECOT,
    /** Cyrus SASL. */
    CYRUS;

    /** @return the word spec files and Postfix use: "dovecot" or "cyrus" */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
