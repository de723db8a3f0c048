package dev.portcullis.firewallaudit;

import dev.portcullis.iptables.IptablesSave;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What else already guards a lived-in host, which Portcullis must coexist with rather than just
 * avoid: fail2ban (whether it runs, its jails, its {@code f2b-*} chains), Docker's chains,
 * sshguard's chain, and the ipsets the kernel holds (fail2ban's {@code firewallcmd-ipset} and
 * {@code iptables-ipset} actions ban through them). Read-only; each part is empty when the host
 * does not have it.
 *
 * @param fail2banJails the jails of a running fail2ban; empty when fail2ban does not answer
 * @param fail2banChains {@code f2b-*} chains in any iptables table
 * @param dockerChains {@code DOCKER*} chains in any iptables table
 * @param otherGuardChains chains of other ban tools (sshguard)
 * @param ipsets the kernel's ipset names
 */
record Neighbours(Optional<List<String>> fail2banJails, List<String> fail2banChains, List<String> dockerChains,
        List<String> otherGuardChains, List<String> ipsets) {

    Neighbours {
        fail2banJails = fail2banJails.map(List::copyOf);
        fail2banChains = List.copyOf(fail2banChains);
        dockerChains = List.copyOf(dockerChains);
        otherGuardChains = List.copyOf(otherGuardChains);
        ipsets = List.copyOf(ipsets);
    }

    /**
     * @param saves what iptables-save and ip6tables-save printed, parsed (their chain declarations are read)
     * @param fail2banStatus what {@code fail2ban-client status} printed, when it answered
     * @param ipsetNames what {@code ipset list -n} printed, when it answered
     * @return the neighbours
     */
    static Neighbours of(Collection<IptablesSave> saves, Optional<String> fail2banStatus, Optional<String> ipsetNames) {
        List<String> chainNames = new ArrayList<>();
        saves.forEach(save -> chainNames.addAll(save.chainNames()));
        TreeSet<String> f2b = new TreeSet<>();
        TreeSet<String> docker = new TreeSet<>();
        TreeSet<String> other = new TreeSet<>();
        for (String c : chainNames) {
            if (c.startsWith("f2b-")) {
                f2b.add(c);
            } else if (c.startsWith("DOCKER")) {
                docker.add(c);
            } else if (c.equalsIgnoreCase("sshguard")) {
                other.add(c);
            }
        }
        List<String> sets = ipsetNames.map(t -> t.lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList())
                .orElse(List.of());
        return new Neighbours(fail2banStatus.flatMap(Neighbours::jails), new ArrayList<>(f2b), new ArrayList<>(docker),
                new ArrayList<>(other), sets);
    }

    /**
     * @param status what {@code fail2ban-client status} printed
     * @return the jail names from its "Jail list:" line, if it has one
     */
    static Optional<List<String>> jails(String status) {
        for (String line : status.split("\n")) {
            int at = line.indexOf("Jail list:");
            if (at >= 0) {
                String list = line.substring(at + "Jail list:".length()).strip();
                return Optional.of(list.isEmpty() ? List.of()
                        : List.of(list.split("\\s*,\\s*")));
            }
        }
        return Optional.empty();
    }

    /** @return one sentence per neighbour present, for the audit's notes */
    List<String> notes() {
        List<String> out = new ArrayList<>();
        fail2banJails.ifPresent(j -> out.add("fail2ban is running (jails: " + (j.isEmpty() ? "none" : String.join(", ", j))
                + "): its bans keep deciding before Portcullis's rules, and a firewalld reload would drop them,"
                + " so Portcullis never reloads"));
        if (!fail2banChains.isEmpty()) {
            out.add("fail2ban's chains " + String.join(", ", fail2banChains)
                    + ": Portcullis's jump goes below the jumps to them");
        }
        if (!dockerChains.isEmpty()) {
            out.add("Docker's chains " + String.join(", ", dockerChains) + ": Portcullis never writes them");
        }
        if (!otherGuardChains.isEmpty()) {
            out.add("ban chains " + String.join(", ", otherGuardChains) + ": Portcullis's jump goes below the jumps to them");
        }
        if (!ipsets.isEmpty()) {
            out.add("ipsets " + String.join(", ", ipsets) + ": Portcullis never writes them");
        }
        return out;
    }

    /** @return the neighbours as a detail of the audit */
    Map<String, Object> toDetail() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fail2banRunning", fail2banJails.isPresent());
        m.put("fail2banJails", fail2banJails.orElse(List.of()));
        m.put("fail2banChains", fail2banChains);
        m.put("dockerChains", dockerChains);
        m.put("otherBanChains", otherGuardChains);
        m.put("ipsets", ipsets);
        return m;
    }
}
