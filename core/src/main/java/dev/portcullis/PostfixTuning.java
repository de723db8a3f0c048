package dev.portcullis;

import dev.portcullis.internal.Problems;
import dev.portcullis.internal.Text;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Settings only the Postfix backend has a use for: which SASL implementation submission logins go
 * to, where its socket lives below the Postfix queue directory, and how many server processes run
 * at once. A {@link MailServerSpec} carries them apart from what every backend honours; the
 * Exchange backend does not use them and says so in its plan when they differ from the defaults.
 *
 * <pre>{@code
 * MailServerSpec.forHost("mail.example.com")
 *     .postfix(PostfixTuning.builder().sasl(SaslType.CYRUS, "private/sasl").processLimit(50)
 *         .extra("max_idle", "200s").build())
 *     .build();
 * }</pre>
 *
 * <p>{@link Builder#extra(String, String)} is the escape hatch for main.cf parameters the model has no
 * field for. Values are not secrets: they appear in plans and reports.
 */
public final class PostfixTuning {

    /** Relative to the Postfix queue directory, without '.' or '..' segments that would leave it. */
    private static final Pattern SASL_PATH = Pattern.compile("(?!.*(?:^|/)\\.{1,2}(?:/|$))[a-z0-9_.-][a-z0-9_/.-]{0,63}");
    /** A main.cf parameter name as Postfix spells them ({@code max_idle}, {@code smtp_tls_CAfile}). */
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");
    private static final int MAX_EXTRA_VALUE = 4096;

    private static final PostfixTuning DEFAULTS = builder().build();

    private final SaslType saslType;
    private final String saslPath;
    private final int processLimit;
    private final Map<String, String> extras;

    private PostfixTuning(Builder b) {
        this.saslType = b.saslType;
        this.saslPath = b.saslPath;
        this.processLimit = b.processLimit;
        this.extras = Collections.unmodifiableMap(new TreeMap<>(b.extras));
    }

    /** @return Postfix's own defaults: Dovecot at {@code private/auth}, 100 processes */
    public static PostfixTuning defaults() {
        return DEFAULTS;
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.saslType = saslType;
        b.saslPath = saslPath;
        b.processLimit = processLimit;
        b.extras.putAll(extras);
        return b;
    }

    /** @return the SASL implementation submission logins go to ({@code smtpd_sasl_type}) */
    public SaslType saslType() {
        return saslType;
    }

    /** @return the SASL socket path relative to the Postfix queue directory ({@code smtpd_sasl_path}) */
    public String saslPath() {
        return saslPath;
    }

    /** @return the most server processes at once ({@code default_process_limit}) */
    public int processLimit() {
        return processLimit;
    }

    /**
     * @return main.cf parameters the model has no field for, by name in alphabetical order (the
     *     Postfix backend refuses a name Postfix does not know, and one the spec's own fields set)
     */
    public Map<String, String> extras() {
        return extras;
    }

    /** @return whether every setting is Postfix's default */
    public boolean isDefault() {
        return equals(DEFAULTS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PostfixTuning && ((PostfixTuning) o).saslType == saslType
                && ((PostfixTuning) o).saslPath.equals(saslPath) && ((PostfixTuning) o).processLimit == processLimit
                && ((PostfixTuning) o).extras.equals(extras);
    }

    @Override
    public int hashCode() {
        return Objects.hash(saslType, saslPath, processLimit, extras);
    }

    @Override
    public String toString() {
        return "PostfixTuning{sasl=" + saslType.word() + ":" + saslPath + ", processLimit=" + processLimit
                + (extras.isEmpty() ? "" : ", extra=" + extras) + "}";
    }

    /** Builds a {@link PostfixTuning}; {@link #build()} reports every problem at once. */
    public static final class Builder {
        private SaslType saslType = SaslType.DOVECOT;
        private String saslPath = "private/auth";
        private int processLimit = 100;
        private final Map<String, String> extras = new TreeMap<>();

        private Builder() {
        }

        /**
         * @param type the SASL implementation (default Dovecot)
         * @param path its socket relative to the Postfix queue directory (default "private/auth")
         * @return this builder
         */
        public Builder sasl(SaslType type, String path) {
            this.saslType = type;
            this.saslPath = path;
            return this;
        }

        /**
         * @param limit the most server processes at once, 1-10000 (default 100)
         * @return this builder
         */
        public Builder processLimit(int limit) {
            this.processLimit = limit;
            return this;
        }

        /**
         * Sets a main.cf parameter the model has no field for ({@code max_idle},
         * {@code default_destination_concurrency_limit}, a cipher list...). It is owned like the
         * rest: recorded with its value before, diffed, verified, rolled back and removed.
         *
         * @param name the parameter, as {@code postconf -d} lists it; set again, the last value wins
         * @param value its value, one line (no line break or NUL); empty sets it empty
         * @return this builder
         */
        public Builder extra(String name, String value) {
            extras.put(name, value);
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
         * @throws InvalidSpecException naming {@code sasl.type}, {@code sasl.path}, {@code processLimit}
         *     or {@code extra.<name>}
         */
        public PostfixTuning build() {
            Problems p = Problems.create();
            if (saslType == null) {
                p.add("sasl.type", "is missing (dovecot or cyrus)");
            }
            p.parse("sasl.path", saslPath, v -> Text.require(v, SASL_PATH, "a SASL path",
                    "relative to the queue directory, e.g. private/auth; no . or .. segments"));
            if (processLimit < 1 || processLimit > 10_000) {
                p.add("processLimit", processLimit + " is not between 1 and 10000");
            }
            extras.forEach((name, value) -> extraProblems(p, name, value));
            p.throwIfAny();
            return new PostfixTuning(this);
        }

        private static void extraProblems(Problems p, String name, String value) {
            if (name == null || !PARAMETER.matcher(name).matches()) {
                p.add("extra", Text.refusal(name == null ? "" : name, "a Postfix parameter name",
                        "letters, digits and _, starting with a letter, at most 100 (as postconf -d lists them)"));
                return;
            }
            String field = "extra." + name;
            if (value == null) {
                p.add(field, "is missing (a value; empty is allowed)");
            } else if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                p.add(field, "holds a line break or NUL: main.cf values are one line");
            } else if (value.length() > MAX_EXTRA_VALUE) {
                p.add(field, "is longer than " + MAX_EXTRA_VALUE + " characters");
            }
        }
    }
}
