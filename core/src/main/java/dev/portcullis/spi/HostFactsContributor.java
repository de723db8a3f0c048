package dev.portcullis.spi;

import dev.portcullis.exec.CommandRunner;
import java.util.Set;

/**
 * A module's share of {@link HostFacts}: the programs whose presence on PATH it asks about, and
 * the facts it reads itself (through typed {@link FactKey}s it declares). Found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.portcullis.spi.HostFactsContributor}.
 *
 * <p>{@link HostFactsGatherer} first reads what every host has (kernel, os-release, effective
 * user), then looks up the union of every contributor's {@link #tools()} in one {@code which},
 * then lets each contributor add its facts. A backend module contributes the facts its
 * {@link Backend#supports(HostFacts)} needs; core does not know them.
 */
public interface HostFactsContributor {

    /** @return program names whose presence on PATH this module needs to know */
    Set<String> tools();

    /**
     * Reads this module's facts and adds them. Called once per gathering, after the tools on PATH
     * are known. Must change nothing on the host, and must not throw when a program is missing or
     * fails: a fact that cannot be read is simply not added.
     *
     * @param runner reaches the host
     * @param known what is known so far: operating system, distribution, user, tools on PATH
     * @param facts where to add this module's facts ({@link HostFacts.Builder#fact(FactKey, Object)})
     */
    default void contribute(CommandRunner runner, HostFacts known, HostFacts.Builder facts) {
    }
}
