package dev.portcullis.preflight;

import dev.portcullis.Protocol;
import dev.portcullis.exec.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who listens on 25, 465 and 587 (and the spec's other single TCP ports): process and pid from
 * {@code ss -Hltnp}, or from {@code /proc/net/tcp}+{@code tcp6} and the descriptors under
 * {@code /proc} where there is no {@code ss}; on a host core cannot read itself (Windows), the
 * listeners a {@link PreflightContributor} reads ({@link HostReadings#listeners()}). Then
 * whether that conflicts with the spec: another program on a port the mail server must bind
 * fails; a port a policy opens with nobody (or only loopback) behind it warns. A mail server
 * module names the owners the kernel would not show ({@link PreflightContributor#nameListeners}).
 */
final class PortOccupancyCheck implements Check {

    /** Process names of Exchange's transports; the mail server modules name theirs ({@link PreflightContributor#mailServerProcesses()}). */
    static final Set<String> MAIL_SERVER_PROCESSES = Set.of("msexchangefrontendtransport", "edgetransport",
            "msexchangetransport");

    @Override
    public String id() {
        return "port-occupancy";
    }

    @Override
    public String title() {
        return "Who listens on the SMTP ports";
    }

    @Override
    public PreflightCheck run(PreflightContext ctx) {
        Findings f = new Findings(this);
        Set<Integer> ports = ctx.ports().occupancyPorts();
        f.detail("ports", List.copyOf(ports));
        List<Listener> listeners;
        Optional<HostReadings> host = ctx.hostReadings();
        if (host.isPresent()) {
            HostReadings w = host.get();
            f.evidence(w.evidence());
            if (w.failure().isPresent()) {
                return f.warn("could not read the listeners: " + w.failure().get()).build();
            }
            listeners = w.listeners();
        } else {
            Optional<List<Listener>> read = linuxListeners(ctx, f, ports);
            if (read.isEmpty()) {
                return f.warn("could not read the listening sockets (neither ss nor /proc/net/tcp answered)").build();
            }
            listeners = read.get();
            for (PreflightContributor c : ctx.contributors()) {
                List<Listener> before = listeners;
                listeners = PreflightContext.contribute(f, c, () -> c.nameListeners(ctx, f, before), before);
            }
        }
        listeners = listeners.stream().filter(l -> ports.contains(l.port())).toList();
        f.detail("listeners", listeners.stream().map(Listener::toDetail).toList());
        Map<Integer, List<Listener>> byPort = new TreeMap<>();
        ports.forEach(p -> byPort.put(p, new ArrayList<>()));
        listeners.forEach(l -> byPort.get(l.port()).add(l));
        byPort.forEach((port, onPort) -> judge(ctx, f, port, onPort));
        return f.build();
    }

    private static Optional<List<Listener>> linuxListeners(PreflightContext ctx, Findings f, Set<Integer> ports) {
        Reading ss = ctx.read("ss", "-Hltnp");
        f.read(ss);
        if (ss.ok()) {
            return Optional.of(SsListeners.parse(ss.stdout()));
        }
        // no ss: the kernel's table; tcp6 is missing when IPv6 is off, cat then exits 1 after printing tcp
        Reading tables = ctx.read(Command.builder("cat").args("/proc/net/tcp", "/proc/net/tcp6")
                .timeout(PreflightContext.READ_TIMEOUT).successExitCodes(0, 1).build());
        f.read(tables);
        if (!tables.ran() || tables.stdout().isBlank()) {
            return Optional.empty();
        }
        Map<Long, Listener> byInode = ProcNetTcp.listeners(ProcNetTcp.listening(tables.stdout()));
        byInode.values().removeIf(l -> !ports.contains(l.port()));
        if (byInode.isEmpty()) {
            return Optional.of(List.of());
        }
        Reading find = ctx.read(Command.builder("find").args(SocketOwners.findArguments(List.copyOf(byInode.keySet())))
                .timeout(PreflightContext.READ_TIMEOUT).successExitCodes(0, 1).build());
        f.read(find);
        Map<Long, List<Long>> pids = SocketOwners.parseFind(find.stdout());
        Map<Long, String> names = Map.of();
        List<String> commFiles = pids.values().stream().flatMap(List::stream).distinct()
                .map(pid -> "/proc/" + pid + "/comm").toList();
        if (!commFiles.isEmpty()) {
            Reading comm = ctx.read(Command.builder("head").args("-v", "-n", "1").args(commFiles)
                    .timeout(PreflightContext.READ_TIMEOUT).successExitCodes(0, 1).build());
            f.read(comm);
            names = SocketOwners.parseComm(comm.stdout());
        }
        List<Listener> out = new ArrayList<>();
        for (Map.Entry<Long, Listener> e : byInode.entrySet()) {
            List<Listener.Owner> owners = new ArrayList<>();
            for (long pid : pids.getOrDefault(e.getKey(), List.of())) {
                owners.add(new Listener.Owner(names.getOrDefault(pid, "?"), pid));
            }
            out.add(e.getValue().withOwners(owners, "/proc/net/tcp"));
        }
        return Optional.of(out);
    }

    private static void judge(PreflightContext ctx, Findings f, int port, List<Listener> onPort) {
        boolean mail = ctx.ports().mailServer();
        boolean needed = ctx.ports().listenPorts().contains(port);
        boolean opened = ctx.ports().opensInbound(Protocol.TCP, port);
        if (onPort.isEmpty()) {
            if (!mail && opened) {
                f.warn("nothing listens on tcp/" + port + ": opening it serves nobody yet");
            } else {
                f.note("port " + port + " is free");
            }
            return;
        }
        String who = describe(onPort);
        Set<String> servers = mailServerProcesses(ctx);
        boolean mailServer = onPort.stream().flatMap(l -> l.owners().stream())
                .anyMatch(o -> servers.contains(o.name().toLowerCase(Locale.ROOT)));
        boolean unknown = onPort.stream().allMatch(l -> l.owners().isEmpty());
        if (mail && needed && !mailServer) {
            if (unknown) {
                f.warn("port " + port + " is taken by " + who + " (run as root with CAP_SYS_PTRACE to see which):"
                        + " the mail server cannot bind it unless that is the mail server itself");
            } else {
                f.fail("port " + port + " is taken by " + who + ": the mail server cannot bind it; stop that"
                        + " program or move it");
            }
            return;
        }
        if (!mail && opened && onPort.stream().allMatch(Listener::loopbackOnly)) {
            f.warn("tcp/" + port + " is served by " + who + " on loopback only: remote clients will not reach it"
                    + " even with the port open");
            return;
        }
        f.note("port " + port + " is taken by " + who);
    }

    private static Set<String> mailServerProcesses(PreflightContext ctx) {
        Set<String> all = new java.util.TreeSet<>(MAIL_SERVER_PROCESSES);
        ctx.contributors().forEach(c -> c.mailServerProcesses().forEach(n -> all.add(n.toLowerCase(Locale.ROOT))));
        return all;
    }

    private static String describe(List<Listener> onPort) {
        Map<String, List<String>> byOwners = new TreeMap<>();
        for (Listener l : onPort) {
            byOwners.computeIfAbsent(l.ownersText(), k -> new ArrayList<>()).add(l.address());
        }
        List<String> parts = new ArrayList<>();
        byOwners.forEach((owners, addresses) -> parts.add(owners + " on " + String.join(", ", addresses)));
        return String.join("; ", parts);
    }
}
