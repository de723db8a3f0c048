package dev.portcullis;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a mailbox user proves who they are when logging in to submit mail: either a
 * {@link SecretRef} to the password itself (read at apply time and stored on the host only as a
 * salted hash), or a hash already made by the admin in the {@code {SCHEME}hash} form Dovecot and
 * most SASL servers read ({@code {SHA512-CRYPT}$6$...}, {@code {BLF-CRYPT}...}, {@code {PBKDF2}...}).
 * A plain password is never part of a spec.
 *
 * <pre>{@code
 * LoginPassword.secret(SecretRef.parse("env:ALICE_PASSWORD"));
 * LoginPassword.hashed("{SHA512-CRYPT}$6$rounds=5000$saltsalt$...");
 * LoginPassword.parse("env:ALICE_PASSWORD");      // spec files: a reference, or a hash in braces-scheme form
 * }</pre>
 */
public final class LoginPassword {

    /** {SCHEME} then the hash: printable ASCII without blanks or ':' (the field separator of passwd files). */
    private static final Pattern HASH = Pattern.compile("\\{[A-Z0-9][A-Z0-9.-]{0,31}\\}[!-9;-~]{1,1024}");
    /** Schemes that store the password itself: refused, a spec must never hold one. */
    private static final Pattern PLAIN_SCHEMES = Pattern.compile("\\{(PLAIN|CLEAR|CLEARTEXT|PLAIN-TRUNC)(\\.[A-Z0-9]+)?\\}.*");

    private final SecretRef secret;
    private final String hash;

    private LoginPassword(SecretRef secret, String hash) {
        this.secret = secret;
        this.hash = hash;
    }

    /**
     * @param password where the password lives (its value is read only when the host is configured)
     * @return a password Portcullis hashes with a fresh salt at apply time
     */
    public static LoginPassword secret(SecretRef password) {
        return new LoginPassword(Objects.requireNonNull(password, "password"), null);
    }

    /**
     * @param hash a password hash in {@code {SCHEME}hash} form
     * @return the hash, stored on the host as given
     * @throws InvalidSpecException when it is not such a hash, or names a scheme that stores the
     *     password in clear (the value is never echoed)
     */
    public static LoginPassword hashed(String hash) {
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new InvalidSpecException("password", "is not a password hash in {SCHEME}hash form (printable, no blanks"
                    + " or ':'), nor a secret reference (env:NAME or file:/path); the value is not shown");
        }
        if (PLAIN_SCHEMES.matcher(hash).matches()) {
            throw new InvalidSpecException("password", "names a clear-text scheme; give a reference (env:NAME or"
                    + " file:/path) or a real hash instead (the value is not shown)");
        }
        return new LoginPassword(null, hash);
    }

    /**
     * @param text a secret reference ({@code env:NAME}, {@code file:/path}) or a hash starting with '{'
     * @return the password
     * @throws InvalidSpecException naming {@code password}, never echoing the value
     */
    public static LoginPassword parse(String text) {
        if (text != null && text.startsWith("{")) {
            return hashed(text);
        }
        try {
            return secret(SecretRef.parse(text));
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException("password", e.problems().get(0).reason());
        }
    }

    /** @return the reference to resolve at apply time, when the password is given that way */
    public Optional<SecretRef> secret() {
        return Optional.ofNullable(secret);
    }

    /** @return the hash as given, when the password is given that way */
    public Optional<String> hash() {
        return Optional.ofNullable(hash);
    }

    /** @return what a spec file holds: the reference, or the hash */
    public String toSpecText() {
        return secret != null ? secret.toString() : hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoginPassword && Objects.equals(((LoginPassword) o).secret, secret)
                && Objects.equals(((LoginPassword) o).hash, hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(secret, hash);
    }

    /** @return the reference, or only the scheme of a hash (a hash can be attacked offline, so it is not shown) */
    @Override
    public String toString() {
        return secret != null ? secret.toString() : hash.substring(0, hash.indexOf('}') + 1) + "(hash)";
    }
}
