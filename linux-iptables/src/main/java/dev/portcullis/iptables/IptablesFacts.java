package dev.portcullis.iptables;

import dev.portcullis.exec.Command;
import dev.portcullis.exec.CommandResult;
import dev.portcullis.exec.CommandRunner;
import dev.portcullis.exec.CommandRunnerException;
import dev.portcullis.spi.FactKey;
import dev.portcullis.spi.HostFacts;
import dev.portcullis.spi.HostFactsContributor;
import java.time.Duration;
import java.util.Set;

/**
 * The host facts the iptables module owns, and how it reads them: the programs of both variants
 * on PATH, and {@code iptables -V} for the version and the variant the plain {@code iptables}
 * names run.
 */
public final class IptablesFacts implements HostFactsContributor {

    /** Which layer the plain {@code iptables} writes to. */
    public static final FactKey<IptablesVariant> VARIANT = FactKey.choice("iptables.variant", IptablesVariant.class);
    /** The line {@code iptables -V} printed, such as "iptables v1.8.9 (nf_tables)". */
    public static final FactKey<String> VERSION = FactKey.text("iptables.version");

    private static final Set<String> TOOLS = Set.of("iptables", "ip6tables", "iptables-save", "ip6tables-save",
            "iptables-restore", "ip6tables-restore", "iptables-legacy", "iptables-nft", "iptables-legacy-save",
            "iptables-legacy-restore", "iptables-nft-save", "iptables-nft-restore", "ip6tables-legacy-save",
            "ip6tables-legacy-restore", "ip6tables-nft-save", "ip6tables-nft-restore", IptablesSettings.IPSET);
    private static final Duration QUICK = Duration.ofSeconds(20);

    /**
     * @param facts the host's facts
     * @return the variant the plain {@code iptables} runs; nf_tables, today's default, when not known
     */
    public static IptablesVariant variantOrDefault(HostFacts facts) {
        return facts.fact(VARIANT).orElse(IptablesVariant.NF_TABLES);
    }

    @Override
    public Set<String> tools() {
        return TOOLS;
    }

    @Override
    public void contribute(CommandRunner runner, HostFacts known, HostFacts.Builder facts) {
        if (!known.hasTool("iptables")) {
            return;
        }
        try {
            CommandResult v = runner.execute(Command.builder("iptables").arg("-V").timeout(QUICK).build());
            if (v.isSuccess()) {
                facts.fact(VERSION, v.stdout().strip()).fact(VARIANT, IptablesVariant.fromVersion(v.stdout()));
            }
        } catch (CommandRunnerException e) {
            // iptables is listed but cannot start: the backend says it lacks the variant
        }
    }
}
