package dev.portcullis.examples.cli;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A runner for offline plans: it runs nothing and answers as a freshly installed host answers a
 * read, so backends take their one snapshot of "nothing configured yet" and plan everything. Most
 * reads get exit 0 and no output (no rules, no keys set); the few tools that always print something
 * on a fresh host get that: firewalld runs with its default zone {@code public} holding only the
 * services a fresh RHEL 9 allows; and files the spec says the administrator brings (a TLS
 * certificate and key) exist, so {@code sha256sum} and {@code test -e} find them. It records what it
 * was asked, to show which snapshot reads a live plan makes.
 */
public final class EmptyHostRunner implements CommandRunner {

    /** {@code firewall-cmd --list-all} of RHEL 9's default zone, untouched. */
    static final String FRESH_FIREWALLD_ZONE = String.join("\n", "public (active)", "  target: default",
            "  icmp-block-inversion: no", "  interfaces: ", "  sources: ", "  services: cockpit dhcpv6-client ssh",
            "  ports: ", "  protocols: ", "  forward: yes", "  masquerade: no", "  forward-ports: ", "  source-ports: ",
            "  icmp-blocks: ", "  rich rules: ", "");

    private final List<Command> asked = new ArrayList<>();
    private final Set<String> presentFiles;

    /** An empty host on which no file of interest exists. */
    public EmptyHostRunner() {
        this(Set.of());
    }

    /** @param presentFiles absolute paths of files the host is assumed to have (a certificate the spec names) */
    public EmptyHostRunner(Set<String> presentFiles) {
        this.presentFiles = Set.copyOf(presentFiles);
    }

    @Override
    public synchronized CommandResult execute(Command command) {
        asked.add(command);
        List<String> argv = command.argv();
        if (argv.get(0).equals("sha256sum")) {
            return digests(command);
        }
        if (argv.get(0).equals("test") && argv.size() == 3 && argv.get(1).equals("-e")) {
            return CommandResult.of(command, presentFiles.contains(argv.get(2)) ? 0 : 1, "");
        }
        return CommandResult.of(command, 0, freshAnswer(argv));
    }

    /** As sha256sum answers: a line per file that exists, exit 1 when any is missing. */
    private CommandResult digests(Command command) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String path : command.argv().subList(1, command.argv().size())) {
            if (path.startsWith("-")) {
                continue;
            }
            if (presentFiles.contains(path)) {
                out.append("0".repeat(64)).append("  ").append(path).append('\n');
            } else {
                err.append("sha256sum: ").append(path).append(": No such file or directory\n");
            }
        }
        return new CommandResult(command, err.length() == 0 ? 0 : 1, out.toString(), err.toString(), Duration.ZERO, false);
    }

    private static String freshAnswer(List<String> argv) {
        if (argv.get(0).equals("firewall-cmd") || argv.get(0).equals("firewall-offline-cmd")) {
            if (argv.contains("--state")) {
                return "running\n";
            }
            if (argv.contains("--get-default-zone")) {
                return "public\n";
            }
            if (argv.contains("--list-all")) {
                return FRESH_FIREWALLD_ZONE;
            }
        }
        return "";
    }

    /** @return every command asked so far (the snapshot reads), in order */
    public synchronized List<Command> asked() {
        return List.copyOf(asked);
    }

    @Override
    public String target() {
        return "assumed empty host";
    }
}
