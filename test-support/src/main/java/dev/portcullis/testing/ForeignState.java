package dev.portcullis.testing;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything on a test host that Portcullis does not own, read in full, so that a test can prove
 * it identical after an apply, a re-apply, a removal or a rollback: {@code iptables-save} and
 * {@code ip6tables-save} (counters aside), {@code ipset save}, {@code nft list ruleset}, fail2ban's
 * bans, and on a firewalld host its whole {@link FirewalldListing} (every zone's and policy's
 * runtime and permanent settings, every firewalld ipset's entries, the direct chains, rules and
 * passthroughs and the service lists).
 *
 * <p>What is left out is what Portcullis owns: the chains {@code PORTCULLIS-*} and the jumps to
 * them, words and lines naming {@code portcullis-}, firewalld's own nftables table (its content is
 * firewalld's rendering of the zones, compared through the zone listings instead), and every line
 * that contains one of the caller's markers (such as the source network of the policy under test,
 * which names the policy's untagged runtime rules).
 *
 * @param listings name of each listing (the command that produced it) to its lines
 */
public record ForeignState(Map<String, List<String>> listings) {

    private static final Pattern COUNTERS = Pattern.compile("\\[\\d+:\\d+\\]");
    private static final Pattern NFT_COUNTERS = Pattern.compile("counter packets \\d+ bytes \\d+");

    /** Copies the listings. */
    public ForeignState {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        listings.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        listings = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads the host.
     *
     * @param host the host
     * @param firewall whether firewalld runs there (then its state is read too)
     * @param ownedMarkers strings that mark lines as the policy's (its source networks)
     * @return the foreign state
     */
    public static ForeignState capture(LinuxTestHost host, LivedInHost.Firewall firewall, String... ownedMarkers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String save : List.of("iptables-save", "ip6tables-save")) {
            out.put(save, foreign(read(host, save), ownedMarkers).stream()
                    .filter(l -> !l.startsWith("#")).map(l -> COUNTERS.matcher(l).replaceAll("[0:0]")).toList());
        }
        out.put("ipset save", read(host, "ipset", "save"));
        out.put("nft list ruleset", foreign(withoutBlocks(read(host, "nft", "list", "ruleset")), ownedMarkers).stream()
                .map(l -> NFT_COUNTERS.matcher(l).replaceAll("counter")).toList());
        if (firewall == LivedInHost.Firewall.FIREWALLD) {
            // Portcullis's own ipsets (portcullis-<policy>_s...) are its own to prove, not foreign.
            out.put("firewalld", foreign(FirewalldListing.read(host).stream()
                    .filter(l -> !l.matches("(runtime|permanent) ipset portcullis-.*")).toList(), ownedMarkers));
        }
        // every jail's bans in one call (a Python start each, like firewall-cmd)
        out.put("fail2ban bans", read(host, "fail2ban-client", "banned"));
        return new ForeignState(out);
    }

    private static List<String> read(LinuxTestHost host, String program, String... args) {
        CommandResult r = host.runner().run(Command.builder(program).args(args).build());
        return r.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    /** Drops lines that name Portcullis's chains or a marker, and words naming its services. */
    private static List<String> foreign(List<String> lines, String... markers) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (line.contains("PORTCULLIS-") || line.contains("portcullis:") || line.contains("portcullis-shared")) {
                continue;
            }
            boolean owned = false;
            for (String m : markers) {
                owned |= line.contains(m);
            }
            if (!owned) {
                out.add(line.replaceAll("\\s?portcullis-[A-Za-z0-9_-]+", ""));
            }
        }
        return out;
    }

    /** Drops firewalld's nftables table and Portcullis's chains from an nft listing, braces included. */
    private static List<String> withoutBlocks(List<String> lines) {
        List<String> out = new ArrayList<>();
        int skipDepth = -1;
        int depth = 0;
        for (String line : lines) {
            String t = line.strip();
            boolean opens = t.endsWith("{");
            boolean closes = t.equals("}");
            if (skipDepth < 0 && opens && (t.startsWith("table inet firewalld") || t.startsWith("chain PORTCULLIS-"))) {
                skipDepth = depth;
            }
            if (skipDepth < 0) {
                out.add(line);
            }
            if (opens) {
                depth++;
            }
            if (closes) {
                depth--;
                if (depth == skipDepth) {
                    skipDepth = -1;
                }
            }
        }
        return out;
    }
}
