package dev.portcullis;

import dev.portcullis.internal.Problems;
import dev.portcullis.internal.Text;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A smart host that outgoing mail is handed to, optionally with a login (a cloud provider's relay
 * such as Amazon SES or Aliyun DirectMail on 587 or 465, where outbound port 25 is blocked).
 *
 * <pre>{@code
 * RelayHost ses = RelayHost.builder("email-smtp.eu-west-1.amazonaws.com", 587)
 *     .credentials("AKIAIOSFODNN7EXAMPLE", SecretRef.parse("file:/etc/portcullis/ses-smtp-password"))
 *     .build();
 * MailServerSpec.forHost("mail.example.com").relayHost(ses).build();
 * }</pre>
 *
 * <p>With a login, mail goes to the relay over TLS only (the password never crosses the network in
 * clear): encrypted when no CA file is given, and the relay's certificate verified against
 * {@link #trustedCa()} when one is. Port 465 means TLS from the first byte (implicit TLS). The
 * password is a {@link SecretRef}: read at apply time, never part of the spec's text.
 */
public final class RelayHost {

    /** A relay login name: what providers issue (an access key id, an address, "apikey"). */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@+=/-]{1,256}");
    /** Implicit TLS: the SMTP conversation starts inside TLS. */
    public static final int IMPLICIT_TLS_PORT = 465;

    private final HostName host;
    private final int port;
    private final String user;
    private final SecretRef password;
    private final Path trustedCa;

    /**
     * A relay without a login, as before logins existed.
     *
     * @param host the smart host's name
     * @param port its SMTP port, 1-65535
     */
    public RelayHost(HostName host, int port) {
        if (host == null) {
            throw new InvalidSpecException("host", "is missing");
        }
        String problem = PortRange.problem(port, port);
        if (problem != null) {
            throw new InvalidSpecException("port", problem);
        }
        this.host = host;
        this.port = port;
        this.user = null;
        this.password = null;
        this.trustedCa = null;
    }

    private RelayHost(HostName host, int port, Builder b) {
        this.host = host;
        this.port = port;
        this.user = b.user;
        this.password = b.password;
        this.trustedCa = b.trustedCa;
    }

    /**
     * Starts a relay host.
     *
     * @param host the smart host's name
     * @param port its SMTP port (587 for submission with STARTTLS, 465 for implicit TLS, 25)
     * @return a builder
     */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /** @return a builder holding this relay */
    public Builder toBuilder() {
        Builder b = new Builder(host.value(), port);
        b.user = user;
        b.password = password;
        b.trustedCa = trustedCa;
        return b;
    }

    /** @return the relay's host name */
    public HostName host() {
        return host;
    }

    /** @return its port */
    public int port() {
        return port;
    }

    /** @return the login name, when the relay requires one */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** @return where the login's password lives, when the relay requires a login */
    public Optional<SecretRef> password() {
        return Optional.ofNullable(password);
    }

    /** @return the CA file that the relay's certificate must chain to, when it is verified */
    public Optional<Path> trustedCa() {
        return Optional.ofNullable(trustedCa);
    }

    /** @return whether mail reaches the relay over TLS only: with a login, a CA file, or on port 465 */
    public boolean requiresTls() {
        return user != null || trustedCa != null || port == IMPLICIT_TLS_PORT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelayHost r && r.host.equals(host) && r.port == port && Objects.equals(r.user, user)
                && Objects.equals(r.password, password) && Objects.equals(r.trustedCa, trustedCa);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, user, password, trustedCa);
    }

    /** @return "[host]:port", with the login name, the password's reference and the CA file when set (never a password) */
    @Override
    public String toString() {
        return "[" + host + "]:" + port + (user == null ? "" : " login " + user + " password " + password)
                + (trustedCa == null ? "" : " ca " + trustedCa);
    }

    /** Builds a {@link RelayHost}; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private final String host;
        private final int port;
        private String user;
        private SecretRef password;
        private Path trustedCa;

        private Builder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        /**
         * The relay requires a login (SMTP AUTH); mail then goes to it over TLS only.
         *
         * @param user the login name (letters, digits and . _ @ + = / -)
         * @param password where the password lives ({@code env:NAME} or {@code file:/path}); read at apply time
         * @return this builder
         */
        public Builder credentials(String user, SecretRef password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * Verifies the relay's certificate against this CA file (Postfix {@code secure} level): the
         * relay's name must match its certificate.
         *
         * @param caFile absolute path of the PEM file of the CA(s) on the mail host
         * @return this builder
         */
        public Builder trustedCa(Path caFile) {
            this.trustedCa = caFile;
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
         * @return the relay host
         * @throws InvalidSpecException naming {@code host}, {@code port}, {@code user}, {@code password}
         *     or {@code trustedCa}
         */
        public RelayHost build() {
            Problems p = Problems.create();
            HostName h = p.parse("host", host, HostName::of);
            String portProblem = PortRange.problem(port, port);
            if (portProblem != null) {
                p.add("port", portProblem);
            }
            if (user != null || password != null) {
                if (user == null) {
                    p.add("user", "is missing (a password needs its login name)");
                } else {
                    p.parse("user", user, v -> Text.require(v, USER, "a relay login name",
                            "letters, digits and . _ @ + = / -, at most 256"));
                }
                if (password == null) {
                    p.add("password", "is missing (a secret reference: env:NAME or file:/path)");
                }
            }
            if (trustedCa != null) {
                p.parse("trustedCa", trustedCa.toString(), Text::absolutePath);
            }
            p.throwIfAny();
            return new RelayHost(h, port, this);
        }
    }
}
