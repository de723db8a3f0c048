package dev.portcullis.iptables;

import dev.portcullis.IpFamily;
import dev.portcullis.exec.Command;
import dev.portcullis.spi.HostFacts;
import java.util.List;
import java.util.Optional;

/**
 * Where the host's boot-time loader reads saved rules: Debian and Ubuntu's netfilter-persistent
 * reads {@code /etc/iptables/rules.v4} and {@code rules.v6}; RHEL's iptables-services reads
 * {@code /etc/sysconfig/iptables} and {@code ip6tables}.
 *
 * @param directory the directory holding both files
 * @param v4File the IPv4 rules file
 * @param v6File the IPv6 rules file
 */
record PersistenceTarget(String directory, String v4File, String v6File) {

    /** Debian and Ubuntu (iptables-persistent / netfilter-persistent). */
    static final PersistenceTarget DEBIAN = new PersistenceTarget("/etc/iptables", "/etc/iptables/rules.v4",
            "/etc/iptables/rules.v6");
    /** RHEL, CentOS, Fedora and their kin (iptables-services). */
    static final PersistenceTarget RHEL = new PersistenceTarget("/etc/sysconfig", "/etc/sysconfig/iptables",
            "/etc/sysconfig/ip6tables");

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
     * Reads both files in one process. {@code grep -H ''} prefixes every line with its file name,
     * and names a missing file on standard error.
     *
     * @return the read command
     */
    Command readCommand() {
        return Command.builder("grep").args("-H", "", "--", v4File, v6File).successExitCodes(0, 1, 2).build();
    }

    /**
     * @param stdout what {@link #readCommand()} printed
     * @param stderr what it complained about
     * @return the files' contents
     */
    PersistedFiles parse(String stdout, String stderr) {
        StringBuilder v4 = new StringBuilder();
        StringBuilder v6 = new StringBuilder();
        for (String line : stdout.split("\n")) {
            if (line.startsWith(v4File + ":")) {
                v4.append(line.substring(v4File.length() + 1)).append('\n');
            } else if (line.startsWith(v6File + ":")) {
                v6.append(line.substring(v6File.length() + 1)).append('\n');
            }
        }
        boolean v4Exists = v4.length() > 0 || !stderr.contains(v4File);
        boolean v6Exists = v6.length() > 0 || !stderr.contains(v6File);
        return new PersistedFiles(v4Exists ? Optional.of(v4.toString()) : Optional.empty(),
                v6Exists ? Optional.of(v6.toString()) : Optional.empty());
    }

    /**
     * @param family a family
     * @param previous the file's content before, or empty when it did not exist
     * @return the commands that put the file back
     */
    List<Command> restoreCommands(IpFamily family, Optional<String> previous) {
        String path = file(family);
        return previous.map(text -> List.of(Command.builder("dd").args("of=" + path, "status=none").stdin(text).build()))
                .orElseGet(() -> List.of(Command.of("rm", "-f", "--", path)));
    }

    /**
     * What the rules files held when the snapshot was taken.
     *
     * @param v4 the IPv4 file's content, or empty when it did not exist
     * @param v6 the IPv6 file's content, or empty when it did not exist
     */
    record PersistedFiles(Optional<String> v4, Optional<String> v6) {

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
