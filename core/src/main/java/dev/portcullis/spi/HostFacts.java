package dev.portcullis.spi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What Portcullis knows about a host: operating system, distribution, kernel, effective user, which
 * tools are on PATH, and the facts modules own (such as the iptables variant), each read through
 * the typed {@link FactKey} its owner declares. Gathered through a
 * {@link dev.portcullis.exec.CommandRunner} by {@link HostFactsGatherer}, so it describes a
 * container or a remote host as well as this machine.
 */
public final class HostFacts {

    /** Operating system families. */
    public enum OsFamily {
        /** Linux. */
        LINUX,
        /** Windows. */
        WINDOWS,
        /** Anything else. */
        OTHER
    }

    private final OsFamily osFamily;
    private final String distroId;
    private final String distroVersion;
    private final Set<String> distroLike;
    private final String kernel;
    private final Long effectiveUid;
    private final Set<String> tools;
    private final Map<String, String> attributes;

    private HostFacts(Builder b) {
        this.osFamily = Objects.requireNonNull(b.osFamily);
        this.distroId = b.distroId;
        this.distroVersion = b.distroVersion;
        this.distroLike = Collections.unmodifiableSet(new TreeSet<>(b.distroLike));
        this.kernel = b.kernel;
        this.effectiveUid = b.effectiveUid;
        this.tools = Collections.unmodifiableSet(new TreeSet<>(b.tools));
        this.attributes = Collections.unmodifiableMap(new TreeMap<>(b.attributes));
    }

    /** @return a builder (for gatherers and tests) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these facts */
    public Builder toBuilder() {
        Builder b = new Builder().osFamily(osFamily).distro(distroId, distroVersion).kernel(kernel);
        b.distroLike.addAll(distroLike);
        b.effectiveUid = effectiveUid;
        b.tools.addAll(tools);
        b.attributes.putAll(attributes);
        return b;
    }

    /** @return the OS family */
    public OsFamily osFamily() {
        return osFamily;
    }

    /** @return /etc/os-release ID ("debian", "ubuntu", "rhel"), if known */
    public Optional<String> distroId() {
        return Optional.ofNullable(distroId);
    }

    /** @return /etc/os-release VERSION_ID ("12"), if known */
    public Optional<String> distroVersion() {
        return Optional.ofNullable(distroVersion);
    }

    /** @return /etc/os-release ID_LIKE entries ("debian", "rhel fedora") */
    public Set<String> distroLike() {
        return distroLike;
    }

    /**
     * @param family a distribution id such as "debian" or "rhel"
     * @return whether the host is that distribution or like it
     */
    public boolean isLike(String family) {
        return family.equals(distroId) || distroLike.contains(family);
    }

    /** @return kernel name and release ("Linux 6.1.0-18-amd64"), if known */
    public Optional<String> kernel() {
        return Optional.ofNullable(kernel);
    }

    /** @return the effective user id, if known (POSIX only) */
    public OptionalLong effectiveUid() {
        return effectiveUid == null ? OptionalLong.empty() : OptionalLong.of(effectiveUid);
    }

    /** @return whether the commands run as root (uid 0) */
    public boolean isRoot() {
        return effectiveUid != null && effectiveUid == 0;
    }

    /** @return names of the tools found on PATH */
    public Set<String> tools() {
        return tools;
    }

    /**
     * @param tool a program name
     * @return whether it is on PATH
     */
    public boolean hasTool(String tool) {
        return tools.contains(tool);
    }

    /**
     * Every module-owned fact as its key's name and the text it is kept as, for reports and logs.
     * Programs read a fact through its typed key, {@link #fact(FactKey)}.
     *
     * @return fact name to its text, sorted by name
     */
    public Map<String, String> attributes() {
        return attributes;
    }

    /**
     * @param key the fact, declared by the module that owns it
     * @param <T> the type of its value
     * @return its value, if known
     * @throws IllegalArgumentException when the kept text is not a value of the key's type
     */
    public <T> Optional<T> fact(FactKey<T> key) {
        String text = attributes.get(key.name());
        return text == null ? Optional.empty() : Optional.of(key.parse(text));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HostFacts)) {
            return false;
        }
        HostFacts h = (HostFacts) o;
        return osFamily == h.osFamily && Objects.equals(distroId, h.distroId) && Objects.equals(distroVersion, h.distroVersion)
                && distroLike.equals(h.distroLike) && Objects.equals(kernel, h.kernel)
                && Objects.equals(effectiveUid, h.effectiveUid) && tools.equals(h.tools) && attributes.equals(h.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(osFamily, distroId, distroVersion, distroLike, kernel, effectiveUid, tools, attributes);
    }

    @Override
    public String toString() {
        return "HostFacts{" + osFamily + " " + distroId + " " + distroVersion + ", kernel=" + kernel + ", euid="
                + effectiveUid + ", tools=" + tools + ", " + attributes + "}";
    }

    /** Builds {@link HostFacts}. */
    public static final class Builder {
        private OsFamily osFamily = OsFamily.OTHER;
        private String distroId;
        private String distroVersion;
        private final Set<String> distroLike = new TreeSet<>();
        private String kernel;
        private Long effectiveUid;
        private final Set<String> tools = new TreeSet<>();
        private final Map<String, String> attributes = new TreeMap<>();

        private Builder() {
        }

        /**
         * @param family OS family
         * @return this builder
         */
        public Builder osFamily(OsFamily family) {
            this.osFamily = Objects.requireNonNull(family);
            return this;
        }

        /**
         * @param id distribution id
         * @param version distribution version
         * @return this builder
         */
        public Builder distro(String id, String version) {
            this.distroId = id;
            this.distroVersion = version;
            return this;
        }

        /**
         * @param like ID_LIKE entries
         * @return this builder
         */
        public Builder distroLike(String... like) {
            distroLike.addAll(java.util.Arrays.asList(like));
            return this;
        }

        /**
         * @param kernel kernel name and release
         * @return this builder
         */
        public Builder kernel(String kernel) {
            this.kernel = kernel;
            return this;
        }

        /**
         * @param uid effective user id
         * @return this builder
         */
        public Builder effectiveUid(long uid) {
            this.effectiveUid = uid;
            return this;
        }

        /**
         * @param names tools found on PATH
         * @return this builder
         */
        public Builder tools(String... names) {
            tools.addAll(java.util.Arrays.asList(names));
            return this;
        }

        /**
         * @param names tools found on PATH
         * @return this builder
         */
        public Builder tools(java.util.Collection<String> names) {
            tools.addAll(names);
            return this;
        }

        /**
         * Records a fact, replacing what was known under its key.
         *
         * @param key the fact, declared by the module that owns it
         * @param value its value
         * @param <T> the type of the value
         * @return this builder
         */
        public <T> Builder fact(FactKey<T> key, T value) {
            attributes.put(key.name(), key.render(value));
            return this;
        }

        /**
         * @param key the fact whose value is read back
         * @param <T> the type of the value
         * @return the value recorded so far, if any
         */
        public <T> Optional<T> fact(FactKey<T> key) {
            String text = attributes.get(key.name());
            return text == null ? Optional.empty() : Optional.of(key.parse(text));
        }

        /** @return the facts */
        public HostFacts build() {
            return new HostFacts(this);
        }
    }
}
