package dev.portcullis.iptables;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.testing.LinuxTestHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the live tests and the benchmark do to a test host: load the foreign rule set (Docker-
 * and fail2ban-like chains, INPUT dropping by default as on a hardened host) and read the tables.
 */
final class LiveHost {

    private LiveHost() {
    }

    /**
     * Replaces the host's tables with the foreign rule set only: every owned chain is gone.
     *
     * @param host the test host
     */
    static void resetToForeignRules(LinuxTestHost host) {
        CommandRunner r = host.runner();
        r.run(Command.builder("iptables-restore").stdin(resource("/foreign/rules.v4")).build());
        r.run(Command.builder("ip6tables-restore").stdin(resource("/foreign/rules.v6")).build());
        r.run(Command.of("iptables", "-P", "INPUT", "DROP"));
        r.run(Command.of("ip6tables", "-P", "INPUT", "DROP"));
    }

    /**
     * @param host the test host
     * @return iptables-save and ip6tables-save, parsed, as a pair [v4, v6]
     */
    static List<IptablesSave> tables(LinuxTestHost host) {
        return List.of(IptablesSave.parse(host.run("iptables-save").stdout()),
                IptablesSave.parse(host.run("ip6tables-save").stdout()));
    }

    /**
     * @param tables both families' tables
     * @return every comparable line that Portcullis does not own (its chains and jumps left out)
     */
    static List<String> foreignLines(List<IptablesSave> tables) {
        return tables.stream().flatMap(t -> t.comparableLines().stream())
                .filter(l -> !l.contains("PORTCULLIS-")).toList();
    }

    /**
     * @param tables both families' tables
     * @return every comparable line
     */
    static List<String> allLines(List<IptablesSave> tables) {
        return tables.stream().flatMap(t -> t.comparableLines().stream()).toList();
    }

    static String resource(String name) {
        try (InputStream in = LiveHost.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
