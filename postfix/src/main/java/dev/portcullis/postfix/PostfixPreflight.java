package dev.portcullis.postfix;

import dev.portcullis.PortRange;
import dev.portcullis.VirtualMailboxes;
import dev.portcullis.preflight.Findings;
import dev.portcullis.preflight.Listener;
import dev.portcullis.preflight.PortList;
import dev.portcullis.preflight.PreflightContext;
import dev.portcullis.preflight.PreflightContributor;
import dev.portcullis.preflight.Reading;
import dev.portcullis.spi.FactKey;
import dev.portcullis.spi.HostFactsContributor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Postfix module's part of preflight. The mail stack: is Postfix installed and which version
 * ({@code postconf mail_version}), which lookup table types it has ({@code postconf -m}: is mysql
 * there for MySQL mailboxes?), does it run ({@code postfix status}). Port occupancy: Postfix's
 * master is the mail server, and it names master as the owner of the ports master.cf serves when
 * the socket owners cannot be read. What it learns becomes host facts for the backends.
 */
public final class PostfixPreflight implements PreflightContributor, HostFactsContributor {

    /** The Postfix version, from {@code postconf mail_version}. */
    public static final FactKey<String> VERSION = FactKey.text("postfix.version");
    /** Whether Postfix's master runs, from {@code postfix status}. */
    public static final FactKey<Boolean> RUNNING = FactKey.flag("postfix.running");
    /** The lookup table types, comma-separated, from {@code postconf -m}. */
    public static final FactKey<String> MAP_TYPES = FactKey.text("postfix.mapTypes");

    /** Exit code of a shell-less "command not found" on hosts whose runner reports it instead of throwing. */
    private static final int NOT_FOUND = 127;
    /** Postfix's queue directory when postconf does not say. */
    private static final String DEFAULT_QUEUE = "/var/spool/postfix";

    @Override
    public Set<String> tools() {
        Set<String> tools = new java.util.TreeSet<>(Set.of("postconf", "postfix", "postmap", "openssl", "mysql", "mariadb",
                "apt-get", "dnf"));
        tools.addAll(PackageInstall.programs());
        return tools;
    }

    @Override
    public Set<String> mailServerProcesses() {
        return Set.of("master");
    }

    @Override
    public void inspectMailStack(PreflightContext host, Findings f) {
        if (host.isWindows()) {
            return;
        }
        boolean mail = host.spec().match(policy -> false, mailServer -> true);
        f.read(parameters(host));
        Optional<String> version = Optional.ofNullable(values(host).get("mail_version"));
        boolean installed = installed(host);
        f.detail("postfixInstalled", installed);
        if (!installed) {
            String what = "Postfix is not installed (postconf did not answer)";
            String manager = PackageInstall.manager(host.facts());
            if (mail && manager != null) {
                f.warn(what + ": apply installs the package postfix with " + manager + " ("
                        + PackageInstall.OPTION + "=false refuses instead)");
            } else if (mail) {
                f.fail(what + ": install the postfix package");
            } else {
                f.note(what + "; this policy only opens ports");
            }
            return;
        }
        f.detail("postfixVersion", version.orElse(null));
        host.learn(VERSION, version.orElse(""));
        f.note("Postfix " + version.orElse("?") + " is installed");
        Reading maps = host.read("postconf", "-m");
        f.read(maps);
        List<String> types = maps.ok() ? PostconfOutput.parseMapTypes(maps.stdout()) : List.of();
        f.detail("mapTypes", types);
        host.learn(MAP_TYPES, String.join(",", types));
        f.detail("mysqlMaps", types.contains("mysql"));
        boolean needsMysql = host.spec().match(policy -> false,
                m -> m.virtualMailboxes().kind() == VirtualMailboxes.Kind.MYSQL);
        String manager = PackageInstall.manager(host.facts());
        if (needsMysql && !types.contains("mysql") && manager != null) {
            f.warn("the spec looks mailboxes up in MySQL but postconf -m lists no mysql map type: apply installs"
                    + " postfix-mysql with " + manager + " (" + PackageInstall.OPTION + "=false refuses instead)");
        } else if (needsMysql && !types.contains("mysql")) {
            f.fail("the spec looks mailboxes up in MySQL but postconf -m lists no mysql map type:"
                    + " install postfix-mysql");
        } else if (types.contains("mysql")) {
            f.note("mysql maps are available");
        }
        Reading status = status(host);
        f.read(status);
        boolean running = running(status);
        f.detail("postfixRunning", running);
        host.learn(RUNNING, running);
        if (running) {
            f.note("Postfix is running");
        } else if (mail) {
            f.warn("Postfix is installed but not running (postfix status): start it so that it accepts mail");
        } else {
            f.note("Postfix is not running");
        }
    }

    /**
     * Postfix's master drops its dumpable flag, so without CAP_SYS_PTRACE (a container's root, say)
     * nobody can read which process holds its sockets. Master exits when it cannot bind a port
     * master.cf names, so a running master and master.cf serving the port mean master holds it;
     * the listener says it was inferred that way.
     */
    @Override
    public List<Listener> nameListeners(PreflightContext host, Findings f, List<Listener> listeners) {
        if (host.isWindows() || listeners.stream().allMatch(l -> !l.owners().isEmpty())) {
            return listeners;
        }
        Reading status = status(host);
        if (!running(status)) {
            return listeners;
        }
        f.read(parameters(host)).read(status);
        Reading services = host.read("postconf", "-M");
        f.read(services);
        Set<Integer> served = services.ok() ? inetPorts(services.stdout()) : Set.of();
        String queue = values(host).getOrDefault("queue_directory", DEFAULT_QUEUE);
        Reading pidFile = host.read("cat", (queue.matches("/[A-Za-z0-9._/-]+") ? queue : DEFAULT_QUEUE)
                + "/pid/master.pid");
        f.read(pidFile);
        String pid = pidFile.stdout().strip();
        if (!pidFile.ok() || !pid.matches("[0-9]{1,10}")) {
            return listeners;
        }
        List<Listener> out = new ArrayList<>();
        for (Listener l : listeners) {
            if (l.owners().isEmpty() && served.contains(l.port())) {
                out.add(l.withOwners(List.of(new Listener.Owner("master", Long.parseLong(pid))),
                        l.source() + " + Postfix (master.cf serves the port, master runs; socket owners unreadable)"));
            } else {
                out.add(l);
            }
        }
        return out;
    }

    /** @return the TCP ports of master.cf's inet services ("smtp inet n - y - - smtpd" serves 25) */
    static Set<Integer> inetPorts(String postconfM) {
        Set<Integer> ports = new TreeSet<>();
        for (MasterEntry e : PostconfOutput.parseServices(postconfM).values()) {
            if (!e.type().equals("inet")) {
                continue;
            }
            int colon = e.service().lastIndexOf(':');
            List<PortRange> r = PortList.parse(colon >= 0 ? e.service().substring(colon + 1) : e.service());
            if (r.size() == 1 && r.get(0).isSingle()) {
                ports.add(r.get(0).from());
            }
        }
        return ports;
    }

    private static Reading parameters(PreflightContext host) {
        return host.read("postconf", "mail_version", "queue_directory");
    }

    private static Map<String, String> values(PreflightContext host) {
        Reading r = parameters(host);
        try {
            return r.ok() ? PostconfOutput.parseParameters(r.stdout()) : Map.of();
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private static boolean installed(PreflightContext host) {
        Reading r = parameters(host);
        return r.ran() && r.exitCode() != NOT_FOUND && values(host).containsKey("mail_version");
    }

    private static Reading status(PreflightContext host) {
        return host.read(PostfixStatus.command(PreflightContext.READ_TIMEOUT));
    }

    private static boolean running(Reading status) {
        return status.ran() && PostfixStatus.running(status.result());
    }
}
