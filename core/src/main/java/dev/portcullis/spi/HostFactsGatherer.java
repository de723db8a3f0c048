package dev.portcullis.spi;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Gathers {@link HostFacts} through a runner in a handful of processes: {@code uname -sr},
 * {@code cat /etc/os-release}, {@code id -u} (or JNA's {@code geteuid()} when local), one
 * {@code which} for every tool core and the {@link HostFactsContributor}s ask about, then each
 * contributor's own reads (the iptables module's {@code iptables -V}, for example).
 */
public final class HostFactsGatherer {

    /** The tools core's own preflight checks ask about; each module adds its own through its contributor. */
    public static final List<String> CORE_TOOLS = List.of("ss", "systemctl");

    private static final Duration QUICK = Duration.ofSeconds(20);

    private HostFactsGatherer() {
    }

    /**
     * Gathers with the contributors found on the class path.
     *
     * @param runner reaches the host
     * @return what could be learnt; never throws for a missing tool
     */
    public static HostFacts gather(CommandRunner runner) {
        return gather(runner, installedContributors());
    }

    /** @return every {@link HostFactsContributor} on the class path */
    public static List<HostFactsContributor> installedContributors() {
        List<HostFactsContributor> all = new ArrayList<>();
        ServiceLoader.load(HostFactsContributor.class, HostFactsGatherer.class.getClassLoader()).forEach(all::add);
        return all;
    }

    /**
     * @param contributors the modules whose tools and facts to gather
     * @return core's tools and every contributor's, each once, in a stable order
     */
    public static List<String> tools(List<HostFactsContributor> contributors) {
        Set<String> all = new TreeSet<>(CORE_TOOLS);
        contributors.forEach(c -> all.addAll(c.tools()));
        return List.copyOf(all);
    }

    /**
     * @param runner reaches the host
     * @param contributors the modules whose tools and facts to gather
     * @return what could be learnt; never throws for a missing tool or a failing contributor
     */
    public static HostFacts gather(CommandRunner runner, List<HostFactsContributor> contributors) {
        if (runner.isLocal() && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return contributed(runner, contributors, HostFacts.builder().osFamily(HostFacts.OsFamily.WINDOWS)
                    .kernel(System.getProperty("os.name") + " " + System.getProperty("os.version")));
        }
        HostFacts.Builder b = HostFacts.builder();
        CommandResult uname = quietly(runner, Command.builder("uname").args("-sr").timeout(QUICK).build());
        if (uname == null || !uname.isSuccess()) {
            // no POSIX system (a Windows host reached remotely, say): the modules may still recognise it
            return contributed(runner, contributors, b);
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
        CommandResult which = quietly(runner, Command.builder("which").args(tools(contributors)).timeout(QUICK)
                .successExitCodes(0, 1).build());
        if (which != null) {
            for (String line : which.stdout().split("\n")) {
                String path = line.strip();
                if (!path.isEmpty()) {
                    b.tools(path.substring(path.lastIndexOf('/') + 1));
                }
            }
        }
        return contributed(runner, contributors, b);
    }

    private static HostFacts contributed(CommandRunner runner, List<HostFactsContributor> contributors,
            HostFacts.Builder b) {
        HostFacts known = b.build();
        for (HostFactsContributor c : contributors) {
            try {
                c.contribute(runner, known, b);
            } catch (RuntimeException e) {
                // a contributor that breaks costs its own facts only; its backend will say what it misses
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
