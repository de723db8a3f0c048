package dev.portcullis.iptables;

import dev.portcullis.IpFamily;
import dev.portcullis.exec.Command;
import dev.portcullis.spi.HostFacts;
import java.util.Optional;

/**
 * The save and restore programs for one IP family, matching the host's iptables variant:
 * {@code iptables-nft-save} where the host runs the nf_tables variant and has the explicit
 * tools, {@code iptables-legacy-save} for the legacy variant, else the plain names (which are
 * the host's default variant anyway).
 *
 * @param family the IP family
 * @param variant "nf_tables", "legacy" or "unknown" (iptables -V was not read)
 * @param save the save program
 * @param restore the restore program
 */
record IptablesTools(IpFamily family, String variant, String save, String restore) {

    /**
     * @param facts the host's facts ({@link IptablesFacts#VARIANT}, tools on PATH)
     * @param family the family
     * @return the tools, or empty when the host lacks them
     */
    static Optional<IptablesTools> forHost(HostFacts facts, IpFamily family) {
        String base = family == IpFamily.IPV6 ? "ip6tables" : "iptables";
        Optional<IptablesVariant> known = facts.fact(IptablesFacts.VARIANT);
        String variant = known.map(IptablesVariant::toString).orElse("unknown");
        // HostFacts lists iptables-nft / iptables-legacy; their -save and -restore siblings ship
        // in the same package.
        if (known.equals(Optional.of(IptablesVariant.NF_TABLES)) && facts.hasTool("iptables-nft")) {
            return Optional.of(new IptablesTools(family, variant, base + "-nft-save", base + "-nft-restore"));
        }
        if (known.equals(Optional.of(IptablesVariant.LEGACY)) && facts.hasTool("iptables-legacy")) {
            return Optional.of(new IptablesTools(family, variant, base + "-legacy-save", base + "-legacy-restore"));
        }
        if (facts.hasTool(base + "-save") && facts.hasTool(base + "-restore")) {
            return Optional.of(new IptablesTools(family, variant, base + "-save", base + "-restore"));
        }
        return Optional.empty();
    }

    /** @return the command that prints every table */
    Command saveCommand() {
        return Command.of(save);
    }

    /**
     * @param path absolute file to write
     * @return the command that writes every table to the file
     */
    Command saveToFile(String path) {
        return Command.of(save, "-f", path);
    }

    /**
     * @param script restore input that names only owned chains
     * @return the command that commits it atomically, leaving every other chain alone
     */
    Command restoreCommand(String script) {
        return Command.builder(restore).arg("--noflush").stdin(script).build();
    }

    /** @return "iptables" or "ip6tables", for descriptions and drift reports */
    String label() {
        return family == IpFamily.IPV6 ? "ip6tables" : "iptables";
    }
}
