package dev.portcullis.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A runner for offline plans: it runs nothing and answers as a freshly installed host answers a
 * read, so backends take their one snapshot of "nothing configured yet" and plan everything. Most
 * reads get exit 0 and no output (no rules, no keys set); the few tools that always print something
 * on a fresh host get that: firewalld runs with its default zone {@code public} holding only the
 * services a fresh RHEL 9 allows; and files the spec says the administrator brings (a TLS
 * certificate and key) exist, so {@code sha256sum} and {@code test -e} find them.
 *
 * <p>PowerShell gets what a fresh Windows Server with Exchange 2019 prints for the inspection
 * scripts, in the protocol the PowerShell runner reads (a {@code PORTCULLIS-RESULT:} line of JSON):
 * no firewall rule in any Portcullis group, and Exchange's setup defaults (its five receive
 * connectors, no send connector, 10 MB transport limits, its two self-signed certificates; the
 * values and their sources are those of the exchange module's {@code inspect-fresh-ps51} fixture).
 * Each value a script asks for ({@code $portcullis['rules'] = ...}) is answered from
 * {@code fresh-windows-host.json}; a script asking for anything else fails as PowerShell would,
 * naming what the assumed host cannot answer.
 *
 * <p>It records what it was asked, to show which snapshot reads a live plan makes.
 */
public final class EmptyHostRunner implements CommandRunner {

    /** {@code firewall-cmd --list-all} of RHEL 9's default zone, untouched. */
    static final String FRESH_FIREWALLD_ZONE = String.join("\n", "public (active)", "  target: default",
            "  icmp-block-inversion: no", "  interfaces: ", "  sources: ", "  services: cockpit dhcpv6-client ssh",
            "  ports: ", "  protocols: ", "  forward: yes", "  masquerade: no", "  forward-ports: ", "  source-ports: ",
            "  icmp-blocks: ", "  rich rules: ", "");

    /** The programs that run PowerShell scripts: Windows PowerShell and PowerShell 7. */
    private static final Set<String> POWERSHELL = Set.of("powershell", "powershell.exe", "pwsh", "pwsh.exe");
    /** A value the script stores in its result table. */
    private static final Pattern RESULT_KEY = Pattern.compile("\\$portcullis\\['([A-Za-z0-9]+)'\\]");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode FRESH_WINDOWS = readFreshWindows();

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
        if (isPowerShell(argv.get(0))) {
            return powerShell(command);
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

    private static boolean isPowerShell(String program) {
        Path name = Path.of(program.replace('\\', '/')).getFileName();
        return name != null && POWERSHELL.contains(name.toString().toLowerCase(Locale.ROOT));
    }

    /**
     * As PowerShell answers an inspection script on a fresh host: the result table with the value of
     * each key the script fills. Writing scripts (never sent during a plan) would get the same.
     */
    private static CommandResult powerShell(Command command) {
        String script = command.stdin().map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        Set<String> keys = new LinkedHashSet<>();
        Matcher m = RESULT_KEY.matcher(script);
        while (m.find()) {
            keys.add(m.group(1));
        }
        ObjectNode result = JSON.createObjectNode();
        for (String key : keys) {
            if (!FRESH_WINDOWS.has(key)) {
                // The marker PowerShellScript prints before an error; the runner reports the message.
                return new CommandResult(command, 1, "", "PORTCULLIS-ERROR: the assumed fresh Windows host has no answer for '"
                        + key + "'\n", Duration.ZERO, false);
            }
            result.set(key, FRESH_WINDOWS.get(key));
        }
        // The marker PowerShellScript prints before the result table (kept as text here: this class
        // plays the host's part, like the recorded fixtures of the Windows modules).
        return CommandResult.of(command, 0, "PORTCULLIS-RESULT:" + result + "\r\n");
    }

    private static JsonNode readFreshWindows() {
        try (InputStream in = EmptyHostRunner.class.getResourceAsStream("fresh-windows-host.json")) {
            if (in == null) {
                throw new IllegalStateException("fresh-windows-host.json is missing from the class path");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
