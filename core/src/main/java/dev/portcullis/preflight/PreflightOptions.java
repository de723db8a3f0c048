package dev.portcullis.preflight;

import dev.portcullis.DataSize;
import dev.portcullis.InvalidSpecException;
import dev.portcullis.internal.Text;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of preflight itself, for {@link dev.portcullis.Provisioner#preflight(dev.portcullis.Spec,
 * PreflightOptions)}: hardware thresholds, the mail spool to measure, the relay or MX the outbound
 * check may contact. Which host, which backends and which facts are the provisioner's settings, so
 * preflight judges exactly what that provisioner would do. Immutable; {@link #defaults()} is what
 * {@link dev.portcullis.Provisioner#preflight(dev.portcullis.Spec)} uses.
 */
public final class PreflightOptions {

    /** Default core count below which the hardware check warns. */
    public static final int DEFAULT_MINIMUM_CORES = 4;
    /** Default memory below which the hardware check warns: 16 GiB. */
    public static final DataSize DEFAULT_MINIMUM_MEMORY = DataSize.ofMegabytes(16 * 1024L);
    /** Default free space on the spool's filesystem below which the hardware check warns: 10 GiB. */
    public static final DataSize DEFAULT_MINIMUM_SPOOL_FREE = DataSize.ofMegabytes(10 * 1024L);
    /** Postfix's queue directory, the default spool on Linux. */
    public static final String DEFAULT_LINUX_SPOOL = "/var/spool/postfix";
    /** Default time the outbound SMTP connect may take. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern WINDOWS_PATH = Pattern.compile("[A-Za-z]:\\\\[A-Za-z0-9 ._()\\\\-]{0,240}");

    private final int minimumCores;
    private final DataSize minimumMemory;
    private final DataSize minimumSpoolFree;
    private final String spoolPath;
    private final SmtpTarget outboundSmtp;
    private final Duration connectTimeout;
    private final LocalPrivileges localPrivileges;
    private final List<PreflightContributor> contributors;

    private PreflightOptions(Builder b) {
        this.minimumCores = b.minimumCores;
        this.minimumMemory = b.minimumMemory;
        this.minimumSpoolFree = b.minimumSpoolFree;
        this.spoolPath = b.spoolPath;
        this.outboundSmtp = b.outboundSmtp;
        this.connectTimeout = b.connectTimeout;
        this.localPrivileges = b.localPrivileges;
        this.contributors = b.contributors;
    }

    /** @return the defaults: 4 cores, 16 GiB, 10 GiB free spool, no outbound target, contributors from the class path */
    public static PreflightOptions defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.minimumCores = minimumCores;
        b.minimumMemory = minimumMemory;
        b.minimumSpoolFree = minimumSpoolFree;
        b.spoolPath = spoolPath;
        b.outboundSmtp = outboundSmtp;
        b.connectTimeout = connectTimeout;
        b.localPrivileges = localPrivileges;
        b.contributors = contributors;
        return b;
    }

    /** @return cores below which the hardware check warns */
    public int minimumCores() {
        return minimumCores;
    }

    /** @return memory below which the hardware check warns */
    public DataSize minimumMemory() {
        return minimumMemory;
    }

    /** @return free spool space below which the hardware check warns */
    public DataSize minimumSpoolFree() {
        return minimumSpoolFree;
    }

    /** @return the spool directory to measure, when set (otherwise Postfix's queue or the system drive) */
    public Optional<String> spoolPath() {
        return Optional.ofNullable(spoolPath);
    }

    /** @return the relay or MX the outbound check may connect to, when named */
    public Optional<SmtpTarget> outboundSmtp() {
        return Optional.ofNullable(outboundSmtp);
    }

    /** @return how long the outbound connect may take */
    public Duration connectTimeout() {
        return connectTimeout;
    }






    /** @return reads this JVM's privileges for a local runner */
    public LocalPrivileges localPrivileges() {
        return localPrivileges;
    }

    /** @return the modules' preflight knowledge to use, when set (otherwise the contributors on the class path) */
    public Optional<List<PreflightContributor>> contributors() {
        return Optional.ofNullable(contributors);
    }

    /** Builds {@link PreflightOptions}. */
    public static final class Builder {
        private int minimumCores = DEFAULT_MINIMUM_CORES;
        private DataSize minimumMemory = DEFAULT_MINIMUM_MEMORY;
        private DataSize minimumSpoolFree = DEFAULT_MINIMUM_SPOOL_FREE;
        private String spoolPath;
        private SmtpTarget outboundSmtp;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private LocalPrivileges localPrivileges = LocalPrivileges.jna();
        private List<PreflightContributor> contributors;

        private Builder() {
        }

        /**
         * @param cores cores below which the hardware check warns (at least 1)
         * @return this builder
         */
        public Builder minimumCores(int cores) {
            if (cores < 1) {
                throw new InvalidSpecException("minimumCores", "must be at least 1: " + cores);
            }
            this.minimumCores = cores;
            return this;
        }

        /**
         * @param memory memory below which the hardware check warns
         * @return this builder
         */
        public Builder minimumMemory(DataSize memory) {
            this.minimumMemory = Objects.requireNonNull(memory, "memory");
            return this;
        }

        /**
         * @param free free space on the spool's filesystem below which the hardware check warns
         * @return this builder
         */
        public Builder minimumSpoolFree(DataSize free) {
            this.minimumSpoolFree = Objects.requireNonNull(free, "free");
            return this;
        }

        /**
         * @param path the mail spool: an absolute POSIX path, or a Windows path such as
         *        {@code D:\Exchange\Queue}
         * @return this builder
         */
        public Builder spoolPath(String path) {
            if (path != null && WINDOWS_PATH.matcher(path).matches()) {
                this.spoolPath = path;
            } else {
                this.spoolPath = Text.absolutePath(path);
            }
            return this;
        }

        /**
         * Names the relay or MX the outbound SMTP check connects to on port 25. Without one (and
         * without a relay host in the mail server spec) the check connects nowhere.
         *
         * @param host a host name or IP address
         * @return this builder
         */
        public Builder outboundSmtp(String host) {
            this.outboundSmtp = SmtpTarget.of(host);
            return this;
        }

        /**
         * @param target the relay or MX and port the outbound SMTP check connects to
         * @return this builder
         */
        public Builder outboundSmtp(SmtpTarget target) {
            this.outboundSmtp = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * @param timeout how long the outbound connect may take (1 to 60 seconds)
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(60)) > 0) {
                throw new InvalidSpecException("connectTimeout", "must be between 1 and 60 seconds: " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }





        /**
         * @param privileges reads this JVM's privileges when the runner is local
         * @return this builder
         */
        public Builder localPrivileges(LocalPrivileges privileges) {
            this.localPrivileges = Objects.requireNonNull(privileges, "privileges");
            return this;
        }

        /**
         * Uses these modules' preflight knowledge instead of the contributors on the class path.
         *
         * @param modules the contributors, in the order they run
         * @return this builder
         */
        public Builder contributors(List<PreflightContributor> modules) {
            this.contributors = List.copyOf(modules);
            return this;
        }

        /** @return the options */
        public PreflightOptions build() {
            return new PreflightOptions(this);
        }
    }
}
