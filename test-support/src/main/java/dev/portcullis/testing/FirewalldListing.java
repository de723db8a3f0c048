package dev.portcullis.testing;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.util.List;

/**
 * Everything firewalld holds on a live host, runtime and permanent, read in ONE process: every
 * zone's and policy's settings, the service lists, every firewalld ipset's entries, and the
 * direct chains, rules and passthroughs. Tests compare it before and after an apply, a rollback
 * or a removal.
 *
 * <p>It reads through firewalld's own D-Bus client module ({@code firewall.client}, the one
 * {@code firewall-cmd} itself uses) and none of Portcullis's code, so it stays an independent
 * witness; the same facts through {@code firewall-cmd} cost some twenty Python starts, which on
 * a 2-core CI machine running four live groups at once was a large share of every firewalld test.
 *
 * <p>One line per fact, {@code <runtime|permanent> <kind> <name> <key>: <value>}, names sorted;
 * rich rules and direct rules one line each, so that a caller can leave out the lines that name
 * its own sources.
 */
public final class FirewalldListing {

    private static final String SCRIPT = ScriptResource.text("firewalld-listing.py");

    private FirewalldListing() {
    }

    /**
     * @param host a host where firewalld runs
     * @return the listing, one fact per line
     */
    public static List<String> read(LinuxTestHost host) {
        return read(host.runner());
    }

    /**
     * @param runner the runner of a host where firewalld runs
     * @return the listing, one fact per line
     * @throws IllegalStateException when firewalld does not answer
     */
    public static List<String> read(CommandRunner runner) {
        CommandResult r = runner.run(Command.builder("python3").args("-c", SCRIPT).successExitCodes(0, 3).build());
        if (r.exitCode() != 0) {
            throw new IllegalStateException("firewalld's state could not be read: " + r.stderr().strip());
        }
        return r.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    /**
     * The listing less what firewalld itself keeps at runtime until its next reload, which
     * Portcullis never forces (a reload would drop runtime-only state): the names of service
     * definitions deleted from the permanent configuration ({@code portcullis-*} words in the
     * runtime service list) and emptied owned ipsets ({@code runtime ipset portcullis-* entries:}
     * with no entry). An owned ipset still holding entries stays in, and so does every zone's use
     * of a service.
     *
     * @param listing a listing from {@link #read}
     * @return the listing to compare before and after a removal or a rollback
     */
    public static List<String> lessRuntimeLeftovers(List<String> listing) {
        return listing.stream()
                .filter(l -> !l.matches("runtime ipset portcullis-\\S+ entries: ?"))
                .map(l -> l.startsWith("runtime services: ") ? l.replaceAll(" portcullis-\\S+", "") : l)
                .toList();
    }
}
