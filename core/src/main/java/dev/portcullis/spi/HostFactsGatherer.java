package dev.portcullis.spi;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers {@link HostFacts} through a runner in a handful of processes: {@code uname -sr},
 * {@code cat /etc/os-release}, {@code id -u} (or JNA's {@code geteuid()} when local), one
 * {@code which} for every tool of interest, and {@code iptables -V} when iptables is there.
 */
public final class HostFactsGatherer {

    /** The tools whose presence backends and preflight checks ask about. */
    public static final List<String> TOOLS = List.of("iptables", "ip6tables", "iptables-save", "ip6tables-save",
            "iptables-restore", "ip6tables-restore", "iptables-legacy", "iptables-nft", "iptables-legacy-save",
            "iptables-legacy-restore", "iptables-nft-save", "iptables-nft-restore", "ip6tables-legacy-save",
            "ip6tables-legacy-restore", "ip6tables-nft-save", "ip6tables-nft-restore", "nft", "firewall-cmd",
            "firewall-offline-cmd", "ufw", "postconf", "postfix", "postmap", "openssl", "ss", "systemctl", "mysql",
            "mariadb", "pwsh", "powershell");

    private static final Duration QUICK = Duration.ofSeconds(20);

    private HostFactsGatherer() {
    }

    /**
     * @param runner reaches the host
     * @return what could be learnt; never throws for a missing tool
     */
    public static HostFacts gather(CommandRunner runner) {
        if (runner.isLocal() && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS)
                    .kernel(System.getProperty("os.name") + " " + System.getProperty("os.version")).build();
        }
        HostFacts.Builder b = HostFacts.builder();
        CommandResult uname = quietly(runner, Command.builder("uname").args("-sr").timeout(QUICK).build());
        if (uname == null || !uname.isSuccess()) {
            return b.build();
        }
        String kernel = uname.stdout().strip();
        b.kernel(kernel);
        b.osFamily(kernel.startsWith("Linux") ? HostFacts.OsFamily.LINUX : HostFacts.OsFamily.OTHER);
        CommandResult osRelease = quietly(runner, Command.builder("cat").args("/etc/os-release").timeout(QUICK)
                .successExitCodes(0, 1).build());
        if (osRelease != null && osRelease.exitCode() == 0) {
            Map<String, String> release = parseOsRelease(osRelease.stdout());
            b.distro(release.get("ID"), release.get("VERSION_ID"));
            String like = release.get("ID_LIKE");
            if (like != null && !like.isBlank()) {
                b.distroLike(like.trim().split("\\s+"));
            }
        }
        Long euid = runner.isLocal() ? localEffectiveUid() : null;
        if (euid == null) {
            CommandResult id = quietly(runner, Command.builder("id").args("-u").timeout(QUICK).build());
            if (id != null && id.isSuccess() && id.stdout().strip().matches("[0-9]+")) {
                euid = Long.parseLong(id.stdout().strip());
            }
        }
        if (euid != null) {
            b.effectiveUid(euid);
        }
        CommandResult which = quietly(runner, Command.builder("which").args(TOOLS).timeout(QUICK)
                .successExitCodes(0, 1).build());
        if (which != null) {
            for (String line : which.stdout().split("\n")) {
                String path = line.strip();
                if (!path.isEmpty()) {
                    b.tools(path.substring(path.lastIndexOf('/') + 1));
                }
            }
        }
        HostFacts partial = b.build();
        if (partial.hasTool("iptables")) {
            CommandResult v = quietly(runner, Command.builder("iptables").args("-V").timeout(QUICK).build());
            if (v != null && v.isSuccess()) {
                b.attribute("iptables.version", v.stdout().strip());
                b.attribute("iptables.variant", v.stdout().contains("nf_tables") ? "nf_tables" : "legacy");
            }
        }
        return b.build();
    }

    /**
     * Parses /etc/os-release (KEY=value lines, values optionally quoted).
     *
     * @param text the file's content
     * @return its keys and unquoted values
     */
    public static Map<String, String> parseOsRelease(String text) {
        Map<String, String> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) {
                continue;
            }
            String v = line.substring(eq + 1).strip();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            }
            m.put(line.substring(0, eq).strip(), v);
        }
        return m;
    }

    private static CommandResult quietly(CommandRunner runner, Command command) {
        try {
            return runner.execute(command);
        } catch (CommandRunnerException e) {
            return null;
        }
    }

    /** The C library's geteuid, through JNA. */
    interface CLibrary extends Library {
        int geteuid();
    }

    private static Long localEffectiveUid() {
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            return (long) c.geteuid();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }
}
