package dev.portcullis.iptables;

import dev.portcullis.IpFamily;
import dev.portcullis.exec.Command;
import dev.portcullis.spi.HostFacts;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the host's boot-time loader reads saved rules and ipsets: Debian and Ubuntu's
 * netfilter-persistent reads {@code /etc/iptables/rules.v4} and {@code rules.v6}, and with its
 * ipset plugin (package ipset-persistent, {@code plugins.d/10-ipset}, run before the rules'
 * plugins) {@code /etc/iptables/ipsets}; RHEL's iptables-services reads {@code /etc/sysconfig/iptables}
 * and {@code ip6tables}, and ipset-service {@code /etc/sysconfig/ipset} before them.
 *
 * @param directory the directory holding the files
 * @param v4File the IPv4 rules file
 * @param v6File the IPv6 rules file
 * @param ipsetFile the ipsets file ({@code ipset save} format) the boot restores before the rules
 * @param ipsetLoader the program that restores it at boot: without it, saved rules that match a set
 *     would fail to load as a whole, so sets are not written while the rules are persisted
 */
record PersistenceTarget(String directory, String v4File, String v6File, String ipsetFile, String ipsetLoader) {

    /** Debian and Ubuntu (iptables-persistent / netfilter-persistent, ipset-persistent). */
    static final PersistenceTarget DEBIAN = new PersistenceTarget("/etc/iptables", "/etc/iptables/rules.v4",
            "/etc/iptables/rules.v6", "/etc/iptables/ipsets", "/usr/share/netfilter-persistent/plugins.d/10-ipset");
    /** RHEL, CentOS, Fedora and their kin (iptables-services, ipset-service). */
    static final PersistenceTarget RHEL = new PersistenceTarget("/etc/sysconfig", "/etc/sysconfig/iptables",
            "/etc/sysconfig/ip6tables", "/etc/sysconfig/ipset", "/usr/libexec/ipset/ipset.start-stop");

    /**
     * @param facts the host's facts
     * @return the files for its distribution, if Portcullis knows them
     */
    static Optional<PersistenceTarget> forHost(HostFacts facts) {
        if (facts.isLike("debian") || facts.isLike("ubuntu")) {
            return Optional.of(DEBIAN);
        }
        if (facts.isLike("rhel") || facts.isLike("fedora") || facts.isLike("centos")) {
            return Optional.of(RHEL);
        }
        return Optional.empty();
    }

    /**
     * @param family a family
     * @return its file
     */
    String file(IpFamily family) {
        return family == IpFamily.IPV6 ? v6File : v4File;
    }

    /**
     * Reads the rules files, the ipsets file and whether the ipset loader exists, in one process.
     * {@code grep -H ''} prefixes every line with its file name, and names a missing file on
     * standard error.
     *
     * @return the read command
     */
    Command readCommand() {
        return Command.builder("grep").args("-H", "", "--", v4File, v6File, ipsetFile, ipsetLoader).successExitCodes(0, 1, 2)
                .build();
    }

    /**
     * @param stdout what {@link #readCommand()} printed
     * @param stderr what it complained about
     * @return the files' contents
     */
    PersistedFiles parse(String stdout, String stderr) {
        StringBuilder v4 = new StringBuilder();
        StringBuilder v6 = new StringBuilder();
        StringBuilder sets = new StringBuilder();
        for (String line : stdout.split("\n")) {
            if (line.startsWith(v4File + ":")) {
                v4.append(line.substring(v4File.length() + 1)).append('\n');
            } else if (line.startsWith(v6File + ":")) {
                v6.append(line.substring(v6File.length() + 1)).append('\n');
            } else if (line.startsWith(ipsetFile + ":")) {
                sets.append(line.substring(ipsetFile.length() + 1)).append('\n');
            }
        }
        boolean v4Exists = v4.length() > 0 || !stderr.contains(v4File);
        boolean v6Exists = v6.length() > 0 || !stderr.contains(v6File);
        boolean setsExist = sets.length() > 0 || !stderr.contains(ipsetFile + ":");
        return new PersistedFiles(v4Exists ? Optional.of(v4.toString()) : Optional.empty(),
                v6Exists ? Optional.of(v6.toString()) : Optional.empty(),
                setsExist ? Optional.of(sets.toString()) : Optional.empty(), !stderr.contains(ipsetLoader));
    }

    /**
     * The ipsets file with a policy's sets as they should be at boot: every line of the file that
     * is not about the policy's sets stays as it was, the policy's sets follow.
     *
     * @param previous the file's content before, or empty when it did not exist
     * @param policy the policy
     * @param sets the policy's sets
     * @return the new content
     */
    static String ipsetFileWith(Optional<String> previous, String policy, Collection<OwnedIpset> sets) {
        StringBuilder out = new StringBuilder();
        for (String line : previous.orElse("").split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (!line.isBlank() && !(words.length >= 2 && OwnedIpset.ownedBy(words[1], policy))) {
                out.append(line).append('\n');
            }
        }
        out.append(sets.stream().map(IpsetRestoreScript::create).collect(Collectors.joining()));
        return out.toString();
    }

    /**
     * @param family a family
     * @param previous the file's content before, or empty when it did not exist
     * @return the commands that put the file back
     */
    List<Command> restoreCommands(IpFamily family, Optional<String> previous) {
        return restoreCommands(file(family), previous);
    }

    /**
     * @param path a file
     * @param previous its content before, or empty when it did not exist
     * @return the commands that put the file back
     */
    static List<Command> restoreCommands(String path, Optional<String> previous) {
        return previous.map(text -> List.of(Command.builder("dd").args("of=" + path, "status=none").stdin(text).build()))
                .orElseGet(() -> List.of(Command.of("rm", "-f", "--", path)));
    }

    /**
     * What the rules files held when the snapshot was taken.
     *
     * @param v4 the IPv4 file's content, or empty when it did not exist
     * @param v6 the IPv6 file's content, or empty when it did not exist
     * @param ipsets the ipsets file's content, or empty when it did not exist
     * @param ipsetLoader whether the boot's ipset loader exists
     */
    record PersistedFiles(Optional<String> v4, Optional<String> v6, Optional<String> ipsets, boolean ipsetLoader) {

        /**
         * Rules files without an ipsets file or its loader.
         *
         * @param v4 the IPv4 file's content, or empty when it did not exist
         * @param v6 the IPv6 file's content, or empty when it did not exist
         */
        PersistedFiles(Optional<String> v4, Optional<String> v6) {
            this(v4, v6, Optional.empty(), false);
        }

        /**
         * @param policy a policy
         * @return the policy's sets the boot would restore (none when the file is missing or unreadable)
         */
        Map<String, OwnedIpset> ownedSets(String policy) {
            try {
                return IpsetSave.parse(ipsets.orElse("")).owned(policy);
            } catch (IllegalArgumentException e) {
                return Map.of();
            }
        }

        /**
         * @param family a family
         * @return that family's file content
         */
        Optional<String> content(IpFamily family) {
            return family == IpFamily.IPV6 ? v6 : v4;
        }

        /**
         * @param family a family
         * @return the owned state the file would load at boot (empty when missing or unreadable)
         */
        Optional<OwnedState> ownedState(IpFamily family) {
            try {
                return content(family).map(text -> OwnedState.of(IptablesSave.parse(text)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
