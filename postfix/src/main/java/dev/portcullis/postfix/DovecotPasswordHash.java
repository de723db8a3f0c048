package dev.portcullis.postfix;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes a login password the way Dovecot's {@code PBKDF2} scheme stores it
 * ({@code {PBKDF2}$1$<salt>$<rounds>$<hex PBKDF2-HMAC-SHA1>}, as {@code doveadm pw -s PBKDF2}
 * prints it), in this JVM, with a fresh random salt: the password never reaches a process argument
 * and never lands on the host in clear.
 */
final class DovecotPasswordHash {

    /** Dovecot's own default for the scheme; 5000 rounds of HMAC-SHA1 cost a few milliseconds. */
    static final int ROUNDS = 5000;
    private static final String SALT_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./";
    private static final int SALT_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DovecotPasswordHash() {
    }

    /**
     * @param password the password
     * @return its hash under a fresh salt
     */
    static String pbkdf2(String password) {
        StringBuilder salt = new StringBuilder();
        for (int i = 0; i < SALT_LENGTH; i++) {
            salt.append(SALT_ALPHABET.charAt(RANDOM.nextInt(SALT_ALPHABET.length())));
        }
        return pbkdf2(password, salt.toString(), ROUNDS);
    }

    /**
     * @param password the password
     * @param salt the salt, characters of {@link #SALT_ALPHABET}
     * @param rounds PBKDF2 iterations
     * @return the hash in Dovecot's form
     */
    static String pbkdf2(String password, String salt, int rounds) {
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(
                    new PBEKeySpec(password.toCharArray(), salt.getBytes(StandardCharsets.UTF_8), rounds, 160)).getEncoded();
            return "{PBKDF2}$1$" + salt + "$" + rounds + "$" + HexFormat.of().formatHex(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java has PBKDF2WithHmacSHA1", e);
        }
    }
}
