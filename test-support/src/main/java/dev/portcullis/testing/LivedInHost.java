package dev.portcullis.testing;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a freshly started {@link LinuxTestHost} into a mail server that already has a life, the
 * way Portcullis meets real hosts: real fail2ban 1.0.2 with a {@code postfix} and an {@code sshd}
 * jail and one client banned, Docker's chains ({@code DOCKER}, {@code DOCKER-USER}, the isolation
 * chains, the nat rules), an administrator's DROP for one client, and a kernel ipset with entries.
 * On a firewalld host there is also runtime-only firewalld state that a {@code --reload} would
 * drop: a runtime port and rich rule in zone {@code internal}, runtime entries in a firewalld
 * ipset, the administrator's DROP as a runtime rich rule, and fail2ban's own direct rule.
 *
 * <pre>{@code
 * host = LinuxTestHost.start();
 * LivedInHost livedIn = LivedInHost.iptables(host);     // or LivedInHost.firewalld(host)
 * ForeignState before = ForeignState.capture(host, "203.0.113.0/24");
 * ... apply, re-apply, remove ...
 * assertThat(ForeignState.capture(host, "203.0.113.0/24")).isEqualTo(before);
 * }</pre>
 *
 * <p>Which fail2ban action bans: on an iptables host both jails use {@code iptables-multiport}
 * (a chain {@code f2b-<jail>} jumped to from the top of INPUT); on a firewalld host the
 * {@code postfix} jail uses {@code firewallcmd-ipset} (a kernel ipset {@code f2b-postfix} and a
 * runtime direct rule) and {@code sshd} uses {@code iptables-multiport}.
 */
public final class LivedInHost {

    /** The firewall the host runs, which decides fail2ban's actions and the runtime state. */
    public enum Firewall {
        /** Plain iptables; INPUT drops by default. */
        IPTABLES,
        /** firewalld, with runtime-only state in several places. */
        FIREWALLD
    }

    /** A firewalld ipset (and, on an iptables host, a kernel ipset) with runtime entries. */
    public static final String BLOCKLIST = "admin-blocklist";
    /** The network in the blocklist. */
    public static final String BLOCKED_NETWORK = "192.0.2.0/24";

    private static final Duration BAN_WAIT = Duration.ofSeconds(30);

    private final LinuxTestHost host;
    private final Firewall firewall;

    private LivedInHost(LinuxTestHost host, Firewall firewall) {
        this.host = host;
        this.firewall = firewall;
    }

    /**
     * Makes a plain-iptables host lived-in: INPUT drops by default, loopback and established
     * traffic are accepted, the administrator drops {@link #adminDroppedClient()} and the
     * blocklist, Docker's chains exist, fail2ban runs and has banned {@link #bannedClient()}.
     *
     * @param host a fresh test host
     * @return the lived-in host
     */
    public static LivedInHost iptables(LinuxTestHost host) {
        LivedInHost h = new LivedInHost(host, Firewall.IPTABLES);
        h.dockerChains();
        host.run("ipset", "create", BLOCKLIST, "hash:net");
        host.run("ipset", "add", BLOCKLIST, BLOCKED_NETWORK);
        host.run("iptables", "-P", "INPUT", "DROP");
        host.run("iptables", "-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
        host.run("iptables", "-A", "INPUT", "-m", "set", "--match-set", BLOCKLIST, "src", "-j", "DROP");
        host.run("iptables", "-A", "INPUT", "-s", h.adminDroppedClient() + "/32", "-j", "DROP");
        h.startFail2ban("iptables-multiport");
        return h;
    }

    /**
     * Makes a firewalld host lived-in: firewalld runs with a permanent ipset, then gets
     * runtime-only state (blocklist entries, a port and a rich rule in zone {@code internal}, the
     * administrator's DROP of {@link #adminDroppedClient()} as a runtime rich rule in the default
     * zone), Docker's chains exist, fail2ban runs and has banned {@link #bannedClient()}.
     *
     * @param host a fresh test host; firewalld is started here
     * @return the lived-in host
     */
    public static LivedInHost firewalld(LinuxTestHost host) {
        host.startFirewalld();
        LivedInHost h = new LivedInHost(host, Firewall.FIREWALLD);
        // The ipset itself can only be permanent; its entries below are runtime-only.
        host.run("firewall-cmd", "--permanent", "--new-ipset=" + BLOCKLIST, "--type=hash:net");
        host.run("firewall-cmd", "--reload");
        host.run("firewall-cmd", "--ipset=" + BLOCKLIST, "--add-entry=" + BLOCKED_NETWORK);
        host.run("firewall-cmd", "--zone=internal", "--add-port=3306/tcp");
        host.run("firewall-cmd", "--zone=internal",
                "--add-rich-rule=rule source ipset=\"" + BLOCKLIST + "\" drop");
        host.run("firewall-cmd", "--zone=public",
                "--add-rich-rule=rule family=\"ipv4\" source address=\"" + h.adminDroppedClient() + "\" drop");
        h.dockerChains();
        h.startFail2ban("firewallcmd-ipset");
        return h;
    }

    /** @return the firewall this host runs */
    public Firewall firewall() {
        return firewall;
    }

    /** @return a source address fail2ban's postfix jail has banned (inside the allowed test range) */
    public String bannedClient() {
        return host.network().address(140);
    }

    /** @return a source address the administrator drops (inside the allowed test range) */
    public String adminDroppedClient() {
        return host.network().address(150);
    }

    /** @return a source address nobody bans (inside the allowed test range) */
    public String unbannedClient() {
        return host.network().address(130);
    }

    /** @return the test range {@code .128/25} that holds all three clients above */
    public String allowedNetwork() {
        return host.network().address(128) + "/25";
    }

    /**
     * @return the IPs fail2ban's postfix jail has banned, as {@code fail2ban-client} lists them
     */
    public String postfixBans() {
        return host.run("fail2ban-client", "get", "postfix", "banip").stdout().strip();
    }

    private void dockerChains() {
        String rules = """
                *nat
                :DOCKER - [0:0]
                -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
                -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
                -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
                -A DOCKER -i docker0 -j RETURN
                COMMIT
                *filter
                :DOCKER - [0:0]
                :DOCKER-ISOLATION-STAGE-1 - [0:0]
                :DOCKER-ISOLATION-STAGE-2 - [0:0]
                :DOCKER-USER - [0:0]
                -A FORWARD -j DOCKER-USER
                -A FORWARD -j DOCKER-ISOLATION-STAGE-1
                -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A FORWARD -o docker0 -j DOCKER
                -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
                -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
                -A DOCKER-ISOLATION-STAGE-1 -j RETURN
                -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
                -A DOCKER-ISOLATION-STAGE-2 -j RETURN
                -A DOCKER-USER -j RETURN
                COMMIT
                """;
        host.runner().run(Command.builder("iptables-restore").arg("--noflush").stdin(rules).build());
    }

    private void startFail2ban(String postfixAction) {
        String jails = """
                [DEFAULT]
                backend = polling
                banaction = iptables-multiport
                bantime = 1d

                [sshd]
                enabled = true
                logpath = /var/log/auth.log

                [postfix]
                enabled = true
                logpath = /var/log/postfix.log
                banaction = %s
                """.formatted(postfixAction);
        host.run("touch", "/var/log/auth.log", "/var/log/postfix.log");
        host.runner().run(Command.builder("dd").args("of=/etc/fail2ban/jail.local", "status=none").stdin(jails).build());
        host.run("mkdir", "-p", "/run/fail2ban");
        host.run("fail2ban-client", "-x", "start");
        await(Command.of("fail2ban-client", "status", "postfix"), r -> true, "fail2ban's postfix jail");
        host.run("fail2ban-client", "set", "postfix", "banip", bannedClient());
        // sshd bans someone outside the test range, so that its chain holds a real entry too.
        host.run("fail2ban-client", "set", "sshd", "banip", "198.51.100.23");
        await(Command.of("fail2ban-client", "get", "postfix", "banip"), r -> r.stdout().contains(bannedClient()),
                "the postfix ban of " + bannedClient());
    }

    private void await(Command probe, java.util.function.Predicate<CommandResult> done, String what) {
        long deadline = System.nanoTime() + BAN_WAIT.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            CommandResult r = host.runner().execute(probe);
            if (r.isSuccess() && done.test(r)) {
                return;
            }
            seen.add(r.stdout().strip() + r.stderr().strip());
            LinuxTestHost.sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(what + " did not come up within " + BAN_WAIT.toSeconds() + " s on " + host
                + "; last answers: " + seen.subList(Math.max(0, seen.size() - 3), seen.size()));
    }
}
