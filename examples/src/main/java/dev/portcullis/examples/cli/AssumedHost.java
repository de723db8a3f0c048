package dev.portcullis.examples.cli;

import dev.portcullis.exchange.ExchangeFacts;
import dev.portcullis.iptables.IptablesFacts;
import dev.portcullis.iptables.IptablesVariant;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFacts.OsFamily;
import java.util.Locale;
import java.util.Set;

/**
 * The kinds of host an offline plan can assume: typical, freshly installed servers described in
 * code (facts, and the files their packages install), so that {@code portcullis plan} shows what each backend would run without reading
 * anything from this machine and without root.
 */
public enum AssumedHost {

    /** Debian 12: iptables (nf_tables variant), nft, Postfix's tools and apt-get on PATH, no firewalld. */
    DEBIAN(HostFacts.builder().osFamily(OsFamily.LINUX).distro("debian", "12").kernel("Linux 6.1.0-28-amd64")
            .effectiveUid(0)
            .tools("iptables", "ip6tables", "iptables-save", "ip6tables-save", "iptables-restore", "ip6tables-restore",
                    "iptables-nft", "nft", "postconf", "postfix", "postmap", "openssl", "ss", "systemctl", "mysql", "apt-get")
            .fact(IptablesFacts.VARIANT, IptablesVariant.NF_TABLES).fact(IptablesFacts.VERSION, "iptables v1.8.9 (nf_tables)")
            .build(), Installed.POSTFIX),
    /** RHEL 9 (and its rebuilds): firewalld, nft, Postfix's tools and dnf on PATH. */
    RHEL(HostFacts.builder().osFamily(OsFamily.LINUX).distro("rhel", "9.4").distroLike("fedora")
            .kernel("Linux 5.14.0-427.el9.x86_64").effectiveUid(0)
            .tools("firewall-cmd", "firewall-offline-cmd", "nft", "postconf", "postfix", "postmap", "openssl", "ss",
                    "systemctl", "mysql", "dnf")
            .build(), Installed.POSTFIX),
    /** Windows Server 2022 with Windows PowerShell and Exchange Server 2019 installed. */
    WINDOWS(HostFacts.builder().osFamily(OsFamily.WINDOWS).kernel("Windows Server 2022 10.0").tools("powershell")
            .fact(ExchangeFacts.INSTALL_PATH, "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\")
            .build(), Set.of());

    private final HostFacts facts;
    private final Set<String> files;

    /** Files installed packages leave on a host. */
    private static final class Installed {
        static final Set<String> POSTFIX = Set.of("/etc/postfix/main.cf", "/etc/postfix/master.cf");
    }

    AssumedHost(HostFacts facts, Set<String> files) {
        this.facts = facts;
        this.files = files;
    }

    /** @return files such a host has from its packages (Postfix's configuration on Linux) */
    public Set<String> files() {
        return files;
    }

    /** @return the facts of such a host */
    public HostFacts facts() {
        return facts;
    }

    /** @return the lower-case name used on the command line ("debian") */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the kind that matches the machine this JVM runs on: Windows there, Debian elsewhere */
    public static AssumedHost likeThisMachine() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? WINDOWS : DEBIAN;
    }
}
