package dev.portcullis.preflight;

import java.util.Objects;

/**
 * A firewall the audit found at work on the host, as the report names it ("iptables (nf_tables, 7
 * filter rules)"), and the packet filtering layer it writes to, so that the audit can tell when
 * two layers filter the same packets.
 *
 * @param tool the tool: "firewalld", "iptables", "iptables-legacy", "nftables", "ufw"...
 * @param summary what it holds, in words; empty when the name says enough
 * @param layer where its rules live in the kernel
 */
public record ActiveFirewall(String tool, String summary, Layer layer) {

    /** Where a firewall's rules live in the kernel. */
    public enum Layer {
        /** nftables: nft itself, iptables-nft, firewalld's nftables backend. */
        NF_TABLES,
        /** The legacy x_tables of iptables-legacy. */
        IPTABLES_LEGACY,
        /** Anything else, or not known (ufw drives whichever iptables is installed; Windows Firewall). */
        OTHER
    }

    /** Checks that every part is given. */
    public ActiveFirewall {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(layer, "layer");
    }

    /** @return the tool, then the summary in brackets when there is one: how the report lists it */
    @Override
    public String toString() {
        return summary.isEmpty() ? tool : tool + " (" + summary + ")";
    }
}
